import Foundation
import IPCaseDomain
import Logging
import PostgresNIO

/// A token an admin issued to a partner organisation, as listed: never the token itself, which is shown
/// once when it is issued.
struct ApiToken: Encodable, Sendable {
    /// What a token may be used for; the feed is the only use so far.
    enum Scope: String, Codable, Sendable {
        case creditFeed = "credit.feed"
    }

    let id: UUID
    let organizationId: UUID
    let name: String
    let scope: Scope
    let createdAt: Date
    let createdByUserId: UUID
    let revokedAt: Date?
    /// Only in the answer that issues it.
    var token: String?
}

/// API tokens in PostgreSQL: only their SHA-256 is kept, as for sessions.
struct ApiTokenStore: Sendable {
    let database: Database

    /// Issues a token; the returned value carries it, once.
    func issue(
        organizationId: UUID, name: String, scope: ApiToken.Scope, by userId: UUID, now: Date, logger: Logger
    ) async throws -> ApiToken {
        let secret = "ipt_" + SessionToken.generate()
        let token = ApiToken(
            id: UUID(), organizationId: organizationId, name: name, scope: scope, createdAt: now, createdByUserId: userId,
            revokedAt: nil, token: secret)
        try await database.query(
            """
            INSERT INTO api_tokens (id, organization_id, name, scope, token_digest, created_by_user_id, created_at)
            VALUES (\(token.id), \(organizationId), \(name), \(scope.rawValue), \(SessionToken.digest(secret)), \(userId), \(now))
            """, logger: logger)
        return token
    }

    static let keyset = Keyset(list: "apiTokens", [("created_at", .time), ("id", .id)])

    func list(page: PageRequest, logger: Logger) async throws -> Page<ApiToken> {
        let tokens = try await decode(database.query(
            Self.keyset.page("SELECT \(unescaped: Self.columns) FROM api_tokens WHERE true", after: page.after, limit: page.limit + 1),
            logger: logger))
        return Page(rows: tokens, limit: page.limit) { Self.keyset.cursor(.time($0.createdAt), .id($0.id)) }
    }

    /// Revokes it for good; revoking again keeps the first time.
    func revoke(_ id: UUID, now: Date, logger: Logger) async throws -> ApiToken? {
        try await decode(database.query(
            """
            UPDATE api_tokens SET revoked_at = coalesce(revoked_at, \(now)) WHERE id = \(id)
            RETURNING \(unescaped: Self.columns)
            """, logger: logger)).first
    }

    /// The live token with this secret and scope, if any.
    func authenticate(_ secret: String, scope: ApiToken.Scope, logger: Logger) async throws -> ApiToken? {
        try await decode(database.query(
            """
            SELECT \(unescaped: Self.columns) FROM api_tokens
            WHERE token_digest = \(SessionToken.digest(secret)) AND scope = \(scope.rawValue) AND revoked_at IS NULL
            """, logger: logger)).first
    }

    private static let columns = "id, organization_id, name, scope, created_at, created_by_user_id, revoked_at"

    private func decode(_ rows: PostgresRowSequence) async throws -> [ApiToken] {
        var tokens: [ApiToken] = []
        for try await (id, organizationId, name, scope, createdAt, createdBy, revokedAt) in rows.decode(
            (UUID, UUID, String, String, Date, UUID, Date?).self)
        {
            tokens.append(ApiToken(
                id: id, organizationId: organizationId, name: name, scope: ApiToken.Scope(rawValue: scope) ?? .creditFeed,
                createdAt: createdAt, createdByUserId: createdBy, revokedAt: revokedAt, token: nil))
        }
        return tokens
    }
}
