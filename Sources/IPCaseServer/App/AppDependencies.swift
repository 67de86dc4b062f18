import Foundation
import Logging
import PostgresNIO

/// The service's parts that handlers share, built once per application.
struct AppDependencies: Sendable {
    let configuration: ServerConfiguration
    let database: PostgresClient
    let migrator: Migrator
    let logger: Logger

    init(configuration: ServerConfiguration, database: PostgresClient, logger: Logger) throws {
        self.configuration = configuration
        self.database = database
        self.logger = logger
        self.migrator = Migrator(
            client: database, files: try MigrationFile.load(from: configuration.projectFiles.migrations), logger: logger)
    }
}
