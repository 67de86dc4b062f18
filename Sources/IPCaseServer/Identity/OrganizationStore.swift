import Foundation
import IPCaseDomain
import Logging
import PostgresNIO

/// What the store refuses to write, in its own terms: the store knows rows, not HTTP. Its callers answer
/// with the 409 problem (`Problem.emailTaken`, `Problem.creditCodeTaken`).
enum OrganizationStoreError: Error, Equatable {
    /// Another organisation has this unified social credit code (the database's unique index).
    case creditCodeTaken
}

struct OrganizationStore: Sendable {
    let database: Database

    func insert(_ organization: Organization, on connection: PostgresConnection, logger: Logger) async throws {
        do {
            try await connection.query(
                """
                INSERT INTO organizations (id, name, kind, credit_code, park, region, version, created_at, updated_at)
                VALUES (\(organization.id), \(organization.name), \(organization.kind.rawValue), \(organization.creditCode),
                        \(organization.park), \(organization.region), \(organization.version), \(organization.createdAt), \(organization.updatedAt))
                """, logger: logger)
        } catch where error.sqlState == "23505" {
            throw OrganizationStoreError.creditCodeTaken
        }
    }

    func find(_ id: UUID, logger: Logger) async throws -> Organization? {
        try await decode(database.query(
            "SELECT id, name, kind, credit_code, park, region, version, created_at, updated_at FROM organizations WHERE id = \(id)",
            logger: logger)).first
    }

    /// The organisations with these ids and the enterprise with this credit code, in one statement.
    func find(ids: [UUID], orCreditCode creditCode: String?, logger: Logger) async throws -> [Organization] {
        try await decode(database.query(
            """
            SELECT id, name, kind, credit_code, park, region, version, created_at, updated_at FROM organizations
            WHERE id = ANY(\(ids)) OR credit_code = \(creditCode ?? "")
            """, logger: logger))
    }

    /// The enterprise with this unified social credit code, when it has an account.
    func find(creditCode: String, logger: Logger) async throws -> Organization? {
        try await decode(database.query(
            "SELECT id, name, kind, credit_code, park, region, version, created_at, updated_at FROM organizations WHERE credit_code = \(creditCode)",
            logger: logger)).first
    }

    func find(name: String, kind: OrganizationKind, logger: Logger) async throws -> Organization? {
        try await decode(database.query(
            """
            SELECT id, name, kind, credit_code, park, region, version, created_at, updated_at FROM organizations
            WHERE name = \(name) AND kind = \(kind.rawValue) ORDER BY created_at LIMIT 1
            """, logger: logger)).first
    }

    static let keyset = Keyset(list: "organizations", [("created_at", .time), ("id", .id)])

    func list(_ page: PageRequest, kind: OrganizationKind?, logger: Logger) async throws -> Page<Organization> {
        let rows = try await decode(database.query(
            Self.keyset.page(
                """
                SELECT id, name, kind, credit_code, park, region, version, created_at, updated_at FROM organizations
                WHERE (\(kind?.rawValue)::text IS NULL OR kind = \(kind?.rawValue))
                """, after: page.after, limit: page.limit + 1),
            logger: logger))
        return Page(rows: rows, limit: page.limit) { Self.keyset.cursor(.time($0.createdAt), .id($0.id)) }
    }

    /// The directory: organisations of a neutral kind whose name contains `query` (on the trigram index), by name.
    static let directoryKeyset = Keyset(list: "directory", [("name", .text), ("id", .id)])

    func directory(kinds: [OrganizationKind], query: String?, page: PageRequest, logger: Logger) async throws -> Page<Organization> {
        let pattern = query.map(ContainsPattern.of)
        let rows = try await decode(database.query(
            Self.directoryKeyset.page(
                """
                SELECT id, name, kind, credit_code, park, region, version, created_at, updated_at FROM organizations
                WHERE kind = ANY(\(kinds.map(\.rawValue))) AND (\(pattern)::text IS NULL OR name ILIKE \(pattern))
                """, after: page.after, limit: page.limit + 1),
            logger: logger))
        return Page(rows: rows, limit: page.limit) { Self.directoryKeyset.cursor(.text($0.name), .id($0.id)) }
    }

    /// Renames or moves it to another park if `version` is still current; nil when another change came first.
    func update(
        _ id: UUID, name: String, park: String?, region: String?, version: Int, now: Date, on connection: PostgresConnection,
        logger: Logger
    ) async throws -> Organization? {
        try await decode(connection.query(
            """
            UPDATE organizations SET name = \(name), park = \(park), region = \(region), version = version + 1, updated_at = \(now)
            WHERE id = \(id) AND version = \(version)
            RETURNING id, name, kind, credit_code, park, region, version, created_at, updated_at
            """, logger: logger)).first
    }

    private func decode(_ rows: PostgresRowSequence) async throws -> [Organization] {
        var organizations: [Organization] = []
        for try await (id, name, kind, creditCode, park, region, version, createdAt, updatedAt) in rows.decode(
            (UUID, String, String, String?, String?, String?, Int, Date, Date).self)
        {
            organizations.append(Organization(
                id: id, name: name, kind: OrganizationKind(rawValue: kind) ?? .enterprise, creditCode: creditCode, park: park,
                region: region,
                version: version, createdAt: createdAt, updatedAt: updatedAt))
        }
        return organizations
    }
}
