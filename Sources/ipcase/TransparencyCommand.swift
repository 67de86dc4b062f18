import ArgumentParser
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import IPCaseDomain

/// What anyone can check of the service's transparency log, with its verifier key and nothing else: no
/// database, no account.
struct TransparencyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transparency",
        abstract: "Check receipts and checkpoints of the transparency log, offline or against a server.",
        subcommands: [VerifyReceipt.self, VerifyConsistency.self]
    )

    struct VerifyReceipt: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify-receipt",
            abstract: "Check a receipt offline: its checkpoint's signature, and that its entry is in the signed tree.",
            discussion: """
                A receipt comes from GET /v1/cases/{id}/events/{seq}/receipt or /v1/public/credit/{code}/receipt
                (one of its `receipts`). KEY is the log's verifier key (GET /v1/transparency/key, or printed when the
                server starts), or a file holding it. With --content-hash, the receipt must be for that hash (an
                event's `hash` from GET /v1/cases/{id}/events, in hex). Exits 0 when the receipt holds, 1 when not.
                """
        )

        @Argument(help: "The receipt, a JSON file (- reads standard input).")
        var file: String

        @Option(help: "The log's verifier key, or a file holding it.")
        var key: String

        @Option(help: "The SHA-256 the entry must commit to, in hex (an event's hash).")
        var contentHash: String?

        func run() throws {
            let verifier = try TransparencyInput.verifier(key)
            let data = try TransparencyInput.read(file)
            let receipt: TransparencyReceipt
            do { receipt = try JSONDecoder().decode(TransparencyReceipt.self, from: data) } catch {
                throw ValidationError("\(file) is not a receipt: \(error)")
            }
            var expected: [UInt8]?
            if let contentHash {
                guard let bytes = TransparencyInput.hex(contentHash), bytes.count == 32 else {
                    throw ValidationError("--content-hash takes 64 hex digits")
                }
                expected = bytes
            }
            do {
                let checkpoint = try receipt.verify(with: verifier, expectedContentHash: expected)
                print("OK: \(receipt.entry) is leaf \(receipt.leafIndex) of the tree of \(checkpoint.size) signed by \(checkpoint.origin)")
            } catch {
                print("NOT VERIFIED: \(error)")
                throw ExitCode(1)
            }
        }
    }

    struct VerifyConsistency: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify-consistency",
            abstract: "Check that a newer checkpoint's tree extends an older one's, with the server's consistency proof.",
            discussion: """
                OLD and NEW are signed checkpoints kept from GET /v1/transparency/checkpoint (files). Both signatures
                are checked with KEY, the proof is fetched from URL/v1/transparency/proofs/consistency and checked
                here: a server that rewrote any entry of the older tree cannot produce one. Exits 0 when the newer
                tree extends the older, 1 when not.
                """
        )

        @Argument(help: "The older signed checkpoint (a file).")
        var old: String

        @Argument(help: "The newer signed checkpoint (a file).")
        var new: String

        @Option(help: "The server's address, e.g. http://127.0.0.1:8080.")
        var url: String

        @Option(help: "The log's verifier key, or a file holding it.")
        var key: String

        func run() async throws {
            let verifier = try TransparencyInput.verifier(key)
            func open(_ file: String) throws -> Checkpoint {
                let text = String(decoding: try TransparencyInput.read(file), as: UTF8.self)
                do { return try Checkpoint(signed: text, verifier: verifier) } catch {
                    print("NOT VERIFIED: \(file): \(error)")
                    throw ExitCode(1)
                }
            }
            let older = try open(old), newer = try open(new)
            if older.size == 0, older.root == MerkleHash.emptyRoot {
                print("OK: every tree extends the empty tree (\(newer.origin), \(newer.size) leaves)")
                return
            }
            guard let base = URL(string: url), base.scheme == "http" || base.scheme == "https" else {
                throw ValidationError("--url takes an http(s) address")
            }
            let address = base.appendingPathComponent("v1/transparency/proofs/consistency")
            var components = URLComponents(url: address, resolvingAgainstBaseURL: false)!
            components.queryItems = [.init(name: "from", value: "\(older.size)"), .init(name: "to", value: "\(newer.size)")]
            let (data, response) = try await URLSession.shared.data(from: components.url!)
            guard (response as? HTTPURLResponse)?.statusCode == 200 else {
                print("NOT VERIFIED: the server gave no proof (\(String(decoding: data, as: UTF8.self)))")
                throw ExitCode(1)
            }
            struct Proof: Decodable { let proof: [String] }
            let proof = try JSONDecoder().decode(Proof.self, from: data).proof.map { Data(base64Encoded: $0).map(Array.init) ?? [] }
            do {
                try MerkleVerification.verifyConsistency(
                    oldSize: older.size, newSize: newer.size, oldRoot: older.root, newRoot: newer.root, proof: proof)
                print("OK: the tree of \(newer.size) extends the tree of \(older.size) (\(newer.origin))")
            } catch {
                print("NOT VERIFIED: the tree of \(newer.size) does not extend the tree of \(older.size): \(error)")
                throw ExitCode(1)
            }
        }
    }
}

/// Reading what the transparency commands are given.
enum TransparencyInput {
    static func read(_ file: String) throws -> Data {
        if file == "-" { return FileHandle.standardInput.readDataToEndOfFile() }
        guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("\(file) cannot be read") }
        return data
    }

    /// The key itself, or a file that holds it.
    static func verifier(_ key: String) throws -> SignedNote.Verifier {
        let text = FileManager.default.fileExists(atPath: key) ? String(decoding: try read(key), as: UTF8.self) : key
        do { return try SignedNote.Verifier(encoded: text) } catch { throw ValidationError("--key: \(error)") }
    }

    static func hex(_ text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        for pair in stride(from: 0, to: digits.count, by: 2) {
            guard let byte = UInt8(String(decoding: digits[pair...pair + 1], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(byte)
        }
        return bytes
    }
}
