import Foundation
import IPCaseDomain
import Logging
import NIOCore
import PostgresNIO

/// The Merkle tree as PostgreSQL keeps it: the hash of every complete perfect subtree (`transparency_nodes`),
/// the size and root (`transparency_tree`), and the queue of entries not yet given a leaf.
struct TransparencyTree: Sendable {
    let database: Database

    /// The tree as it stands.
    struct State: Sendable, Equatable {
        var size: UInt64
        var root: [UInt8]
    }

    /// Gives the queued entries their leaves, oldest first, `batch` at a time under the tree's row lock, until
    /// none is left: however many servers integrate at once, each leaf index is given once and the tree
    /// never forks. Appending costs O(log n) hashes per leaf, from the frontier alone.
    @discardableResult
    func integrate(batch: Int = 5_000, logger: Logger) async throws -> State {
        while true {
            let (state, appended) = try await database.transaction(logger: logger) { connection in
                try await integrateBatch(batch, on: connection, logger: logger)
            }
            if appended < batch { return state }
        }
    }

    private func integrateBatch(_ batch: Int, on connection: PostgresConnection, logger: Logger) async throws -> (State, Int) {
        let state = try await lockedState(on: connection, logger: logger)
        let queued = try await connection.query(
            "SELECT id, commitment FROM transparency_entries WHERE leaf_index IS NULL ORDER BY id LIMIT \(batch)",
            logger: logger)
        var entries: [(id: Int64, commitment: [UInt8])] = []
        for try await (id, commitment) in queued.decode((Int64, ByteBuffer).self) {
            entries.append((id, Array(commitment.readableBytesView)))
        }
        guard !entries.isEmpty else { return (state, 0) }

        var frontier = try await self.frontier(of: state.size, on: connection, logger: logger)
        var levels: [Int16] = [], indexes: [Int64] = [], hashes: [ByteBuffer] = []
        var leaves: [Int64] = []
        for entry in entries {
            leaves.append(Int64(frontier.size))
            for (node, hash) in frontier.append(leafHash: MerkleHash.leaf(entry.commitment)) {
                levels.append(Int16(node.level))
                indexes.append(Int64(node.index))
                hashes.append(ByteBuffer(bytes: hash))
            }
        }
        let grown = State(size: frontier.size, root: frontier.root)
        try await connection.query(
            """
            WITH nodes AS (
                INSERT INTO transparency_nodes (level, index, hash)
                SELECT * FROM unnest(\(levels)::int2[], \(indexes)::int8[], \(hashes)::bytea[])),
            leaves AS (
                UPDATE transparency_entries e SET leaf_index = l.leaf
                FROM unnest(\(entries.map(\.id))::int8[], \(leaves)::int8[]) AS l(id, leaf) WHERE e.id = l.id)
            UPDATE transparency_tree SET size = \(Int64(grown.size)), root = \(ByteBuffer(bytes: grown.root))
            """, logger: logger)
        return (grown, entries.count)
    }

    /// The tree's size and root, locked until the transaction ends.
    func lockedState(on connection: PostgresConnection, logger: Logger) async throws -> State {
        let rows = try await connection.query("SELECT size, root FROM transparency_tree FOR UPDATE", logger: logger)
        for try await (size, root) in rows.decode((Int64, ByteBuffer).self) {
            return State(size: UInt64(size), root: Array(root.readableBytesView))
        }
        throw TransparencyTreeDamaged(reason: "the tree's row is missing")
    }

    /// The tree as it stands, unlocked.
    func state(logger: Logger) async throws -> State {
        let rows = try await database.query("SELECT size, root FROM transparency_tree", logger: logger)
        for try await (size, root) in rows.decode((Int64, ByteBuffer).self) {
            return State(size: UInt64(size), root: Array(root.readableBytesView))
        }
        throw TransparencyTreeDamaged(reason: "the tree's row is missing")
    }

    /// Whether the tree has at least `size` leaves.
    func isIntegrated(_ size: UInt64, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let rows = try await connection.query("SELECT size >= \(Int64(clamping: size)) FROM transparency_tree", logger: logger)
        for try await (integrated) in rows.decode(Bool.self) { return integrated }
        return false
    }

    private func frontier(of size: UInt64, on connection: PostgresConnection, logger: Logger) async throws -> MerkleFrontier {
        let covering = MerkleNode.covering(0..<size)
        let hashes = try await nodes(covering, on: connection, logger: logger)
        guard let frontier = MerkleFrontier(size: size, hashes: hashes) else {
            throw TransparencyTreeDamaged(reason: "a node of the tree's right edge is missing")
        }
        return frontier
    }

    /// The stored hashes of `wanted`, in one statement.
    func nodes(_ wanted: [MerkleNode], on connection: PostgresConnection, logger: Logger) async throws -> [MerkleNode: [UInt8]] {
        guard !wanted.isEmpty else { return [:] }
        let rows = try await connection.query(
            """
            SELECT n.level, n.index, n.hash FROM transparency_nodes n
            JOIN unnest(\(wanted.map { Int16($0.level) })::int2[], \(wanted.map { Int64($0.index) })::int8[]) AS w(level, index)
              ON n.level = w.level AND n.index = w.index
            """, logger: logger)
        var found: [MerkleNode: [UInt8]] = [:]
        for try await (level, index, hash) in rows.decode((Int16, Int64, ByteBuffer).self) {
            found[MerkleNode(level: Int(level), index: UInt64(index))] = Array(hash.readableBytesView)
        }
        return found
    }

    /// The hashes of `ranges` (each a range a proof lists), from O(log n) stored nodes read in one statement.
    func hashes(of ranges: [Range<UInt64>], on connection: PostgresConnection, logger: Logger) async throws -> [[UInt8]] {
        let wanted = Array(Set(ranges.flatMap { MerkleNode.covering($0) }))
        let stored = try await nodes(wanted, on: connection, logger: logger)
        return try ranges.map { range in
            guard let hash = MerkleProofPlan.hash(of: range, nodes: { stored[$0] }) else {
                throw TransparencyTreeDamaged(reason: "a node under leaves \(range) is missing")
            }
            return hash
        }
    }

    /// The inclusion proof of leaf `index` in the tree of `size` leaves (which must not exceed the tree's).
    func inclusionProof(index: UInt64, size: UInt64, on connection: PostgresConnection, logger: Logger) async throws -> [[UInt8]]? {
        guard let ranges = MerkleProofPlan.inclusion(index: index, size: size) else { return nil }
        return try await hashes(of: ranges, on: connection, logger: logger)
    }

    /// The consistency proof from the tree of `old` leaves to the tree of `new`.
    func consistencyProof(from old: UInt64, to new: UInt64, on connection: PostgresConnection, logger: Logger) async throws -> [[UInt8]]? {
        guard let ranges = MerkleProofPlan.consistency(from: old, to: new) else { return nil }
        return try await hashes(of: ranges, on: connection, logger: logger)
    }

    /// The root of the tree when it had `size` leaves.
    func root(at size: UInt64, on connection: PostgresConnection, logger: Logger) async throws -> [UInt8] {
        try await hashes(of: [0..<size], on: connection, logger: logger)[0]
    }
}

/// The stored tree lacks a node it must have: it was damaged outside the service.
struct TransparencyTreeDamaged: Error, CustomStringConvertible {
    let reason: String
    var description: String { "the transparency log's tree is damaged: \(reason)" }
}
