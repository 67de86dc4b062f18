import ArgumentParser
import Foundation
import IPCaseServer
import Logging
import PostgresNIO

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply the pending migrations of Migrations/ to the database.",
        discussion: "Each migration runs in its own transaction. An applied migration that was edited is refused."
    )

    @OptionGroup var common: CommonOptions

    @Flag(help: "List the migrations that would be applied, and apply nothing.")
    var dryRun = false

    func run() async throws {
        let logger = try common.makeLogger()
        let files = try MigrationFile.load(from: try ProjectFiles.locate().migrations)
        let connection = try await common.openDatabase(logger: logger)
        defer { connection.close(logger: logger) }
        let listed = try await Database.withScoped(connection.url.configuration, logger: logger) { client in
            let migrator = Migrator(client: client, files: files, logger: logger)
            return try await dryRun ? migrator.pending() : migrator.migrate()
        }
        let verb = dryRun ? "would apply" : "applied"
        print(listed.isEmpty ? "Nothing to apply: the database is up to date." : "\(verb) \(listed.count) migration(s):")
        for file in listed { print("  \(file.fileName)") }
    }
}
