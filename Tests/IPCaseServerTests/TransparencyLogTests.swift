import Crypto
import HTTPTypes
import HummingbirdTesting
import Foundation
import IPCaseDomain
import NIOCore
import PostgresNIO
import Testing
@testable import IPCaseServer

/// The transparency log through the real application: receipts that verify offline with nothing but the
/// public key, proofs over a tree of 10,000 leaves, shredding, tampering found, and no fork when two servers
/// share the database.
@Suite("Transparency log")
struct TransparencyLogTests {
    typealias W = CaseWorld

    static func verifier(_ world: CaseWorld) async throws -> SignedNote.Verifier {
        let response = try await world.client.call(.get, "/v1/transparency/key", token: nil)
        #expect(response.status == .ok)
        return try SignedNote.Verifier(encoded: response.text)
    }

    static func receipt(_ response: TestResponse) throws -> TransparencyReceipt {
        guard response.status == .ok else { throw TestFailure("no receipt: \(response.status) \(response.text)") }
        return try JSONDecoder().decode(TransparencyReceipt.self, from: Data(response.body.readableBytesView))
    }

    /// Runs scripts/verify-receipt.py on a receipt; its exit status and what it printed.
    static func python(receipt: String, key: String, contentHash: String) throws -> (status: Int32, output: String) {
        let file = try temporary(receipt)
        defer { try? FileManager.default.removeItem(at: file) }
        return try run("/usr/bin/env", [
            "python3", TestPostgres.projectFiles.root.appendingPathComponent("scripts/verify-receipt.py").path, file.path,
            "--key", key, "--content-hash", contentHash,
        ])
    }

    static func temporary(_ text: String) throws -> URL {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("transparency-\(UUID())")
        try Data(text.utf8).write(to: file)
        return file
    }

