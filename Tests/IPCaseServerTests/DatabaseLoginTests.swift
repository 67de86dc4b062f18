import Foundation
import PostgresNIO
import Testing
@testable import IPCaseServer

/// A `DATABASE_URL` the server refuses stops every command at once, naming the setting to fix, instead of
/// a minute of the pool's retries ending in a bare `ConnectionPoolError`.
@Suite("Database login")
struct DatabaseLoginTests {
    /// The test server's address as a URL, with another user or database.
    func url(user: String, database: String) async throws -> String {
        let maintenance = try await TestPostgres.shared.prepared().maintenance
        if let socket = maintenance.unixSocketPath {
            let folder = (socket as NSString).deletingLastPathComponent
            let port = socket.split(separator: ".").last.map(String.init) ?? "5432"
            return "postgres:///\(database)?host=\(folder)&port=\(port)&user=\(user)"
        }
        return "postgres://\(user)@\(maintenance.host ?? "localhost"):\(maintenance.port ?? 5432)/\(database)?sslmode=disable"
    }

    func refusal(databaseURL: String, ownerURL: String? = nil) async throws -> (DatabaseLoginRefused, Duration) {
        let started = ContinuousClock.now
        do {
            _ = try await DatabaseConnection.open(
                databaseURL: databaseURL, ownerURL: ownerURL, dataDirectory: URL(fileURLWithPath: "/nonexistent"),
                logger: TestPostgres.logger)
        } catch let refused as DatabaseLoginRefused {
            return (refused, ContinuousClock.now - started)
        }
        throw TestFailure("the login was not refused")
    }

    @Test("a role that does not exist is refused at once, naming DATABASE_URL, the user and PostgreSQL's reason")
    func unknownRole() async throws {
        let (refused, took) = try await refusal(databaseURL: try await url(user: "nobody_here", database: "postgres"))
        #expect(took < .seconds(5))
        #expect(refused.sqlState == "28000")
        #expect(refused.description.contains(#"user "nobody_here""#))
        #expect(refused.description.contains("Check DATABASE_URL."))
        #expect(refused.description.contains(#"role "nobody_here" does not exist"#))
    }

    @Test("a database that does not exist, in the owner's URL, names IPCASE_MIGRATION_DATABASE_URL")
    func unknownDatabase() async throws {
        let maintenance = try await TestPostgres.shared.prepared().maintenance
        let (refused, _) = try await refusal(
            databaseURL: try await url(user: maintenance.username, database: "postgres"),
            ownerURL: try await url(user: maintenance.username, database: "no_such_database"))
        #expect(refused.sqlState == "3D000")
        #expect(refused.description.contains("Check IPCASE_MIGRATION_DATABASE_URL."))
    }

    @Test("a login that works passes the check")
    func working() async throws {
        let maintenance = try await TestPostgres.shared.prepared().maintenance
        let connection = try await DatabaseConnection.open(
            databaseURL: try await url(user: maintenance.username, database: "postgres"),
            dataDirectory: URL(fileURLWithPath: "/nonexistent"), logger: TestPostgres.logger)
        #expect(connection.url.configuration.database == "postgres")
    }
}
