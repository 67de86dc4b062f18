import ArgumentParser
import Foundation
import IPCaseDomain
import IPCaseServer
import Logging
import PostgresNIO
import Hummingbird

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Apply pending migrations, then serve the HTTP API until SIGINT or SIGTERM.",
        discussion: """
            SIGHUP re-loads Policies/. Every setting, by environment (flags override the first five):
            \(EnvironmentSettings.helpText)
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
        var environment = common.environment
        // Flags win over the environment; the library reads the result, as the tests and the image do.
        if let host { environment["IPCASE_HOST"] = host }
        if let port { environment["IPCASE_PORT"] = String(port) }
        environment["DATABASE_URL"] = common.resolvedDatabaseURL ?? ""
        environment["IPCASE_DATA_DIR"] = common.resolvedDataDirectory.path
        environment["IPCASE_LOG_LEVEL"] = try common.resolvedLogLevel().rawValue
        let files = try ProjectFiles.locate()
        var configuration: ServerConfiguration
        do {
            configuration = try ServerConfiguration(environment: environment, projectFiles: files)
        } catch {
            throw ValidationError(error.description)
        }
        configuration.seedDemo = demo
        let (signer, created) = try TransparencySigningKey.load(
            file: configuration.transparencySigningKeyFile, dataDirectory: configuration.dataDirectory,
            originPrefix: configuration.transparencyOriginPrefix)
        configuration.transparencySigner = signer
        // The verifier key is public: anyone who keeps a checkpoint needs it (also at /v1/transparency/key).
        print("Transparency log \(signer.name)\(created ? ", with a signing key made now" : ""); its verifier key:\n  \(signer.verifier.encoded)")
        fflush(nil)
        let connection = try await DatabaseConnection.open(
            databaseURL: configuration.databaseURL, ownerURL: environment["IPCASE_MIGRATION_DATABASE_URL"],
            dataDirectory: configuration.dataDirectory, logger: logger)
        do {
            let database = Database(
                configuration: connection.serviceURL.configuration, logger: logger,
                timing: Database.Timing(outageWait: configuration.databaseWait))
            let app = try buildApplication(
                configuration: configuration, database: database, logger: logger,
                migrationDatabase: connection.url.configuration)
            try await app.runService()
        } catch {
            connection.close(logger: logger)
            throw error
        }
        connection.close(logger: logger)
    }
}
