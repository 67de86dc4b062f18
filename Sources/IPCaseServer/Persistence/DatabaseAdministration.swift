import Logging
public import PostgresNIO

/// Creating databases, which cannot be done with bound parameters: names are checked against a strict
/// pattern before they are put into SQL.
public enum DatabaseAdministration {
    public struct InvalidName: Error, CustomStringConvertible {
        let name: String
        public var description: String { "'\(name)' is not a valid database name (lower-case letters, digits, _)" }
    }

    static func checked(_ name: String) throws -> String {
        guard name.wholeMatch(of: /[a-z_][a-z0-9_]{0,62}/) != nil else { throw InvalidName(name: name) }
        return name
    }

    /// Creates `name` on the server `client` is connected to, unless it exists; optionally as a copy of
    /// `template`, which is how each test gets a migrated database in milliseconds.
    public static func createDatabase(
        _ name: String, template: String? = nil, on client: Database, logger: Logger
    ) async throws {
        let name = try checked(name)
        let rows = try await client.query("SELECT 1 FROM pg_database WHERE datname = \(name)", logger: logger)
        for try await _ in rows { return }
        var sql = "CREATE DATABASE \(name)"
        if let template { sql += " TEMPLATE \(try checked(template))" }
        try await client.query(PostgresQuery(unsafeSQL: sql), logger: logger)
    }

    public static func dropDatabase(_ name: String, on client: Database, logger: Logger) async throws {
        let name = try checked(name)
        try await client.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"), logger: logger)
    }

    /// The role the service runs as (`Migrations/0013_service_role.sql` grants it rows and nothing more).
    public static let serviceRole = "ipcase_service"

    /// Lets the service role log in, creating it first if no migration has yet: for clusters ipcase runs
    /// itself (the embedded one, the tests'), where connecting through the private socket is the login.
    public static func allowServiceLogin(on client: Database, logger: Logger) async throws {
        try await client.query(
            """
            DO $$ BEGIN
                IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'ipcase_service') THEN
                    ALTER ROLE ipcase_service LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE;
                ELSE
                    CREATE ROLE ipcase_service LOGIN;
                END IF;
            END $$
            """, logger: logger)
    }

    /// Why a role is more than the service needs, for `serve` to warn about: a superuser, or the owner of tables.
    public static func excessPrivileges(on client: Database, logger: Logger) async throws -> [String] {
        var excess: [String] = []
        let rows = try await client.query(
            """
            SELECT current_user::text, rolsuper,
                   (SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user)::int
            FROM pg_roles WHERE rolname = current_user
            """, logger: logger)
        for try await (user, superuser, owned) in rows.decode((String, Bool, Int).self) {
            if superuser { excess.append("role \(user) is a superuser") }
            if owned > 0 { excess.append("role \(user) owns \(owned) tables") }
        }
        return excess
    }
}
