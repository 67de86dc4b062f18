import Foundation
import IPCaseDomain
import Logging
import NIOCore
import PostgresNIO

/// The transparency log's service: integrates queued entries, signs checkpoints, and answers proofs and
/// receipts. Every capability's rows enter the log through triggers (Migrations/0015), so none calls it to
/// append; it is only read here.
struct TransparencyLog: Sendable {
    let database: Database
    let tree: TransparencyTree
    let signer: SignedNote.Signer
    let clock: any AppClock

    init(database: Database, signer: SignedNote.Signer, clock: any AppClock) {
        self.database = database
        self.tree = TransparencyTree(database: database)
        self.signer = signer
        self.clock = clock
    }

    /// A checkpoint as stored: the signed note as it was served, and what it says.
    struct StoredCheckpoint: Sendable, Encodable {
        let id: Int64
        let origin: String
        let treeSize: UInt64
        let rootHash: String
        let note: String
        let signedAt: Date
    }

    /// The log would have to sign a tree that does not extend the one it signed last: it refuses, and says
    /// so loudly, because the tree was changed outside the service.
    struct InconsistentTree: Error, CustomStringConvertible {
        let last: UInt64
        let now: UInt64
        let reason: String
        var description: String {
            "refusing to sign: the tree of \(now) leaves is not consistent with the checkpoint of \(last) leaves signed last (\(reason))"
        }
    }

    /// Integrates what is queued and signs a checkpoint of the tree, unless this key's latest one already
    /// covers it. Before it signs, it proves that the tree extends the last checkpoint signed (by any key),
    /// so it never signs two inconsistent checkpoints. Servers sharing the database sign one at a time.
    @discardableResult
    func sign(logger: Logger) async throws -> StoredCheckpoint {
        try await tree.integrate(logger: logger)
        return try await database.transaction(logger: logger) { connection in
            let state = try await tree.lockedState(on: connection, logger: logger)
            let last = try await latest(origin: nil, on: connection, logger: logger)
            if let last, last.origin == signer.name, last.treeSize == state.size { return last }
            // The tree's row must be the stored nodes' root: a row rewritten alone is found here.
            let stored = try await tree.root(at: state.size, on: connection, logger: logger)
            guard stored == state.root else {
                throw InconsistentTree(last: last?.treeSize ?? 0, now: state.size, reason: "the tree's root is not its nodes' root")
            }
            // Every tree extends the empty one: only a checkpoint of some leaves needs a proof.
            if let last, last.treeSize > 0 {
                guard let lastRoot = Data(base64Encoded: last.rootHash),
                      let proof = try await tree.consistencyProof(from: last.treeSize, to: state.size, on: connection, logger: logger)
                else { throw InconsistentTree(last: last.treeSize, now: state.size, reason: "the tree is smaller") }
                do {
                    try MerkleVerification.verifyConsistency(
                        oldSize: last.treeSize, newSize: state.size, oldRoot: Array(lastRoot), newRoot: state.root, proof: proof)
                } catch {
                    throw InconsistentTree(last: last.treeSize, now: state.size, reason: "\(error)")
                }
            }
            let checkpoint = Checkpoint(origin: signer.name, size: state.size, root: state.root)
            let note = try signer.sign(checkpoint.text)
            let rows = try await connection.query(
                """
                INSERT INTO transparency_checkpoints (origin, key_id, tree_size, root, note, signed_at)
                VALUES (\(signer.name), \(ByteBuffer(bytes: signer.verifier.keyID)), \(Int64(state.size)),
                        \(ByteBuffer(bytes: state.root)), \(note), \(clock.now))
                RETURNING id, signed_at
                """, logger: logger)
            for try await (id, signedAt) in rows.decode((Int64, Date).self) {
                logger.debug("checkpoint signed", metadata: ["tree_size": "\(state.size)"])
                return StoredCheckpoint(
                    id: id, origin: signer.name, treeSize: state.size, rootHash: Data(state.root).base64EncodedString(), note: note,
                    signedAt: signedAt)
            }
            throw TransparencyTreeDamaged(reason: "a checkpoint was not stored")
        }
    }

    /// This key's latest checkpoint, signed now when there is none yet.
    func latestCheckpoint(logger: Logger) async throws -> StoredCheckpoint {
        if let latest = try await database.withConnection({ try await latest(origin: signer.name, on: $0, logger: logger) }) {
            return latest
        }
        return try await sign(logger: logger)
    }

    private func latest(origin: String?, on connection: PostgresConnection, logger: Logger) async throws -> StoredCheckpoint? {
        let rows = try await connection.query(
            """
            SELECT id, origin, tree_size, root, note, signed_at FROM transparency_checkpoints
            WHERE \(origin)::text IS NULL OR origin = \(origin) ORDER BY id DESC LIMIT 1
            """, logger: logger)
        return try await Self.checkpoints(rows).first
    }

