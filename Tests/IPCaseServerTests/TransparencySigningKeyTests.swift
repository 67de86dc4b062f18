import Crypto
import Foundation
import IPCaseDomain
import Testing
@testable import IPCaseServer

/// The key that signs checkpoints: made once in the data folder and read back on every later start, or read
/// from the file a deployment gives; a file that holds no key stops the start, naming it.
@Suite("Transparency signing key")
struct TransparencySigningKeyTests {
    static func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ipcase-key-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test("made on first start, owner-only, and the same key on every later start; its origin ends in its fingerprint")
    func madeOnceAndKept() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (made, created) = try TransparencySigningKey.load(file: nil, dataDirectory: folder, originPrefix: "test.example/log")
        #expect(created)
        #expect(made.name.hasPrefix("test.example/log/") && made.name.count == "test.example/log/".count + 8)
        let file = folder.appendingPathComponent(TransparencySigningKey.fileName)
        let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        for _ in 0..<3 {
            let (again, createdAgain) = try TransparencySigningKey.load(file: nil, dataDirectory: folder, originPrefix: "other/log")
            #expect(!createdAgain)
            #expect(again.verifier == made.verifier)
        }
        #expect(!FileManager.default.fileExists(atPath: file.path + ".partial"))
    }

    @Test("IPCASE_LOG_SIGNING_KEY's file is used as it is; a file without a key is refused, naming it")
    func givenFile() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let signer = try SignedNote.Signer(name: "given.example/log", privateKey: Curve25519.Signing.PrivateKey())
        let file = folder.appendingPathComponent("given.key")
        try Data((signer.encoded + "\n").utf8).write(to: file)
        let (loaded, created) = try TransparencySigningKey.load(file: file, dataDirectory: folder, originPrefix: "ignored")
        #expect(!created && loaded.verifier == signer.verifier)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent(TransparencySigningKey.fileName).path))

        try Data("not a key\n".utf8).write(to: file)
        #expect {
            try TransparencySigningKey.load(file: file, dataDirectory: folder, originPrefix: "ignored")
        } throws: { error in
            (error as? TransparencySigningKey.Unusable)?.file == file.path
        }
    }
}
