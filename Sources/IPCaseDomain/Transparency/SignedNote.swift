public import Crypto
public import Foundation

/// C2SP signed-note (https://c2sp.org/signed-note) with Ed25519 keys: a text that ends in a newline,
/// a blank line, then one line per signature, `— <key name> <base64(key id ‖ signature)>`. The key id is
/// the first 4 bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key), so a verifier picks the right key by
/// name and id, and a signature under another key with the same name is simply not this key's.
public enum SignedNote {
    static let ed25519: UInt8 = 0x01
    static let signaturePrefix = "\u{2014} "

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case malformedKey(String)
        case malformedNote(String)
        case noSignatureByKey(String)
        case badSignature

        public var description: String {
            switch self {
            case let .malformedKey(why): "malformed key: \(why)"
            case let .malformedNote(why): "malformed note: \(why)"
            case let .noSignatureByKey(name): "the note carries no signature by \(name)"
            case .badSignature: "the signature does not verify"
            }
        }
    }

    /// A key that verifies notes: its name, 4-byte id, and Ed25519 public key.
    public struct Verifier: Sendable, Equatable {
        public let name: String
        public let keyID: [UInt8]
        public let publicKey: Curve25519.Signing.PublicKey

        public init(name: String, publicKey: Curve25519.Signing.PublicKey) throws(Failure) {
            guard SignedNote.isValidName(name) else { throw .malformedKey("the name \"\(name)\" is empty or has a space or +") }
            self.name = name
            self.publicKey = publicKey
            keyID = SignedNote.keyID(name: name, publicKey: publicKey)
        }

        /// Reads `<name>+<hex key id>+<base64(0x01 ‖ public key)>`, the form Go's `note` package writes.
        public init(encoded: String) throws(Failure) {
            // At the first two `+` only: base64 has `+` of its own.
            let parts = encoded.trimmingCharacters(in: .whitespacesAndNewlines)
                .split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3, let key = Data(base64Encoded: String(parts[2])), key.count == 33, key.first == SignedNote.ed25519,
                  let publicKey = try? Curve25519.Signing.PublicKey(rawRepresentation: key.dropFirst())
            else { throw .malformedKey("expected name+keyid+base64(0x01 ‖ Ed25519 public key)") }
            try self.init(name: String(parts[0]), publicKey: publicKey)
            guard String(parts[1]) == SignedNote.hex(keyID) else { throw .malformedKey("the key id does not match the key") }
        }

        public static func == (lhs: Verifier, rhs: Verifier) -> Bool {
            lhs.name == rhs.name && lhs.publicKey.rawRepresentation == rhs.publicKey.rawRepresentation
        }

        public var encoded: String {
            "\(name)+\(SignedNote.hex(keyID))+\(Data([SignedNote.ed25519] + publicKey.rawRepresentation).base64EncodedString())"
        }
    }

    /// A key that signs notes.
    public struct Signer: Sendable {
        public let name: String
        public let privateKey: Curve25519.Signing.PrivateKey
        public let verifier: Verifier

        public init(name: String, privateKey: Curve25519.Signing.PrivateKey) throws(Failure) {
            self.name = name
            self.privateKey = privateKey
            verifier = try Verifier(name: name, publicKey: privateKey.publicKey)
        }

        /// Reads `PRIVATE+KEY+<name>+<hex key id>+<base64(0x01 ‖ seed)>`, the form Go's `note` package writes.
        public init(encoded: String) throws(Failure) {
            let text = encoded.trimmingCharacters(in: .whitespacesAndNewlines)
            guard text.hasPrefix("PRIVATE+KEY+") else { throw .malformedKey("a signing key begins with PRIVATE+KEY+") }
            let parts = text.dropFirst("PRIVATE+KEY+".count).split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3, let seed = Data(base64Encoded: String(parts[2])), seed.count == 33, seed.first == SignedNote.ed25519,
                  let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed.dropFirst())
            else { throw .malformedKey("expected PRIVATE+KEY+name+keyid+base64(0x01 ‖ Ed25519 seed)") }
            try self.init(name: String(parts[0]), privateKey: key)
            guard String(parts[1]) == SignedNote.hex(verifier.keyID) else { throw .malformedKey("the key id does not match the key") }
        }

        public var encoded: String {
            "PRIVATE+KEY+\(name)+\(SignedNote.hex(verifier.keyID))+\(Data([SignedNote.ed25519] + privateKey.rawRepresentation).base64EncodedString())"
        }

        /// The note with this key's signature line: `text` must end in a newline.
        public func sign(_ text: String) throws -> String {
            guard text.hasSuffix("\n"), !text.contains("\n\n") else { throw Failure.malformedNote("a note's text ends in one newline and has no blank line") }
            let signature = try privateKey.signature(for: Data(text.utf8))
            let blob = Data(verifier.keyID + Array(signature)).base64EncodedString()
            return text + "\n" + SignedNote.signaturePrefix + name + " " + blob + "\n"
        }
    }

    /// The note's text, once `verifier`'s signature on it checks; other keys' signatures are ignored.
    public static func open(_ note: String, verifier: Verifier) throws(Failure) -> String {
        guard let split = note.range(of: "\n\n") else { throw .malformedNote("no blank line before the signatures") }
        let text = String(note[..<split.lowerBound]) + "\n"
        let signatures = note[split.upperBound...]
        guard signatures.hasSuffix("\n") else { throw .malformedNote("the signatures do not end in a newline") }
        for line in signatures.dropLast().split(separator: "\n", omittingEmptySubsequences: false) {
            guard line.hasPrefix(signaturePrefix) else { throw .malformedNote("a signature line begins with an em dash and a space") }
            let fields = line.dropFirst(signaturePrefix.count).split(separator: " ", omittingEmptySubsequences: false)
            guard fields.count == 2, let blob = Data(base64Encoded: String(fields[1])), blob.count > 4 else {
                throw .malformedNote("a signature line is `— name base64`")
            }
            guard String(fields[0]) == verifier.name, Array(blob.prefix(4)) == verifier.keyID else { continue }
            guard verifier.publicKey.isValidSignature(blob.dropFirst(4), for: Data(text.utf8)) else { throw .badSignature }
            return text
        }
        throw .noSignatureByKey(verifier.name)
    }

    static func keyID(name: String, publicKey: Curve25519.Signing.PublicKey) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: Array(name.utf8) + [0x0A, ed25519])
        hasher.update(data: publicKey.rawRepresentation)
        return Array(hasher.finalize().prefix(4))
    }

    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && !name.contains("+") && !name.unicodeScalars.contains { CharacterSet.whitespacesAndNewlines.contains($0) }
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }
}
