import Foundation
public import IPCaseDomain
public import Logging
import NIOCore
import PostgresNIO

/// `audit verify`'s look at the transparency log: every chain event, audit row and feed entry has its entry,
/// committing to what the row holds now; the leaves are the entries' commitments, numbered without a gap;
/// and the tree rebuilt from its leaves has the root the tree row and every checkpoint signed.
public enum TransparencyVerification {
    public struct Report: Sendable {
        public let leaves: UInt64
        public let queued: Int
        public let checkpoints: Int
        public let problems: [String]
        public var isIntact: Bool { problems.isEmpty }
    }

    public static func verify(on database: Database, logger: Logger) async throws -> Report {
        try await database.withConnection { connection in
            try await connection.query("START TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", logger: logger)
            do {
                let report = try await verify(on: connection, logger: logger)
                try await connection.query("COMMIT", logger: logger)
                return report
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
        }
    }

    /// At most this many problems of one kind are named; the count says how many there are.
    static let named = 20

    private static func verify(on connection: PostgresConnection, logger: Logger) async throws -> Report {
        var problems: [String] = []
        // Rows whose entry is missing or commits to other content than the row holds now.
        let unmatched = try await connection.query(
            """
            WITH sources AS (
                SELECT e.subject_type || '/' || e.subject_id || '/' || e.seq AS entry, e.hash AS content FROM events e
                UNION ALL
                SELECT 'audit/' || a.id, sha256(convert_to(transparency_content(a), 'UTF8')) FROM audit_log a
                UNION ALL
                SELECT 'credit-feed/' || f.seq, sha256(convert_to(transparency_content(f), 'UTF8')) FROM credit_feed f)
            SELECT s.entry, t.id IS NULL FROM sources s LEFT JOIN transparency_entries t ON t.entry = s.entry
            WHERE t.id IS NULL OR t.content_hash <> s.content
               OR (t.salt IS NOT NULL AND t.commitment <> sha256(t.salt || s.content))
            ORDER BY 1
            """, logger: logger)
        var count = 0
        for try await (entry, missing) in unmatched.decode((String, Bool).self) {
            count += 1
            if count <= named {
                problems.append(missing
                    ? "\(entry) has no entry in the transparency log: it was written behind the log's back"
                    : "\(entry) is not what the transparency log committed to: it was changed after it was logged")
            }
        }
        if count > named { problems.append("… and \(count - named) more rows unlike their entries") }

        // Entries whose row is gone.
        let orphans = try await connection.query(
            """
            SELECT t.entry FROM transparency_entries t
            -- CASE, not OR: each kind's entry is parsed only as its own kind.
            WHERE CASE t.kind
                WHEN 'event' THEN NOT EXISTS (
                    SELECT 1 FROM events e WHERE e.subject_type = split_part(t.entry, '/', 1)
                      AND e.subject_id = split_part(t.entry, '/', 2)::uuid AND e.seq = split_part(t.entry, '/', 3)::int)
                WHEN 'audit' THEN NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.id = substr(t.entry, 7)::bigint)
                ELSE NOT EXISTS (SELECT 1 FROM credit_feed f WHERE f.seq = substr(t.entry, 13)::bigint)
            END
            ORDER BY t.id LIMIT \(named)
            """, logger: logger)
        for try await entry in orphans.decode(String.self) {
            problems.append("\(entry) is in the transparency log but its row is gone: it was removed")
        }

        // The leaves, in order: each the hash of its entry's commitment, numbered 0, 1, 2 … without a gap; the
        // tree rebuilt from them must have the root of the tree row and of every checkpoint of its size.
        var checkpointRoots: [UInt64: [(origin: String, root: [UInt8])]] = [:]
        let signed = try await connection.query("SELECT origin, tree_size, root FROM transparency_checkpoints", logger: logger)
        var checkpointCount = 0
        for try await (origin, size, root) in signed.decode((String, Int64, ByteBuffer).self) {
            checkpointRoots[UInt64(size), default: []].append((origin, Array(root.readableBytesView)))
            checkpointCount += 1
        }
        var treeSize: UInt64 = 0, treeRoot: [UInt8] = []
        for try await (size, root) in try await connection.query("SELECT size, root FROM transparency_tree", logger: logger)
            .decode((Int64, ByteBuffer).self) {
            treeSize = UInt64(size)
            treeRoot = Array(root.readableBytesView)
        }
        var frontier = MerkleFrontier()
        func compareCheckpoints() {
            for (origin, root) in checkpointRoots[frontier.size] ?? [] where root != frontier.root {
                problems.append("the checkpoint of \(frontier.size) leaves signed by \(origin) is not the tree rebuilt from the stored leaves")
            }
        }
        compareCheckpoints()
        let leaves = try await connection.query(
            """
            SELECT t.leaf_index, n.hash, sha256('\\x00'::bytea || t.commitment) FROM transparency_entries t
            LEFT JOIN transparency_nodes n ON n.level = 0 AND n.index = t.leaf_index
            WHERE t.leaf_index IS NOT NULL ORDER BY t.leaf_index
            """, logger: logger)
        var leafProblems = 0
        for try await (index, stored, expected) in leaves.decode((Int64, ByteBuffer?, ByteBuffer).self) {
            let expected = Array(expected.readableBytesView)
            if UInt64(index) != frontier.size {
                leafProblems += 1
                if leafProblems <= named { problems.append("leaf \(frontier.size) is missing: the next entry is leaf \(index)") }
            }
            if stored.map({ Array($0.readableBytesView) }) != expected {
                leafProblems += 1
                if leafProblems <= named { problems.append("leaf \(index) is not the hash of its entry's commitment") }
            }
            frontier.append(leafHash: expected)
            compareCheckpoints()
        }
        if leafProblems > named { problems.append("… and \(leafProblems - named) more leaf problems") }
        if frontier.size != treeSize || frontier.root != treeRoot {
            problems.append("the tree row (\(treeSize) leaves) is not the tree rebuilt from the \(frontier.size) logged entries")
        }
        for size in checkpointRoots.keys where size > frontier.size {
            problems.append("a checkpoint signs \(size) leaves, but only \(frontier.size) are logged: leaves were removed")
        }
        var queued = 0
        for try await count in try await connection.query(
            "SELECT count(*) FROM transparency_entries WHERE leaf_index IS NULL", logger: logger).decode(Int.self) {
            queued = count
        }
        return Report(leaves: frontier.size, queued: queued, checkpoints: checkpointCount, problems: problems)
    }
}
