public import Foundation
public import Logging
import PostgresNIO

/// How every command that needs the database finds it: `DATABASE_URL` when given, otherwise the embedded
/// cluster, attached to if a running `serve` started it, or started for the length of the command.
///
/// Two roles reach it. The owner (`url`) runs migrations and the operator's commands; the service
/// (`serviceURL`) serves requests and may only read and write rows (`Migrations/0013_service_role.sql`).
/// The embedded cluster has both; elsewhere `DATABASE_URL` is the service's and
/// `IPCASE_MIGRATION_DATABASE_URL` the owner's, or `DATABASE_URL` serves as both (and `serve` warns).
/// Each given URL is tried once before anything else, so a refused login stops the command at once.
public struct DatabaseConnection: Sendable {
    public let url: DatabaseURL
    public let serviceURL: DatabaseURL
    /// Set when the embedded cluster is in use; closing it stops the cluster if this process started it.
    public let embedded: EmbeddedPostgres.Session?

    public static func open(
        databaseURL: String?, ownerURL: String? = nil, dataDirectory: URL, logger: Logger
    ) async throws -> DatabaseConnection {
        if let databaseURL, !databaseURL.isEmpty {
            let service = try DatabaseURL(databaseURL)
            let owner = try ownerURL.flatMap { $0.isEmpty ? nil : try DatabaseURL($0) }
            try await service.checkLogin(setting: "DATABASE_URL", logger: logger)
            try await owner?.checkLogin(setting: "IPCASE_MIGRATION_DATABASE_URL", logger: logger)
            return DatabaseConnection(url: owner ?? service, serviceURL: service, embedded: nil)
        }
        let session = try EmbeddedPostgres(dataDirectory: dataDirectory).start()
        do {
            let url = try DatabaseURL(session.databaseURL)
            var maintenance = url.configuration
            maintenance.database = "postgres"
            try await Database.withScoped(maintenance, logger: logger) { client in
                try await DatabaseAdministration.createDatabase(EmbeddedPostgres.databaseName, on: client, logger: logger)
                try await DatabaseAdministration.allowServiceLogin(on: client, logger: logger)
            }
            if session.adopted {
                logger.warning(
                    "adopted embedded PostgreSQL left running by a process that is gone; it stops with this one",
                    metadata: ["data": "\(dataDirectory.path)"])
            } else if session.startedHere {
                logger.info("started embedded PostgreSQL", metadata: ["data": "\(dataDirectory.path)"])
            }
            return DatabaseConnection(url: url, serviceURL: try DatabaseURL(session.serviceURL), embedded: session)
        } catch {
            try? session.close()
            throw error
        }
    }

    public func close(logger: Logger) {
        guard let embedded else { return }
        do {
            try embedded.close()
            if embedded.startedHere { logger.info("stopped embedded PostgreSQL") }
        } catch {
            logger.error("could not stop embedded PostgreSQL: \(error)")
        }
    }
}
