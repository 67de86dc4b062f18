import ArgumentParser
import Foundation
import IPCaseServer
import Logging

/// The options every command that needs the database shares, each with its environment variable.
struct CommonOptions: ParsableArguments {
    @Option(name: .customLong("database-url"), help: "PostgreSQL URL (env: DATABASE_URL). Unset: the embedded cluster.")
    var databaseURL: String?

    @Option(name: .customLong("data-dir"), help: "Folder for the embedded cluster and local state (env: IPCASE_DATA_DIR, default .ipcase).")
    var dataDirectory: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical (env: IPCASE_LOG_LEVEL, default info).")
    var logLevel: String?

    var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// The environment with these flags written over it, read as the library reads every setting.
    private var overridden: [String: String] {
        var environment = environment
        if let databaseURL { environment["DATABASE_URL"] = databaseURL }
        if let dataDirectory { environment["IPCASE_DATA_DIR"] = dataDirectory }
        if let logLevel { environment["IPCASE_LOG_LEVEL"] = logLevel }
        return environment
    }

    var resolvedDatabaseURL: String? { EnvironmentSettings.databaseURL(overridden) }

    /// The owner's URL for migrations and the operator's commands, when `DATABASE_URL` is the service's.
    var ownerDatabaseURL: String? { environment["IPCASE_MIGRATION_DATABASE_URL"] }

    /// The database as the owner sees it, for the operator's commands; close it when done.
    func openDatabase(logger: Logger) async throws -> DatabaseConnection {
        try await DatabaseConnection.open(
            databaseURL: resolvedDatabaseURL, ownerURL: ownerDatabaseURL, dataDirectory: resolvedDataDirectory, logger: logger)
    }

    var resolvedDataDirectory: URL { EnvironmentSettings.dataDirectory(overridden) }

    func resolvedLogLevel() throws -> Logger.Level {
        do { return try EnvironmentSettings.logLevel(overridden) } catch { throw ValidationError(error.description) }
    }

    /// Sets up JSON-lines logging once for the process and returns the command's logger.
    func makeLogger() throws -> Logger {
        let level = try resolvedLogLevel()
        LoggingSystem.bootstrap { JSONLogHandler(label: $0, level: level) }
        var logger = Logger(label: "ipcase")
        logger.logLevel = level
        return logger
    }
}
