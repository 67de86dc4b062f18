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

    var resolvedDatabaseURL: String? {
        let value = databaseURL ?? environment["DATABASE_URL"]
        return value?.isEmpty == true ? nil : value
    }

    var resolvedDataDirectory: URL {
        let path = dataDirectory ?? environment["IPCASE_DATA_DIR"] ?? ".ipcase"
        return URL(fileURLWithPath: path, isDirectory: true).standardizedFileURL
    }

    func resolvedLogLevel() throws -> Logger.Level {
        let text = logLevel ?? environment["IPCASE_LOG_LEVEL"] ?? "info"
        guard let level = Logger.Level(rawValue: text.lowercased()) else {
            throw ValidationError("log level '\(text)' is not one of trace, debug, info, notice, warning, error, critical")
        }
        return level
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
