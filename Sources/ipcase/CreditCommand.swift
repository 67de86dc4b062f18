import ArgumentParser
import Foundation
import IPCaseDomain
import IPCaseServer
import Logging
import PostgresNIO

struct CreditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "credit",
        abstract: "Work on IP credit records and grades.",
        subcommands: [Recompute.self]
    )

    struct Recompute: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "recompute",
            abstract: "Score every subject with the credit model and list those whose grade would change.",
            discussion: """
                Reads Policies/credit-model.yaml and every credit record, computes each subject's score and grade as of
                the day given (today in the model's time zone by default), and lists each subject whose computed grade
                differs from its published one, as: CREDIT-CODE published -> computed (score). Changes nothing: a
                regulator issues the new grades. Exits 0 when no grade differs, 3 when some do.
                """
        )

        @OptionGroup var common: CommonOptions

        @Option(name: .customLong("as-of"), help: "The day to score as of, YYYY-MM-DD.")
        var asOf: String?

        @Option(help: "The policies folder (default: Policies/ of the project).")
        var policies: String?

        func validate() throws {
            if let asOf, CalendarDay(asOf) == nil { throw ValidationError("--as-of takes a day as YYYY-MM-DD, e.g. 2026-12-31.") }
        }

        func run() async throws {
            let logger = try common.makeLogger()
            let folder = try policies.map { URL(fileURLWithPath: $0) } ?? ProjectFiles.locate().policies
            let model = try CreditRecompute.model(policies: folder)
            let day = asOf.flatMap(CalendarDay.init) ?? CalendarDay(Date(), in: model.timeZone)
            let connection = try await common.openDatabase(logger: logger)
            defer { connection.close(logger: logger) }
            // A progress line on a terminal only: piped output stays the list alone.
            let onTerminal = isatty(STDERR_FILENO) == 1
            let started = Date()
            let report = try await Database.withScoped(connection.url.configuration, logger: logger) { client in
                try await CreditRecompute.run(model: model, asOf: day, on: client, logger: logger) { done in
                    if onTerminal { FileHandle.standardError.write(Data("\r\(done) subjects scored".utf8)) }
                }
            }
            if onTerminal { FileHandle.standardError.write(Data("\n".utf8)) }
            for difference in report.differences {
                print("\(difference.creditCode) \(difference.published) -> \(difference.computed) (\(difference.score))")
            }
            let seconds = String(format: "%.2f", Date().timeIntervalSince(started))
            print("\(report.subjects) subject(s), \(report.records) record(s) as of \(day) with model \(model.version) in \(seconds) s: "
                + "\(report.differences.count) grade(s) differ from the published one")
            if !report.differences.isEmpty { throw ExitCode(3) }
        }
    }
}
