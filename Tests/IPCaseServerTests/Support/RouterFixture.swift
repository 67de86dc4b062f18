import Hummingbird
import PostgresNIO
@testable import IPCaseServer

/// The real router, built without serving, for tests that walk its routes.
enum RouterFixture {
    static func build() async throws -> (Router<AppRequestContext>, RouteCatalog) {
        // The client is never run: walking routes needs no database.
        let database = Database(
            configuration: .init(unixSocketPath: "/nonexistent", username: "none", password: nil, database: nil),
            logger: TestPostgres.logger)
        let dependencies = try AppDependencies(configuration: TestApp.configuration(), database: database, logger: TestPostgres.logger)
        return try buildRouter(dependencies)
    }
}
