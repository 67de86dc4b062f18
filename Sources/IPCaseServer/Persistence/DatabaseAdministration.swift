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
}
