import ArgumentParser
import Foundation
import IPCaseServer
import Logging

struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write the whole database, documents included, to a file (pg_dump's custom format).",
        discussion: """
            Works on the embedded cluster (started for the length of the command if no server runs) and on
            DATABASE_URL (as IPCASE_MIGRATION_DATABASE_URL's owner when set), while the service serves. The file is
            written whole or not at all, readable by its owner alone: it holds password hashes and confidential
            documents. Ends by verifying every event chain of the database it read, as `audit verify` does.
            Restore it with `ipcase restore --from FILE` into an empty database.
            """
    )

    @OptionGroup var common: CommonOptions

    @Option(name: .customLong("to"), help: "The file to write, e.g. ipcase-2026-12-02.dump.")
    var file: String

    func run() async throws {
        let logger = try common.makeLogger()
        let connection = try await common.openDatabase(logger: logger)
        defer { connection.close(logger: logger) }
        let written = try DatabaseBackup.dump(connection.url, to: URL(fileURLWithPath: file))
        print("wrote \(file): \(written.bytes) bytes, SHA-256 \(written.sha256)")
        try await ChainCheck.run(nil, on: connection, logger: logger)
    }
}

struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Load a file written by `ipcase backup` into an empty database.",
        discussion: """
            The target is the embedded cluster of --data-dir (a fresh folder gives a fresh cluster) or DATABASE_URL
            (as IPCASE_MIGRATION_DATABASE_URL's owner when set); it must not yet hold ipcase's tables. The restore
            runs in one transaction and ends by verifying every event chain, as `audit verify` does; it exits 1
            if one is broken. The role ipcase_service must exist on the target (the embedded cluster has it).
            """
    )

    @OptionGroup var common: CommonOptions

    @Option(name: .customLong("from"), help: "The file `ipcase backup --to` wrote.")
    var file: String

    func run() async throws {
        let logger = try common.makeLogger()
        let connection = try await common.openDatabase(logger: logger)
        defer { connection.close(logger: logger) }
        let read = try await Database.withScoped(connection.url.configuration, logger: logger) { database in
            try await DatabaseBackup.restore(connection.url, from: URL(fileURLWithPath: file), on: database, logger: logger)
        }
        print("restored \(file) (\(read.bytes) bytes, SHA-256 \(read.sha256)) into \(connection.url)")
        try await ChainCheck.run(nil, on: connection, logger: logger)
    }
}

/// What `audit verify` prints for every chain, and exit status 1 if one is broken.
enum ChainCheck {
    static func run(_ selection: ChainVerification.Selection?, on connection: DatabaseConnection, logger: Logger) async throws {
        let (report, log) = try await Database.withScoped(connection.url.configuration, logger: logger) { database in
            (try await ChainVerification.verify(selection, on: database, logger: logger),
             // The log spans every chain; checking one chain alone leaves it out.
             selection == nil ? try await TransparencyVerification.verify(on: database, logger: logger) : nil)
        }
        for (subject, broken) in report.breaks {
            print("BROKEN \(subject): \(broken)")
        }
        if report.isIntact {
            print("ok: \(report.chains) chain(s), \(report.events) event(s), every hash holds")
        } else {
            print("\(report.breaks.count) of \(report.chains) chain(s) broken")
        }
        if let log {
            for problem in log.problems { print("BROKEN transparency log: \(problem)") }
            if log.isIntact {
                print("ok: transparency log of \(log.leaves) leaves (\(log.queued) entries queued), \(log.checkpoints) checkpoint(s), every leaf and root holds")
            }
        }
        if !report.isIntact || log?.isIntact == false { throw ExitCode(1) }
    }
}
