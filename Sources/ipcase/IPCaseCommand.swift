import ArgumentParser
import IPCaseServer

@main
struct IPCaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ipcase",
        abstract: "IP-protection case and credit management service.",
        discussion: """
            Serves the HTTP API for mediators, enterprises and regulators, backed by PostgreSQL.
            Without --database-url (or DATABASE_URL) it runs a private PostgreSQL cluster under the data folder.
            """,
        version: ServiceVersion.current,
        subcommands: [ServeCommand.self, MigrateCommand.self, AdminCommand.self, PolicyCommand.self, AuditCommand.self, TransparencyCommand.self, CreditCommand.self, BackupCommand.self, RestoreCommand.self],
        defaultSubcommand: nil
    )
}
