import ArgumentParser
import Foundation
import IPCaseServer
import Logging
import PostgresNIO

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check the integrity of the event log.",
        subcommands: [Verify.self]
    )

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Recompute every event hash and name the first broken link of each chain.",
            discussion: """
                Each event's hash is SHA-256 over the previous event's hash and the event's canonical encoding, so
                an event changed, removed or reordered directly in the database breaks its chain from there on.
                Exits 0 when every chain holds, 1 when one is broken.
                """
        )

        @OptionGroup var common: CommonOptions

        @Option(name: .customLong("case"), help: "Only the chain of this case, by number (e.g. MED-2026-000123).")
        var caseNumber: String?

        func run() async throws {
            let logger = try common.makeLogger()
            let connection = try await DatabaseConnection.open(
                databaseURL: common.resolvedDatabaseURL, dataDirectory: common.resolvedDataDirectory, logger: logger)
            defer { connection.close(logger: logger) }
            let report = try await PostgresClient.withScoped(connection.url.configuration, logger: logger) { client in
                try await ChainVerification.verify(caseNumber: caseNumber, on: client, logger: logger)
            }
            for (subject, broken) in report.breaks {
                print("BROKEN \(subject): \(broken)")
            }
            if report.isIntact {
                print("ok: \(report.chains) chain(s), \(report.events) event(s), every hash holds")
            } else {
                print("\(report.breaks.count) of \(report.chains) chain(s) broken")
                throw ExitCode(1)
            }
        }
    }
}