    /// A program's exit status and what it printed.
    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    @Test("a case event's receipt verifies offline, for that event's hash only, and only its readers get it")
    func caseEventReceipt() async throws {
        try await W.run { world in
            let id = try await world.inMediation()
            let verifier = try await Self.verifier(world)
            let events = try await world.events(id)
            for event in events {
                let seq = event["seq"] as? Int ?? 0
                let receipt = try Self.receipt(
                    try await world.client.call(.get, "/v1/cases/\(id)/events/\(seq)/receipt", token: world.token(W.complainant)))
                let hash = [UInt8](hex: event["hash"] as? String ?? "") ?? []
                let checkpoint = try receipt.verify(with: verifier, expectedContentHash: hash)
                #expect(checkpoint.origin == verifier.name)
                #expect(receipt.kind == "event" && receipt.entry == "case/\(id)/\(seq)")
                // The same receipt does not vouch for another event's hash.
                #expect(throws: TransparencyReceipt.Failure.contentDiffers) {
                    try receipt.verify(with: verifier, expectedContentHash: Array(repeating: 7, count: 32))
                }
                // A receipt whose proof was tampered with fails.
                var forged = receipt
                forged.leafIndex = receipt.leafIndex == 0 ? 1 : 0
                #expect(throws: TransparencyReceipt.Failure.self) { try forged.verify(with: verifier) }
            }
            // A partner without Swift checks the same receipt with Python's standard library and `cryptography`.
            let last = try await world.client.call(.get, "/v1/cases/\(id)/events/\(events.count)/receipt", token: world.token(W.complainant))
            let hash = events.last?["hash"] as? String ?? ""
            #expect(try Self.python(receipt: last.text, key: verifier.encoded, contentHash: hash).status == 0)
            let refused = try Self.python(receipt: last.text, key: verifier.encoded, contentHash: String(repeating: "0", count: 64))
            #expect(refused.status == 1 && refused.output.contains("NOT VERIFIED"))

            // Someone who may not read the case gets no receipt, and a sequence beyond the chain has none.
            let outsider = try await world.client.call(.get, "/v1/cases/\(id)/events/1/receipt", token: world.token(W.outsider))
            #expect(outsider.status == .notFound || outsider.status == .forbidden)
            let beyond = try await world.client.call(
                .get, "/v1/cases/\(id)/events/\(events.count + 1)/receipt", token: world.token(W.complainant))
            #expect(beyond.status == .notFound)
        }
    }

    @Test("the ipcase CLI checks a receipt offline, and that a newer checkpoint extends an older one against the server")
    func commandLine() async throws {
        try await W.run { world in
            let key = try await Self.verifier(world).encoded
            let first = try await world.file()
            let receipt = try await world.client.call(.get, "/v1/cases/\(first)/events/1/receipt", token: world.token(W.complainant))
            let hash = try #require(try await world.events(first).first?["hash"] as? String)
            let file = try Self.temporary(receipt.text)
            let ipcase = SeveralInstancesTests.binary
            var result = try Self.run(ipcase, ["transparency", "verify-receipt", file.path, "--key", key, "--content-hash", hash])
            #expect(result.status == 0 && result.output.hasPrefix("OK"), "\(result.output)")
            result = try Self.run(ipcase, [
                "transparency", "verify-receipt", file.path, "--key", key, "--content-hash", String(repeating: "ab", count: 32),
            ])
            #expect(result.status == 1 && result.output.contains("NOT VERIFIED"), "\(result.output)")

            // Keep today's checkpoint; the log grows and a newer one is signed (a receipt asks for it).
            let old = try Self.temporary(try await world.client.call(.get, "/v1/transparency/checkpoint", token: nil).text)
            let second = try await world.file()
            _ = try await world.client.call(.get, "/v1/cases/\(second)/events/1/receipt", token: world.token(W.complainant))
            let new = try Self.temporary(try await world.client.call(.get, "/v1/transparency/checkpoint", token: nil).text)
            let url = "http://127.0.0.1:\(try #require(world.client.port))"
            result = try Self.run(ipcase, ["transparency", "verify-consistency", old.path, new.path, "--url", url, "--key", key])
            #expect(result.status == 0 && result.output.hasPrefix("OK"), "\(result.output)")
            // Backwards, or with a checkpoint whose root was changed, it fails.
            result = try Self.run(ipcase, ["transparency", "verify-consistency", new.path, old.path, "--url", url, "--key", key])
            #expect(result.status == 1, "\(result.output)")
            let forged = try Self.temporary(try String(contentsOf: new, encoding: .utf8).replacingOccurrences(of: "\n\n", with: "\nx\n\n"))
            result = try Self.run(ipcase, ["transparency", "verify-consistency", old.path, forged.path, "--url", url, "--key", key])
            #expect(result.status == 1 && result.output.contains("NOT VERIFIED"), "\(result.output)")
        }
    }

    @Test("a shredded entry has no receipt, and an old receipt with its salt gone proves nothing")
    func shredding() async throws {
        try await W.run { world in
            let id = try await world.file()
            let verifier = try await Self.verifier(world)
            let path = "/v1/cases/\(id)/events/1/receipt"
            let receipt = try Self.receipt(try await world.client.call(.get, path, token: world.token(W.complainant)))
            try receipt.verify(with: verifier)
            // The service may delete a salt, and nothing else of an entry.
            try await world.database.query(
                "UPDATE transparency_entries SET salt = NULL WHERE entry = \("case/\(id)/1")", logger: TestPostgres.logger)
            await #expect(throws: (any Error).self) {
                try await world.database.query(
                    "UPDATE transparency_entries SET commitment = sha256('x'::bytea) WHERE entry = \("case/\(id)/1")",
                    logger: TestPostgres.logger)
            }
            let gone = try await world.client.call(.get, path, token: world.token(W.complainant))
            #expect(gone.status == .gone)
            #expect(try gone.json()["type"] as? String == "urn:ipcase:problem:shredded")

            var shredded = receipt
            shredded.salt = nil
            #expect(throws: TransparencyReceipt.Failure.shredded) { try shredded.verify(with: verifier) }
            // Nor does a guessed salt link the content to the leaf.
            shredded.salt = Data(repeating: 0, count: 16).base64EncodedString()
            #expect(throws: TransparencyReceipt.Failure.self) { try shredded.verify(with: verifier) }
        }
    }

    @Test("the public list's receipt proves the published entry offline; repaired, the record's entries are shredded")
    func publicCreditReceipt() async throws {
        try await W.run { world in
            let verifier = try await Self.verifier(world)
            let record = try await CreditApplicationTests.record(world, date: "2026-01-20", kind: "5", tier: "general", months: 6)
            let path = "/v1/public/credit/\(W.respondentCode)/receipt"
            let response = try await world.client.call(.get, path, token: nil)
            guard response.status == .ok else { throw TestFailure("receipt: \(response.status) \(response.text)") }
            struct Receipts: Decodable { let creditCode: String; let receipts: [TransparencyReceipt] }
            let body = try JSONDecoder().decode(Receipts.self, from: Data(response.body.readableBytesView))
            let receipt = try #require(body.receipts.first)
            #expect(body.receipts.count == 1 && receipt.kind == "credit-feed")
            try receipt.verify(with: verifier)
            // The content is the feed entry as partners see it, and a changed content no longer matches.
            let content = try #require(receipt.content)
            #expect(content.contains(record) && content.contains(W.respondentCode))
            var altered = receipt
            altered.content = content.replacingOccurrences(of: W.respondentCode, with: "91440300000000000X")
            #expect(throws: TransparencyReceipt.Failure.contentDiffers) { try altered.verify(with: verifier) }

            // Repaired: removed from the list, and every feed entry of the record shredded with it.
            #expect(try await CreditApplicationTests.repaired(world, record).status == .ok)
            #expect(try await world.client.call(.get, path, token: nil).status == .notFound)
            let rows = try await world.database.query(
                """
                SELECT count(*) FILTER (WHERE t.salt IS NULL), count(*) FROM credit_feed f
                JOIN transparency_entries t ON t.entry = 'credit-feed/' || f.seq WHERE f.record_id = \(UUID(uuidString: record)!)
                """, logger: TestPostgres.logger)
            for try await (shredded, all) in rows.decode((Int, Int).self) {
                #expect(all >= 2 && shredded == all)
            }
            // The log stays whole: every shredded entry keeps its leaf.
            _ = try await TransparencyTree(database: world.database).integrate(logger: TestPostgres.logger)
            let report = try await TransparencyVerification.verify(on: world.database, logger: TestPostgres.logger)
            #expect(report.isIntact, "\(report.problems)")
        }
    }

    @Test("10,000 leaves: inclusion proofs of random leaves and consistency proofs between random sizes verify")
    func tenThousandLeaves() async throws {
        let signer = try SignedNote.Signer(name: "ipcase.test/log", privateKey: Curve25519.Signing.PrivateKey())
        try await W.run(adjust: { $0.transparencySigner = signer }) { world in
            let verifier = try await Self.verifier(world)
            #expect(verifier == signer.verifier)
            // The server's own log, to sign on demand as its interval would.
            let log = TransparencyLog(database: world.database, signer: signer, clock: world.clock)
            func checkpoint() async throws -> Checkpoint {
                try Checkpoint(signed: try await log.sign(logger: TestPostgres.logger).note, verifier: verifier)
            }
            // Entries enter as audit rows do, 3,000 then 7,000, with a checkpoint after each part.
            func add(_ count: Int, from first: Int) async throws {
                try await world.database.query(
                    """
                    INSERT INTO transparency_entries (kind, entry, content_hash, salt, commitment)
                    SELECT 'audit', 'test/' || g, sha256(g::text::bytea), s, sha256(s || sha256(g::text::bytea))
                    FROM (SELECT g, uuid_send(gen_random_uuid()) AS s FROM generate_series(\(first), \(first + count - 1)) g) x
                    """, logger: TestPostgres.logger)
            }
            let before = try await checkpoint()
            try await add(3_000, from: 1)
            _ = try await checkpoint()
            try await add(7_000, from: 3_001)
            let latest = try await checkpoint()
            // What anyone fetches is the latest checkpoint signed.
            let served = try await world.client.call(.get, "/v1/transparency/checkpoint", token: nil)
            #expect(try Checkpoint(signed: served.text, verifier: verifier) == latest)
            #expect(served.headers[.contentType]?.hasPrefix("text/plain") == true)

            // The leaves as the stored entries give them, and the roots of every size rebuilt from them.
            var leaves: [[UInt8]] = []
            let rows = try await world.database.query(
                "SELECT commitment FROM transparency_entries WHERE leaf_index IS NOT NULL ORDER BY leaf_index", logger: TestPostgres.logger)
            for try await commitment in rows.decode(ByteBuffer.self) { leaves.append(MerkleHash.leaf(Array(commitment.readableBytesView))) }
            #expect(leaves.count >= 10_000 + Int(before.size))
            var roots: [[UInt8]] = [MerkleHash.emptyRoot]
            var frontier = MerkleFrontier()
            for leaf in leaves { frontier.append(leafHash: leaf); roots.append(frontier.root) }
            let size = UInt64(leaves.count)

            var generator = SystemRandomNumberGenerator()
            for _ in 0..<25 {
                let treeSize = UInt64.random(in: 1...size, using: &generator)
                let leaf = UInt64.random(in: 0..<treeSize, using: &generator)
                let response = try await world.client.call(
                    .get, "/v1/transparency/proofs/inclusion?leaf=\(leaf)&size=\(treeSize)", token: nil)
                let body = try response.json()
                let proof = (body["proof"] as? [String] ?? []).map { Array(Data(base64Encoded: $0) ?? Data()) }
                try MerkleVerification.verifyInclusion(
                    index: leaf, size: treeSize, leafHash: leaves[Int(leaf)], proof: proof, root: roots[Int(treeSize)])
                #expect(response.headers[.cacheControl]?.contains("immutable") == true)
            }
            for _ in 0..<25 {
                let to = UInt64.random(in: 1...size, using: &generator)
                let from = UInt64.random(in: 1...to, using: &generator)
                let body = try await world.client.call(.get, "/v1/transparency/proofs/consistency?from=\(from)&to=\(to)", token: nil).json()
                let proof = (body["proof"] as? [String] ?? []).map { Array(Data(base64Encoded: $0) ?? Data()) }
                try MerkleVerification.verifyConsistency(
                    oldSize: from, newSize: to, oldRoot: roots[Int(from)], newRoot: roots[Int(to)], proof: proof)
            }
            // The signed checkpoint is the rebuilt tree, and extends the one signed before the entries came.
            let after = latest
            #expect(after.size == size && after.root == roots[Int(size)])
            let body = try await world.client.call(
                .get, "/v1/transparency/proofs/consistency?from=\(before.size)&to=\(after.size)", token: nil).json()
            try MerkleVerification.verifyConsistency(
                oldSize: before.size, newSize: after.size, oldRoot: before.root, newRoot: after.root,
                proof: (body["proof"] as? [String] ?? []).map { Array(Data(base64Encoded: $0) ?? Data()) })

            // Sizes beyond the tree, and a leaf beyond its size, are refused and named.
            let beyond = try await world.client.call(.get, "/v1/transparency/proofs/inclusion?leaf=0&size=\(size + 1)", token: nil)
            #expect(beyond.status == .badRequest)
            #expect(beyond.text.contains("size"))
            let leafBeyond = try await world.client.call(.get, "/v1/transparency/proofs/inclusion?leaf=5&size=5", token: nil)
            #expect(leafBeyond.status == .badRequest && leafBeyond.text.contains("leaf"))
            let backwards = try await world.client.call(.get, "/v1/transparency/proofs/consistency?from=9&to=3", token: nil)
            #expect(backwards.status == .badRequest && backwards.text.contains("from"))
        }
    }

    @Test("audit verify finds an altered event, a chain rewritten with recomputed hashes, and a removed leaf")
    func tamperingFound() async throws {
        try await W.run { world in
            let altered = try await world.inMediation()
            let rewritten = try await world.inMediation()
            _ = try await world.client.call(.get, "/v1/transparency/checkpoint", token: nil)
            var report = try await TransparencyVerification.verify(on: world.database, logger: TestPostgres.logger)
            #expect(report.isIntact, "\(report.problems)")
            #expect(report.leaves > 0 && report.checkpoints == 1)

            try await TestPostgres.shared.asOwner(world.database) { owner in try await owner.withConnection { connection in
                try await connection.query("ALTER TABLE events DISABLE TRIGGER events_append_only", logger: TestPostgres.logger)
                // An event altered in place.
                try await connection.query(
                    "UPDATE events SET payload = '{\"note\": \"changed\"}' WHERE subject_id = \(UUID(uuidString: altered)!) AND seq = 1",
                    logger: TestPostgres.logger)
                // A whole chain rewritten, every hash recomputed and its head moved along: the chain itself verifies.
                let rows = try await connection.query(
                    """
                    SELECT seq, (extract(epoch FROM at) * 1000000)::int8, actor_user_id, actor_organization_id, action,
                           from_state, to_state, payload::text FROM events
                    WHERE subject_type = 'case' AND subject_id = \(UUID(uuidString: rewritten)!) ORDER BY seq
                    """, logger: TestPostgres.logger)
                var previous = ChainedEvent.genesisHash
                var chain: [ChainedEvent] = []
                for try await (seq, at, user, organization, action, from, to, payload) in rows.decode(
                    (Int, Int64, UUID?, UUID?, String, String?, String?, String).self) {
                    var value = try JSONDecoder().decode(JSONValue.self, from: Data(payload.utf8))
                    if seq == 1, case .object(var fields) = value { fields["rewritten"] = .bool(true); value = .object(fields) }
                    let event = ChainedEvent(
                        subjectType: "case", subjectId: UUID(uuidString: rewritten)!, seq: seq, atMicroseconds: at,
                        actorUserId: user, actorOrganizationId: organization, action: action, fromState: from, toState: to,
                        payload: value, prevHash: previous).sealed()
                    previous = event.hash
                    chain.append(event)
                }
                for event in chain {
                    try await connection.query(
                        """
                        UPDATE events SET payload = \(String(decoding: CanonicalJSON.encode(event.payload), as: UTF8.self))::jsonb,
                               prev_hash = \(ByteBuffer(bytes: event.prevHash)), hash = \(ByteBuffer(bytes: event.hash))
                        WHERE subject_type = 'case' AND subject_id = \(event.subjectId) AND seq = \(event.seq)
                        """, logger: TestPostgres.logger)
                }
                try await connection.query("ALTER TABLE chain_heads DISABLE TRIGGER chain_heads_forward", logger: TestPostgres.logger)
                try await connection.query(
                    "UPDATE chain_heads SET last_hash = \(ByteBuffer(bytes: previous)) WHERE subject_id = \(UUID(uuidString: rewritten)!)",
                    logger: TestPostgres.logger)
                try await connection.query("ALTER TABLE chain_heads ENABLE TRIGGER chain_heads_forward", logger: TestPostgres.logger)
                try await connection.query("ALTER TABLE events ENABLE TRIGGER events_append_only", logger: TestPostgres.logger)
            } }
            // The altered event breaks its chain; the rewritten chain holds by its own hashes, and only the log,
            // which committed to the old ones, finds it.
            let alteredNumber = try await world.read(altered)["number"] as? String ?? ""
            let chains = try await ChainVerification.verify(nil, on: world.database, logger: TestPostgres.logger)
            #expect(chains.breaks.count == 1)
            #expect(chains.breaks.first?.subject == "case \(alteredNumber)")
            report = try await TransparencyVerification.verify(on: world.database, logger: TestPostgres.logger)
            #expect(report.problems.contains { $0.hasPrefix("case/\(rewritten)/1 is not what") })
            #expect(!report.problems.contains { $0.hasPrefix("case/\(altered)/") })

            // A leaf removed (its entry and its node), as someone hiding an event entirely would.
            try await TestPostgres.shared.asOwner(world.database) { owner in try await owner.withConnection { connection in
                try await connection.query("ALTER TABLE transparency_entries DISABLE TRIGGER transparency_entries_changes", logger: TestPostgres.logger)
                try await connection.query("ALTER TABLE transparency_nodes DISABLE TRIGGER transparency_nodes_append_only", logger: TestPostgres.logger)
                try await connection.query("DELETE FROM transparency_entries WHERE leaf_index = 2", logger: TestPostgres.logger)
                try await connection.query("DELETE FROM transparency_nodes WHERE level = 0 AND index = 2", logger: TestPostgres.logger)
            } }
            report = try await TransparencyVerification.verify(on: world.database, logger: TestPostgres.logger)
            #expect(report.problems.contains { $0.contains("leaf 2 is missing") })
            #expect(report.problems.contains { $0.contains("has no entry") })
        }
    }

    @Test("the server refuses to sign a tree inconsistent with its last checkpoint")
    func refusesInconsistentCheckpoint() async throws {
        try await W.run { world in
            _ = try await world.file()
            _ = try await world.client.call(.get, "/v1/transparency/checkpoint", token: nil)
            // A rewritten leaf, and the tree's row rewritten to match: the stored tree no longer extends what was signed.
            try await TestPostgres.shared.asOwner(world.database) { owner in try await owner.withConnection { connection in
                try await connection.query("ALTER TABLE transparency_nodes DISABLE TRIGGER transparency_nodes_append_only", logger: TestPostgres.logger)
                try await connection.query("DELETE FROM transparency_nodes WHERE level > 0", logger: TestPostgres.logger)
                try await connection.query(
                    "UPDATE transparency_nodes SET hash = sha256('forged'::bytea) WHERE level = 0 AND index = 0", logger: TestPostgres.logger)
            } }
            let tree = TransparencyTree(database: world.database)
            let (size, _) = try await world.database.transaction(logger: TestPostgres.logger) { connection in
                let state = try await tree.lockedState(on: connection, logger: TestPostgres.logger)
                return (state.size, state.root)
            }
            // Rebuild the inner nodes and the row from the forged leaves, as a careful forger would.
            var frontier = MerkleFrontier()
            var inner: [(MerkleNode, [UInt8])] = []
            let rows = try await world.database.query(
                "SELECT hash FROM transparency_nodes WHERE level = 0 ORDER BY index", logger: TestPostgres.logger)
            for try await hash in rows.decode(ByteBuffer.self) {
                inner += frontier.append(leafHash: Array(hash.readableBytesView)).dropFirst().map { ($0.node, $0.hash) }
            }
            #expect(frontier.size == size)
            let (nodes, root) = (inner, frontier.root)
            try await TestPostgres.shared.asOwner(world.database) { owner in
                for (node, hash) in nodes {
                    try await owner.query(
                        "INSERT INTO transparency_nodes VALUES (\(Int16(node.level)), \(Int64(node.index)), \(ByteBuffer(bytes: hash)))",
                        logger: TestPostgres.logger)
                }
                try await owner.query("UPDATE transparency_tree SET root = \(ByteBuffer(bytes: root))", logger: TestPostgres.logger)
            }
            _ = try await world.file()  // the tree grows past the forged part
            let log = TransparencyLog(
                database: world.database, signer: try SignedNote.Signer(name: "test/log", privateKey: Curve25519.Signing.PrivateKey()),
                clock: world.clock)
            await #expect(throws: TransparencyLog.InconsistentTree.self) { try await log.sign(logger: TestPostgres.logger) }
            let count = try await world.database.query("SELECT count(*) FROM transparency_checkpoints", logger: TestPostgres.logger)
            for try await signed in count.decode(Int.self) { #expect(signed == 1) }
        }
    }

    @Test("two servers on one database integrate and sign concurrently without forking the tree")
    func twoServers() async throws {
        try await W.run { world in
            let first = TransparencyLog(
                database: world.database, signer: try SignedNote.Signer(name: "one/log", privateKey: Curve25519.Signing.PrivateKey()),
                clock: world.clock)
            let second = TransparencyLog(
                database: world.database, signer: try SignedNote.Signer(name: "two/log", privateKey: Curve25519.Signing.PrivateKey()),
                clock: world.clock)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for k in 0..<8 {
                    group.addTask { _ = try await world.file() }
                    group.addTask { try await (k % 2 == 0 ? first : second).sign(logger: TestPostgres.logger) }
                }
                try await group.waitForAll()
            }
            try await first.sign(logger: TestPostgres.logger)
            try await second.sign(logger: TestPostgres.logger)
            // Every leaf index given once, and every checkpoint, by either key, a prefix of one tree.
            let report = try await TransparencyVerification.verify(on: world.database, logger: TestPostgres.logger)
            #expect(report.isIntact, "\(report.problems)")
            #expect(report.queued == 0)
            let signed = try await first.checkpoints(afterID: 0, largerThan: 0, limit: 100, logger: TestPostgres.logger)
            #expect(signed.count >= 2)
            for (older, newer) in zip(signed, signed.dropFirst()) where older.treeSize > 0 {
                #expect(older.treeSize <= newer.treeSize)
                let proof = try await first.consistencyProof(from: older.treeSize, to: newer.treeSize, logger: TestPostgres.logger)
                try MerkleVerification.verifyConsistency(
                    oldSize: older.treeSize, newSize: newer.treeSize, oldRoot: Array(Data(base64Encoded: older.rootHash)!),
                    newRoot: Array(Data(base64Encoded: newer.rootHash)!), proof: proof ?? [])
            }
        }
    }
}
