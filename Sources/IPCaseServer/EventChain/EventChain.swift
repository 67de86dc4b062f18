import Foundation
import IPCaseDomain
import Logging
import PostgresNIO

/// The one hash-chained, append-only event log every subject writes to (cases now, credit records and
/// assessments next). Each chain has a head row (`chain_heads`) with its last sequence number and hash:
/// appending locks it, links to it and moves it, in the caller's transaction, so that no caller can
/// forget the lock or the head, and `audit verify` finds events cut from the end of any chain.
struct EventChain: Sendable {
    /// What a caller appends; the chain adds the sequence number and hashes.
    struct NewEvent: Sendable {
        var action: String
        var actorUserId: UUID?
        var actorOrganizationId: UUID?
        var fromState: String?
        var toState: String?
        var payload: [String: JSONValue]
    }

    @discardableResult
    func append(
        _ events: [NewEvent], subjectType: String, subjectId: UUID, at: Date, on connection: PostgresConnection,
        logger: Logger
    ) async throws -> [ChainedEvent] {
        guard !events.isEmpty else { return [] }
        var (seq, previous) = (0, ChainedEvent.genesisHash)
        // Creates the head of a new chain, or locks an existing one: the no-op update takes the row lock
        // and returns the head as the last committed append left it. Two first appends to one chain
        // queue on the key, and the second then sees the first's head.
        let head = try await connection.query(
            """
            INSERT INTO chain_heads (subject_type, subject_id, last_seq, last_hash)
            VALUES (\(subjectType), \(subjectId), 0, \(ByteBuffer(bytes: ChainedEvent.genesisHash)))
            ON CONFLICT (subject_type, subject_id) DO UPDATE SET last_seq = chain_heads.last_seq
            RETURNING last_seq, last_hash
            """, logger: logger)
        for try await (lastSeq, lastHash) in head.decode((Int, ByteBuffer).self) {
            seq = lastSeq
            previous = Array(lastHash.readableBytesView)
        }
        // PostgreSQL keeps microseconds; the hash must cover exactly what is stored.
        let microseconds = Int64((at.timeIntervalSince1970 * 1_000_000).rounded(.down))
        var appended: [ChainedEvent] = []
        for event in events {
            seq += 1
            let chained = ChainedEvent(
                subjectType: subjectType, subjectId: subjectId, seq: seq, atMicroseconds: microseconds,
                actorUserId: event.actorUserId, actorOrganizationId: event.actorOrganizationId, action: event.action,
                fromState: event.fromState, toState: event.toState, payload: .object(event.payload), prevHash: previous
            ).sealed()
            let payload = String(decoding: CanonicalJSON.encode(chained.payload), as: UTF8.self)
            try await connection.query(
                """
                INSERT INTO events (subject_type, subject_id, seq, at, actor_user_id, actor_organization_id, action,
                                    from_state, to_state, payload, prev_hash, hash)
                VALUES (\(subjectType), \(subjectId), \(seq), 'epoch'::timestamptz + \(microseconds) * interval '1 microsecond',
                        \(event.actorUserId), \(event.actorOrganizationId), \(event.action), \(event.fromState),
                        \(event.toState), \(payload)::jsonb, \(ByteBuffer(bytes: chained.prevHash)), \(ByteBuffer(bytes: chained.hash)))
                """, logger: logger)
            previous = chained.hash
            appended.append(chained)
        }
        try await connection.query(
            """
            UPDATE chain_heads SET last_seq = \(seq), last_hash = \(ByteBuffer(bytes: previous))
            WHERE subject_type = \(subjectType) AND subject_id = \(subjectId)
            """, logger: logger)
        return appended
    }

    /// A chain's events in order: one subject's list pages by sequence number.
    static let keyset = Keyset(list: "events", [("seq", .integer)])

    /// One subject's events, oldest first, as stored.
    func events(
        subjectType: String, subjectId: UUID, afterSeq: Int = 0, limit: Int = 1_000_000, on client: Database,
        logger: Logger
    ) async throws -> [ChainedEvent] {
        try await client.withConnection { connection in
            try await events(
                subjectType: subjectType, subjectId: subjectId, afterSeq: afterSeq, limit: limit, on: connection, logger: logger)
        }
    }

    /// The same on one connection, for a reader that needs one snapshot of several chains.
    func events(
        subjectType: String, subjectId: UUID, afterSeq: Int = 0, limit: Int = 1_000_000, on connection: PostgresConnection,
        logger: Logger
    ) async throws -> [ChainedEvent] {
        let rows = try await connection.query(
            Self.keyset.page(
                """
                SELECT \(unescaped: Self.columns) FROM events WHERE subject_type = \(subjectType) AND subject_id = \(subjectId)
                """, after: afterSeq > 0 ? Self.keyset.cursor(.integer(afterSeq)) : nil, limit: limit),
            logger: logger)
        var events: [ChainedEvent] = []
        for try await row in rows { events.append(try Self.decode(row)) }
        return events
    }

    static let columns = """
        subject_type, subject_id, seq, (extract(epoch FROM at) * 1000000)::bigint, actor_user_id, actor_organization_id,
        action, from_state, to_state, payload::text, prev_hash, hash
        """

    static func decode(_ row: PostgresRow) throws -> ChainedEvent {
        let (type, id, seq, micro, actor, actorOrg, action, from, to, payload, prev, hash) = try row.decode(
            (String, UUID, Int, Int64, UUID?, UUID?, String, String?, String?, String, ByteBuffer, ByteBuffer).self)
        return ChainedEvent(
            subjectType: type, subjectId: id, seq: seq, atMicroseconds: micro, actorUserId: actor,
            actorOrganizationId: actorOrg, action: action, fromState: from, toState: to,
            payload: try JSONCoding.decoder.decode(JSONValue.self, from: Data(payload.utf8)),
            prevHash: Array(prev.readableBytesView), hash: Array(hash.readableBytesView))
    }
}
