import Foundation
import IPCaseDomain
import Logging
import PostgresNIO

/// The one hash-chained, append-only event log every subject writes to (cases now, credit records later).
/// Appending reads the subject's last link, so the caller must hold the subject's row lock in the same
/// transaction: two appends to one chain then run one after the other, never side by side.
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
        let lastRows = try await connection.query(
            """
            SELECT seq, hash FROM events WHERE subject_type = \(subjectType) AND subject_id = \(subjectId)
            ORDER BY seq DESC LIMIT 1
            """, logger: logger)
        for try await (lastSeq, lastHash) in lastRows.decode((Int, ByteBuffer).self) {
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
        return appended
    }

    /// One subject's events, oldest first, as stored.
    func events(
        subjectType: String, subjectId: UUID, afterSeq: Int = 0, limit: Int = .max, on client: PostgresClient,
        logger: Logger
    ) async throws -> [ChainedEvent] {
        let rows = try await client.query(
            """
            SELECT \(unescaped: Self.columns) FROM events
            WHERE subject_type = \(subjectType) AND subject_id = \(subjectId) AND seq > \(afterSeq)
            ORDER BY seq LIMIT \(min(limit, 1_000_000))
            """, logger: logger)
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
