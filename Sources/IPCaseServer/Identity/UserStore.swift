import Foundation
import IPCaseDomain
import Logging
import PostgresNIO

/// What the store refuses to write, in its own terms: the store knows rows, not HTTP. Its callers answer
/// with the 409 problem (`Problem.emailTaken`, `Problem.creditCodeTaken`).
enum UserStoreError: Error, Equatable {
    /// Another user has this email (the database's unique index, which also closes the race of two creates).
    case emailTaken
    /// Another user's email differs from this one only by look-alike characters.
    case emailConfusable(existing: String)
}

struct UserStore: Sendable {
    let database: Database

    /// What a login needs: the user, its password hash and its organisation's kind.
    struct Credentials: Sendable {
        let user: User
        let passwordHash: String
        let organizationKind: OrganizationKind
    }

    func insert(_ user: User, passwordHash: String, on connection: PostgresConnection, logger: Logger) async throws {
        let skeleton = (try? EmailAddress(user.email).skeleton) ?? user.email.lowercased()
        for try await existing in try await connection.query(
            "SELECT email FROM users WHERE email_skeleton = \(skeleton)", logger: logger
        ).decode(String.self) {
            throw existing.lowercased() == user.email.lowercased() ? UserStoreError.emailTaken : UserStoreError.emailConfusable(existing: existing)
        }
        do {
            try await connection.query(
                """
                INSERT INTO users (id, organization_id, email, email_skeleton, display_name, roles, status, password_hash, version,
                                   created_at, updated_at)
                VALUES (\(user.id), \(user.organizationId), \(user.email), \(skeleton), \(user.displayName), \(user.roles.map(\.rawValue)),
                        \(user.status.rawValue), \(passwordHash), \(user.version), \(user.createdAt), \(user.updatedAt))
                """, logger: logger)
        } catch where error.sqlState == "23505" {
            throw UserStoreError.emailTaken
        }
    }

    func find(_ id: UUID, logger: Logger) async throws -> User? {
        try await decode(database.query(
            """
            SELECT id, organization_id, email, display_name, roles, status, version, created_at, updated_at
            FROM users WHERE id = \(id)
            """, logger: logger)).first
    }

    func credentials(email: String, logger: Logger) async throws -> Credentials? {
        let rows = try await database.query(
            """
            SELECT u.id, u.organization_id, u.email, u.display_name, u.roles, u.status, u.version, u.created_at, u.updated_at,
                   u.password_hash, o.kind
            FROM users u JOIN organizations o ON o.id = u.organization_id
            WHERE lower(u.email) = lower(\(email))
            """, logger: logger)
        for try await (id, organizationId, email, displayName, roles, status, version, createdAt, updatedAt, hash, kind) in rows.decode(
            (UUID, UUID, String, String, [String], String, Int, Date, Date, String, String).self)
        {
            let user = Self.user(id, organizationId, email, displayName, roles, status, version, createdAt, updatedAt)
            return Credentials(user: user, passwordHash: hash, organizationKind: OrganizationKind(rawValue: kind) ?? .enterprise)
        }
        return nil
    }

    func passwordHash(of id: UUID, logger: Logger) async throws -> String? {
        for try await hash in try await database.query("SELECT password_hash FROM users WHERE id = \(id)", logger: logger).decode(String.self) {
            return hash
        }
        return nil
    }

    /// Users in the order they were created.
    static let keyset = Keyset(list: "users", [("created_at", .time), ("id", .id)])

    func list(_ page: PageRequest, organizationId: UUID?, logger: Logger) async throws -> Page<User> {
        let rows = try await decode(database.query(
            Self.keyset.page(
                """
                SELECT id, organization_id, email, display_name, roles, status, version, created_at, updated_at FROM users
                WHERE (\(organizationId)::uuid IS NULL OR organization_id = \(organizationId))
                """, after: page.after, limit: page.limit + 1),
            logger: logger))
        return Page(rows: rows, limit: page.limit) { Self.keyset.cursor(.time($0.createdAt), .id($0.id)) }
    }

    /// Writes the changed fields if `version` is still current; nil when another change came first.
    func update(_ user: User, expectedVersion: Int, now: Date, on connection: PostgresConnection, logger: Logger) async throws -> User? {
        try await decode(connection.query(
            """
            UPDATE users SET display_name = \(user.displayName), roles = \(user.roles.map(\.rawValue)),
                             status = \(user.status.rawValue), version = version + 1, updated_at = \(now)
            WHERE id = \(user.id) AND version = \(expectedVersion)
            RETURNING id, organization_id, email, display_name, roles, status, version, created_at, updated_at
            """, logger: logger)).first
    }

    func setPasswordHash(_ hash: String, of id: UUID, now: Date, on connection: PostgresConnection? = nil, logger: Logger) async throws {
        let query: PostgresQuery = "UPDATE users SET password_hash = \(hash), updated_at = \(now) WHERE id = \(id)"
        if let connection { try await connection.query(query, logger: logger) } else { try await database.query(query, logger: logger) }
    }

    private func decode(_ rows: PostgresRowSequence) async throws -> [User] {
        var users: [User] = []
        for try await (id, organizationId, email, displayName, roles, status, version, createdAt, updatedAt) in rows.decode(
            (UUID, UUID, String, String, [String], String, Int, Date, Date).self)
        {
            users.append(Self.user(id, organizationId, email, displayName, roles, status, version, createdAt, updatedAt))
        }
        return users
    }

    private static func user(
        _ id: UUID, _ organizationId: UUID, _ email: String, _ displayName: String, _ roles: [String], _ status: String,
        _ version: Int, _ createdAt: Date, _ updatedAt: Date
    ) -> User {
        User(
            id: id, organizationId: organizationId, email: email, displayName: displayName,
            roles: roles.compactMap(Role.init(rawValue:)).sorted(), status: User.Status(rawValue: status) ?? .disabled,
            version: version, createdAt: createdAt, updatedAt: updatedAt)
    }
}
