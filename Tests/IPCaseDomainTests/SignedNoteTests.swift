import Crypto
import Foundation
import IPCaseDomain
import Testing

/// C2SP signed notes, checked against the example of Go's golang.org/x/mod/sumdb/note (BSD-3-Clause),
/// which Ed25519's determinism lets us reproduce byte for byte.
@Suite("Signed notes and checkpoints")
struct SignedNoteTests {
    static let goSigner = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
    static let goVerifier = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
    static let goText = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n"
    static let goNote = goText
        + "\n\u{2014} PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"

    @Test("Go's example key, its id and its signature, byte for byte")
    func goExample() throws {
        let signer = try SignedNote.Signer(encoded: Self.goSigner)
        #expect(signer.verifier.encoded == Self.goVerifier)
        #expect(signer.encoded == Self.goSigner)
        #expect(try signer.sign(Self.goText) == Self.goNote)
        #expect(try SignedNote.open(Self.goNote, verifier: SignedNote.Verifier(encoded: Self.goVerifier)) == Self.goText)
    }

    @Test("a changed text, another key, or a key of the same name but another id does not open the note")
    func refusals() throws {
        let verifier = try SignedNote.Verifier(encoded: Self.goVerifier)
        let changed = Self.goNote.replacingOccurrences(of: "problem,", with: "problems,")
        #expect(throws: SignedNote.Failure.badSignature) { try SignedNote.open(changed, verifier: verifier) }
        let impostor = try SignedNote.Signer(name: "PeterNeumann", privateKey: Curve25519.Signing.PrivateKey())
        #expect(throws: SignedNote.Failure.noSignatureByKey("PeterNeumann")) {
            try SignedNote.open(try impostor.sign(Self.goText), verifier: verifier)
        }
        #expect(throws: SignedNote.Failure.self) { try SignedNote.open(Self.goText, verifier: verifier) }
        #expect(throws: SignedNote.Failure.self) { try SignedNote.Verifier(encoded: "PeterNeumann+00000000+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW") }
        #expect(throws: SignedNote.Failure.self) { try SignedNote.Signer(name: "two words", privateKey: Curve25519.Signing.PrivateKey()) }
    }

    @Test("keys read back as they were written, whatever their base64 holds")
    func keysRoundTrip() throws {
        // Base64 has + and / of its own; only the first two + of a key separate its fields.
        for _ in 0..<64 {
            let signer = try SignedNote.Signer(name: "ipcase.test/log", privateKey: Curve25519.Signing.PrivateKey())
            let read = try SignedNote.Signer(encoded: signer.encoded)
            #expect(read.privateKey.rawRepresentation == signer.privateKey.rawRepresentation)
            #expect(try SignedNote.Verifier(encoded: signer.verifier.encoded) == signer.verifier)
        }
    }

    @Test("a checkpoint is signed as C2SP tlog-checkpoint says, and read back only with its origin's key")
    func checkpoint() throws {
        let signer = try SignedNote.Signer(name: "ipcase.test/log", privateKey: Curve25519.Signing.PrivateKey())
        let root = MerkleHash.leaf(Array("x".utf8))
        let checkpoint = Checkpoint(origin: "ipcase.test/log", size: 42, root: root)
        #expect(checkpoint.text == "ipcase.test/log\n42\n\(Data(root).base64EncodedString())\n")
        let note = try signer.sign(checkpoint.text)
        #expect(try Checkpoint(signed: note, verifier: signer.verifier) == checkpoint)

        let other = try SignedNote.Signer(name: "elsewhere/log", privateKey: Curve25519.Signing.PrivateKey())
        #expect(throws: SignedNote.Failure.self) {
            try Checkpoint(signed: try other.sign(checkpoint.text), verifier: other.verifier)
        }
        #expect(throws: SignedNote.Failure.self) { try Checkpoint(text: "ipcase.test/log\n042\n\(Data(root).base64EncodedString())\n") }
    }
}
