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
                Every chain of every subject type is walked from its head (chain_heads), so events cut from the
                end of a chain are found too.
                Then the transparency log: every event, audit row and credit-feed entry has its entry, committing to
                what the row holds now; the leaves run without a gap; and the tree rebuilt from them has the root
                the tree row and every signed checkpoint give. A whole chain rewritten with recomputed hashes is
                found here, and a tree rewritten too is found by `ipcase transparency verify-consistency` against
                a checkpoint kept outside.
                Exits 0 when every chain and the log hold, 1 when one is broken.
                """
        )

        @OptionGroup var common: CommonOptions

        @Option(name: .customLong("case"), help: "Only the chain of this case, by number (e.g. MED-2026-000123).")
        var caseNumber: String?

        @Option(
            name: .customLong("subject"),
            help: "Only this chain, as TYPE:ID: a subject type and an id, or a case number (case:MED-2026-000123).")
        var subject: String?

        func validate() throws {
            if caseNumber != nil, subject != nil { throw ValidationError("Give --case or --subject, not both.") }
            if let subject, ChainVerification.Selection(subject) == nil {
                throw ValidationError("--subject takes TYPE:ID, e.g. case:MED-2026-000123 or toy:<uuid>.")
            }
        }

        func run() async throws {
            let logger = try common.makeLogger()
            let connection = try await common.openDatabase(logger: logger)
            defer { connection.close(logger: logger) }
            let selection = subject.flatMap(ChainVerification.Selection.init)
                ?? caseNumber.map { ChainVerification.Selection(subjectType: "case", subject: $0) }
            try await ChainCheck.run(selection, on: connection, logger: logger)
        }
    }
}
