import Foundation
import PostgresNIO
@testable import IPCaseServer

/// Counts the statements the application's database role sent, as PostgreSQL itself counted them
/// (`pg_stat_statements`, which the embedded cluster loads): `BEGIN` and `COMMIT` included.
struct StatementCount: Sendable {
    let database: Database

    /// Whether this server counts statements at all (a `TEST_DATABASE_URL` server may not load the module).
    func available() async throws -> Bool {
        try await TestPostgres.shared.asOwner(database) { owner in
            for try await loaded in try await owner.query(
                "SELECT count(*) > 0 FROM pg_available_extensions WHERE name = 'pg_stat_statements' AND current_setting('shared_preload_libraries') LIKE '%pg_stat_statements%'",
                logger: TestPostgres.logger
            ).decode(Bool.self) { return loaded }
            return false
        }
    }

    /// Forgets what this database's statements have counted so far.
    func reset() async throws {
        try await TestPostgres.shared.asOwner(database) { owner in
            try await owner.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements", logger: TestPostgres.logger)
            try await owner.query(
                "SELECT pg_stat_statements_reset(0, (SELECT oid FROM pg_database WHERE datname = current_database()), 0)",
                logger: TestPostgres.logger)
        }
    }

    /// The statements the service's role sent on this database since `reset`, each with how often.
    func sent() async throws -> [(query: String, calls: Int)] {
        let role = database.configuration.username
        return try await TestPostgres.shared.asOwner(database) { owner in
            var sent: [(String, Int)] = []
            for try await (query, calls) in try await owner.query(
                """
                SELECT query, calls::int FROM pg_stat_statements
                WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
                  AND userid = (SELECT oid FROM pg_roles WHERE rolname = \(role))
                  -- postgres-nio's pool keeps idle connections alive with `SELECT 1` every 30 s; on a busy
                  -- machine one can fall inside the window counted, and it is no request's.
                  AND query <> 'SELECT $1'
                ORDER BY calls DESC, query
                """, logger: TestPostgres.logger
            ).decode((String, Int).self) { sent.append((query, calls)) }
            return sent
        }
    }

    /// How many statements `body` caused, and which, for the message of a failing test.
    func counting(_ body: () async throws -> Void) async throws -> (total: Int, statements: String) {
        try await reset()
        try await body()
        let sent = try await sent()
        return (sent.reduce(0) { $0 + $1.calls }, sent.map { "\($0.calls) × \($0.query)" }.joined(separator: "\n"))
    }
}
