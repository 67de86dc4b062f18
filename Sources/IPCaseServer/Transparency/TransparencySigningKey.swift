import Crypto
public import Foundation
public import IPCaseDomain

/// The key that signs the log's checkpoints: read from `IPCASE_LOG_SIGNING_KEY` (a file), or from the data
/// folder, where it is generated on first start. The file holds the key in the form Go's `note` package
/// writes (`PRIVATE+KEY+<name>+<id>+<base64>`), readable by the owner alone. The key's name is the log's
/// origin, and a generated key's origin ends in the key's own fingerprint: losing the key and generating
/// another starts a new origin, and every checkpoint signed before stays verifiable with the old key.
public enum TransparencySigningKey {
    public static let fileName = "transparency-signing.key"
    /// The origin's first part, when none is configured.
    public static let defaultOriginPrefix = "ipcase.local/transparency"

    public struct Unusable: Error, CustomStringConvertible {
        public let file: String
        public let reason: String
        public var description: String { "the log's signing key in \(file) cannot be used: \(reason)" }
    }

    /// The key from `file` when one is given; otherwise the data folder's, made now when there is none.
    /// `created` says whether it was made now.
    public static func load(file: URL?, dataDirectory: URL, originPrefix: String) throws -> (signer: SignedNote.Signer, created: Bool) {
        if let file { return (try read(file), false) }
        let kept = dataDirectory.appendingPathComponent(fileName)
        if FileManager.default.fileExists(atPath: kept.path) { return (try read(kept), false) }
        let signer = try ephemeral(originPrefix: originPrefix)
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        // Written beside, then moved: a crash never leaves half a key where the next start would read it.
        let partial = dataDirectory.appendingPathComponent(fileName + ".partial")
        guard FileManager.default.createFile(
            atPath: partial.path, contents: Data((signer.encoded + "\n").utf8), attributes: [.posixPermissions: 0o600])
        else { throw Unusable(file: partial.path, reason: "it cannot be written") }
        guard rename(partial.path, kept.path) == 0 else {
            throw Unusable(file: kept.path, reason: "it cannot be written (\(String(cString: strerror(errno))))")
        }
        return (signer, true)
    }

    /// A new key, kept nowhere: its origin is the prefix and the key's fingerprint.
    public static func ephemeral(originPrefix: String) throws -> SignedNote.Signer {
        let key = Curve25519.Signing.PrivateKey()
        let fingerprint = SHA256.hash(data: key.publicKey.rawRepresentation).prefix(4).map { String(format: "%02x", $0) }.joined()
        return try SignedNote.Signer(name: "\(originPrefix)/\(fingerprint)", privateKey: key)
    }

    static func read(_ file: URL) throws -> SignedNote.Signer {
        let text: String
        do { text = try String(contentsOf: file, encoding: .utf8) } catch {
            throw Unusable(file: file.path, reason: "it cannot be read (\(error.localizedDescription))")
        }
        do { return try SignedNote.Signer(encoded: text) } catch {
            throw Unusable(file: file.path, reason: error.description)
        }
    }
}
