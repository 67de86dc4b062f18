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

    /// Where a chain ends: its last sequence number and hash; a chain not yet begun ends at 0 and the genesis hash.
    struct Head: Sendable, Equatable {
        var seq: Int
        var hash: [UInt8]

        static let empty = Head(seq: 0, hash: ChainedEvent.genesisHash)
    }

    /// The events sealed onto a chain that ends at `head`: numbered and hashed, not yet stored.
    /// PostgreSQL keeps microseconds, so `at` is cut to them: the hash must cover exactly what is stored.
    static func seal(_ events: [NewEvent], onto chain: ChainReference, after head: Head, at: Date) -> [ChainedEvent] {
        let microseconds = Int64((at.timeIntervalSince1970 * 1_000_000).rounded(.down))
        var (seq, previous) = (head.seq, head.hash)
        return events.map { event in
            seq += 1
            let chained = ChainedEvent(
                subjectType: chain.subjectType, subjectId: chain.subjectId, seq: seq, atMicroseconds: microseconds,
                actorUserId: event.actorUserId, actorOrganizationId: event.actorOrganizationId, action: event.action,
                fromState: event.fromState, toState: event.toState, payload: .object(event.payload), prevHash: previous
            ).sealed()
            previous = chained.hash
            return chained
        }
    }

    /// The chain's head as committed, locked for the rest of the transaction; `.empty` for a chain not begun.
    func lockedHead(of chain: ChainReference, on connection: PostgresConnection, logger: Logger) async throws -> Head {
        let rows = try await connection.query(
            """
            SELECT last_seq, last_hash FROM chain_heads
            WHERE subject_type = \(chain.subjectType) AND subject_id = \(chain.subjectId) FOR UPDATE
            """, logger: logger)
        for try await (seq, hash) in rows.decode((Int, ByteBuffer).self) { return Head(seq: seq, hash: Array(hash.readableBytesView)) }
        return .empty
    }

    /// Appends events on their own, for writers outside a workflow (documents, credit records): locks the head,
    /// links to it and moves it, in the caller's transaction. Workflow steps are written by
    /// `WorkflowWriteStatement` instead, with the rest of their consequences in one statement.
    @discardableResult
    func append(
        _ events: [NewEvent], subjectType: String, subjectId: UUID, at: Date, on connection: PostgresConnection,
        logger: Logger
    ) async throws -> [ChainedEvent] {
        guard !events.isEmpty else { return [] }
        var head = Head.empty
        // Creates the head of a new chain, or locks an existing one: the no-op update takes the row lock
        // and returns the head as the last committed append left it. Two first appends to one chain
        // queue on the key, and the second then sees the first's head.
        let rows = try await connection.query(
            """
            INSERT INTO chain_heads (subject_type, subject_id, last_seq, last_hash)
            VALUES (\(subjectType), \(subjectId), 0, \(ByteBuffer(bytes: ChainedEvent.genesisHash)))
            ON CONFLICT (subject_type, subject_id) DO UPDATE SET last_seq = chain_heads.last_seq
            RETURNING last_seq, last_hash
            """, logger: logger)
        for try await (lastSeq, lastHash) in rows.decode((Int, ByteBuffer).self) {
            head = Head(seq: lastSeq, hash: Array(lastHash.readableBytesView))
        }
        let sealed = Self.seal(events, onto: ChainReference(subjectType: subjectType, subjectId: subjectId), after: head, at: at)
        for chained in sealed {
            let payload = String(decoding: CanonicalJSON.encode(chained.payload), as: UTF8.self)
            try await connection.query(
                """
                INSERT INTO events (subject_type, subject_id, seq, at, actor_user_id, actor_organization_id, action,
                                    from_state, to_state, payload, prev_hash, hash)
                VALUES (\(subjectType), \(subjectId), \(chained.seq), 'epoch'::timestamptz + \(chained.atMicroseconds) * interval '1 microsecond',
                        \(chained.actorUserId), \(chained.actorOrganizationId), \(chained.action), \(chained.fromState),
                        \(chained.toState), \(payload)::jsonb, \(ByteBuffer(bytes: chained.prevHash)), \(ByteBuffer(bytes: chained.hash)))
                """, logger: logger)
        }
        let last = sealed.last!
        try await connection.query(
            """
            UPDATE chain_heads SET last_seq = \(last.seq), last_hash = \(ByteBuffer(bytes: last.hash))
            WHERE subject_type = \(subjectType) AND subject_id = \(subjectId)
            """, logger: logger)
        return sealed
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
