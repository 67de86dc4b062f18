import Foundation
import IPCaseDomain
import Logging
import PostgresNIO

/// Login sessions. A session ends at its absolute expiry, after a stretch of inactivity, when revoked,
/// or at once when its user is disabled: every request re-reads the user's status.
struct SessionStore: Sendable {
    let database: Database

    struct Session: Codable, Sendable {
        let id: UUID
        let createdAt: Date
        var lastSeenAt: Date
        let expiresAt: Date
        let clientAddress: String?
        let userAgent: String?
        var current: Bool
    }

    struct Lifetime: Sendable {
        /// From login, whatever the activity.
        var absolute: TimeInterval = 12 * 3600
        /// Since the last request.
        var idle: TimeInterval = 3600
        /// `last_seen_at` is written at most this often, so that reads do not each cost a write.
        var touchInterval: TimeInterval = 60
    }

    func create(userId: UUID, now: Date, lifetime: Lifetime, clientAddress: String?, userAgent: String?, logger: Logger)
        async throws -> (id: UUID, token: String, expiresAt: Date)
    {
        let token = SessionToken.generate()
        let id = UUID()
        let expiresAt = now.addingTimeInterval(lifetime.absolute)
        try await database.query(
            """
            INSERT INTO sessions (id, user_id, token_hash, created_at, last_seen_at, expires_at, client_address, user_agent)
            VALUES (\(id), \(userId), \(SessionToken.digest(token)), \(now), \(now), \(expiresAt), \(clientAddress), \(userAgent))
            """, logger: logger)
        return (id, token, expiresAt)
    }

    /// The principal behind a bearer token, or nil when the token is unknown, revoked, expired, idle too
    /// long, or its user is disabled.
    func principal(token: String, now: Date, lifetime: Lifetime, logger: Logger) async throws -> Principal? {
        for try await (sessionId, lastSeen, expiresAt, userId, organizationId, roles, kind, creditCode) in try await database.execute(
            PrincipalLookup(digest: SessionToken.digest(token)), logger: logger)
        {
            guard now < expiresAt, now.timeIntervalSince(lastSeen) < lifetime.idle,
                let kind = OrganizationKind(rawValue: kind)
            else { return nil }
            if now.timeIntervalSince(lastSeen) >= lifetime.touchInterval {
                try await database.query("UPDATE sessions SET last_seen_at = \(now) WHERE id = \(sessionId)", logger: logger)
            }
            return Principal(
                userId: userId, organizationId: organizationId, organizationKind: kind,
                roles: Set(roles.compactMap(Role.init(rawValue:))), sessionId: sessionId, organizationCreditCode: creditCode)
        }
        return nil
    }

    /// Every authenticated request's first statement, so it is prepared.
    private struct PrincipalLookup: PostgresPreparedStatement {
        typealias Row = (UUID, Date, Date, UUID, UUID, [String], String, String?)
        static let sql = """
            SELECT s.id, s.last_seen_at, s.expires_at, u.id, u.organization_id, u.roles, o.kind, o.credit_code
            FROM sessions s JOIN users u ON u.id = s.user_id JOIN organizations o ON o.id = u.organization_id
            WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND u.status = 'active'
            """
        let digest: Data

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings()
            try bindings.append(digest)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
    }

    /// Sessions in the order they were opened.
    static let keyset = Keyset(list: "sessions", [("created_at", .time), ("id", .id)])

    /// The user's live sessions.
    func list(userId: UUID, current: UUID, now: Date, lifetime: Lifetime, page: PageRequest, logger: Logger) async throws -> Page<Session> {
        let idleSince = now.addingTimeInterval(-lifetime.idle)
        let rows = try await database.query(
            Self.keyset.page(
                """
                SELECT id, created_at, last_seen_at, expires_at, client_address, user_agent FROM sessions
                WHERE user_id = \(userId) AND revoked_at IS NULL AND expires_at > \(now) AND last_seen_at > \(idleSince)
                """, after: page.after, limit: page.limit + 1),
            logger: logger)
        var sessions: [Session] = []
        for try await (id, createdAt, lastSeen, expiresAt, address, agent) in rows.decode(
            (UUID, Date, Date, Date, String?, String?).self)
        {
            sessions.append(Session(
                id: id, createdAt: createdAt, lastSeenAt: lastSeen, expiresAt: expiresAt, clientAddress: address,
                userAgent: agent, current: id == current))
        }
        return Page(rows: sessions, limit: page.limit) { Self.keyset.cursor(.time($0.createdAt), .id($0.id)) }
    }

    func owner(of sessionId: UUID, logger: Logger) async throws -> UUID? {
        for try await userId in try await database.query(
            "SELECT user_id FROM sessions WHERE id = \(sessionId) AND revoked_at IS NULL", logger: logger
        ).decode(UUID.self) {
            return userId
        }
        return nil
    }

    func revoke(_ sessionId: UUID, now: Date, logger: Logger) async throws {
        try await database.query(
            "UPDATE sessions SET revoked_at = \(now) WHERE id = \(sessionId) AND revoked_at IS NULL", logger: logger)
    }

    func revokeAll(of userId: UUID, except kept: UUID?, now: Date, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            UPDATE sessions SET revoked_at = \(now)
            WHERE user_id = \(userId) AND revoked_at IS NULL AND (\(kept)::uuid IS NULL OR id <> \(kept))
            """, logger: logger)
    }
}
