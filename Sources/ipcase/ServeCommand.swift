import ArgumentParser
import Foundation
import IPCaseServer
import Logging
import PostgresNIO

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Apply pending migrations, then serve the HTTP API until SIGINT or SIGTERM."
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
        if let limit = try Self.positiveInteger("IPCASE_LOGIN_MAX_FAILURES", environment) {
            configuration.loginThrottlePerAccount.maximumFailures = limit
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