    static func checkpoints(_ rows: PostgresRowSequence) async throws -> [StoredCheckpoint] {
        var found: [StoredCheckpoint] = []
        for try await (id, origin, size, root, note, signedAt) in rows.decode((Int64, String, Int64, ByteBuffer, String, Date).self) {
            found.append(StoredCheckpoint(
                id: id, origin: origin, treeSize: UInt64(size), rootHash: Data(root.readableBytesView).base64EncodedString(),
                note: note, signedAt: signedAt))
        }
        return found
    }

    /// Checkpoints signed after the one numbered `afterID`, of trees larger than `largerThan`, oldest first.
    func checkpoints(afterID: Int64, largerThan size: UInt64, limit: Int, logger: Logger) async throws -> [StoredCheckpoint] {
        let rows = try await database.query(
            """
            SELECT id, origin, tree_size, root, note, signed_at FROM transparency_checkpoints
            WHERE id > \(afterID) AND tree_size > \(Int64(clamping: size)) ORDER BY id LIMIT \(limit)
            """, logger: logger)
        return try await Self.checkpoints(rows)
    }

    /// The leaf's hash and its inclusion proof in the tree of `size` leaves; nil when the tree is smaller.
    func inclusionProof(leaf: UInt64, size: UInt64, logger: Logger) async throws -> (leafHash: [UInt8], proof: [[UInt8]])? {
        try await database.withConnection { connection in
            guard try await tree.isIntegrated(size, on: connection, logger: logger),
                  let proof = try await tree.inclusionProof(index: leaf, size: size, on: connection, logger: logger),
                  let leafHash = try await tree.nodes([MerkleNode(level: 0, index: leaf)], on: connection, logger: logger).values.first
            else { return nil }
            return (leafHash, proof)
        }
    }

    /// The consistency proof from the tree of `from` leaves to the tree of `to`; nil when the tree is smaller.
    func consistencyProof(from: UInt64, to: UInt64, logger: Logger) async throws -> [[UInt8]]? {
        try await database.withConnection { connection in
            guard try await tree.isIntegrated(to, on: connection, logger: logger) else { return nil }
            return try await tree.consistencyProof(from: from, to: to, on: connection, logger: logger)
        }
    }

    /// The receipt of `entry` (`case/<uuid>/3`, `credit-feed/42`), against this key's latest checkpoint; one
    /// is signed now when the entry is not in a signed tree yet. Nil when there is no such entry.
    func receipt(for entry: String, logger: Logger) async throws -> TransparencyReceipt? {
        guard var found = try await self.entry(entry, logger: logger) else { return nil }
        var checkpoint = try await latestCheckpoint(logger: logger)
        if found.leaf.map({ $0 >= checkpoint.treeSize }) ?? true {
            checkpoint = try await sign(logger: logger)
            guard let integrated = try await self.entry(entry, logger: logger), integrated.leaf != nil else { return nil }
            found = integrated
        }
        guard let leaf = found.leaf else { return nil }
        let proof = try await database.withConnection { connection in
            try await tree.inclusionProof(index: leaf, size: checkpoint.treeSize, on: connection, logger: logger)
        }
        var receipt = TransparencyReceipt(
            kind: found.kind, entry: entry, contentHash: found.contentHash, salt: found.salt, leafIndex: leaf,
            treeSize: checkpoint.treeSize, inclusionProof: proof ?? [], checkpoint: checkpoint.note)
        receipt.content = found.content
        return receipt
    }

    private struct Entry {
        let kind: String
        let contentHash: [UInt8]
        let salt: [UInt8]?
        let leaf: UInt64?
        /// For a row (audit, credit-feed): the text whose SHA-256 the entry commits to.
        let content: String?
    }

    private func entry(_ name: String, logger: Logger) async throws -> Entry? {
        let rows = try await database.query(
            """
            SELECT t.kind, t.content_hash, t.salt, t.leaf_index,
                   CASE WHEN t.kind = 'credit-feed' AND t.salt IS NOT NULL
                        THEN (SELECT transparency_content(f) FROM credit_feed f WHERE f.seq = substr(t.entry, 13)::bigint) END
            FROM transparency_entries t WHERE t.entry = \(name)
            """, logger: logger)
        for try await (kind, hash, salt, leaf, content) in rows.decode((String, ByteBuffer, ByteBuffer?, Int64?, String?).self) {
            return Entry(
                kind: kind, contentHash: Array(hash.readableBytesView), salt: salt.map { Array($0.readableBytesView) },
                leaf: leaf.map(UInt64.init), content: content)
        }
        return nil
    }
}
