import ArgumentParser
import Foundation
import IPCaseServer
import Logging
import PostgresNIO

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Apply pending migrations, then serve the HTTP API until SIGINT or SIGTERM.",
        discussion: """
            SIGHUP re-loads Policies/. Further settings, by environment only:
              IPCASE_ARGON2_MEMORY_KIB, IPCASE_ARGON2_ITERATIONS, IPCASE_ARGON2_PARALLELISM (never below 19456, 2, 1)
              IPCASE_SESSION_LIFETIME_MINUTES (720), IPCASE_SESSION_IDLE_MINUTES (60)
              IPCASE_LOGIN_MAX_FAILURES (5 per email in 15 minutes), IPCASE_LOGIN_MAX_FAILURES_PER_ADDRESS (50)
              IPCASE_MAX_DOCUMENT_BYTES (20971520: 20 MiB per uploaded document)
              IPCASE_TIMER_INTERVAL_SECONDS (30: how often deadline timers are checked)
            """
    )

    @OptionGroup var common: CommonOptions

    @Option(help: "Address to listen on (env: IPCASE_HOST, default 127.0.0.1).")
    var host: String?

    @Option(help: "Port to listen on (env: IPCASE_PORT, default 8080).")
    var port: Int?

    @Flag(help: "Seed the demo world (idempotent); its passwords go to <data-dir>/demo-credentials.")
    var demo = false

    func run() async throws {
        let logger = try common.makeLogger()
        let environment = common.environment
        let port = try port ?? environment["IPCASE_PORT"].map { text in
            guard let value = Int(text), (0...65535).contains(value) else {
                throw ValidationError("IPCASE_PORT '\(text)' is not a port number")
            }
            return value
        } ?? 8080
        var configuration = ServerConfiguration(
            host: host ?? environment["IPCASE_HOST"] ?? "127.0.0.1",
            port: port,
            databaseURL: common.resolvedDatabaseURL,
            dataDirectory: common.resolvedDataDirectory,
            logLevel: try common.resolvedLogLevel(),
            projectFiles: try ProjectFiles.locate()
        )
        configuration.seedDemo = demo
        // Argon2id cost; the server refuses to start below OWASP's minimum (m=19456 KiB, t=2, p=1).
        if let memory = try Self.positiveInteger("IPCASE_ARGON2_MEMORY_KIB", environment) {
            configuration.argon2.memoryKiB = UInt32(clamping: memory)
        }
        if let iterations = try Self.positiveInteger("IPCASE_ARGON2_ITERATIONS", environment) {
            configuration.argon2.iterations = UInt32(clamping: iterations)
        }
        if let lanes = try Self.positiveInteger("IPCASE_ARGON2_PARALLELISM", environment) {
            configuration.argon2.parallelism = UInt32(clamping: lanes)
        }
        if let minutes = try Self.positiveInteger("IPCASE_SESSION_LIFETIME_MINUTES", environment) {
            configuration.sessionLifetime = TimeInterval(minutes * 60)
        }
        if let minutes = try Self.positiveInteger("IPCASE_SESSION_IDLE_MINUTES", environment) {
            configuration.sessionIdleTimeout = TimeInterval(minutes * 60)
        }
        if let limit = try Self.positiveInteger("IPCASE_LOGIN_MAX_FAILURES", environment) {
            configuration.loginThrottlePerAccount.maximumFailures = limit
        }
        if let bytes = try Self.positiveInteger("IPCASE_MAX_DOCUMENT_BYTES", environment) {
            configuration.maxDocumentSize = bytes
        }
        if let seconds = try Self.positiveInteger("IPCASE_TIMER_INTERVAL_SECONDS", environment) {
            configuration.timerInterval = .seconds(seconds)
        }
        if let limit = try Self.positiveInteger("IPCASE_LOGIN_MAX_FAILURES_PER_ADDRESS", environment) {
            configuration.loginThrottlePerAddress.maximumFailures = limit
        }
        let connection = try await DatabaseConnection.open(
            databaseURL: configuration.databaseURL, dataDirectory: configuration.dataDirectory, logger: logger)
        do {
            let database = PostgresClient(configuration: connection.url.configuration, backgroundLogger: logger)
            let app = try buildApplication(configuration: configuration, database: database, logger: logger)
            try await app.runService()
        } catch {
            connection.close(logger: logger)
            throw error
        }
        connection.close(logger: logger)
    }

    static func positiveInteger(_ name: String, _ environment: [String: String]) throws -> Int? {
        guard let text = environment[name] else { return nil }
        guard let value = Int(text), value > 0 else { throw ValidationError("\(name) must be a positive whole number") }
        return value
    }
}
