import Foundation
import IPCaseDomain
import Logging
import PostgresNIO

/// Recomputes every hash of the event log and reports the first broken link of each chain.
public enum ChainVerification {
    public struct Report: Sendable {
        public let chains: Int
        public let events: Int
        /// Each broken chain, named by its subject (a case number where there is one), with its first break.
        public let breaks: [(subject: String, break: ChainBreak)]

        public var isIntact: Bool { breaks.isEmpty }
    }

    public enum VerificationError: Error, CustomStringConvertible {
        case unknownCase(String)

        public var description: String {
            switch self {
            case .unknownCase(let number): "No case is numbered \(number)."
            }
        }
    }

    /// Every chain, or only the one of the case numbered `caseNumber`. Cases are listed from `cases`, not
    /// from the events, so a case whose events were all removed is found; each chain must end in the
    /// head hash its case row recorded, so events cut from the end are found too. Events are read in
    /// pages per subject, so memory stays flat however long the log is.
    public static func verify(caseNumber: String?, on client: PostgresClient, logger: Logger) async throws -> Report {
        var subjects: [(type: String, id: UUID, label: String, head: [UInt8]?)] = []
        let rows = try await client.query(
            """
            SELECT id, number, chain_head FROM cases WHERE \(caseNumber?.uppercased())::text IS NULL OR number = \(caseNumber?.uppercased())
            ORDER BY number
            """, logger: logger)
        for try await (id, number, head) in rows.decode((UUID, String, ByteBuffer?).self) {
            subjects.append(("case", id, number, head.map { Array($0.readableBytesView) }))
        }
        if let caseNumber, subjects.isEmpty { throw VerificationError.unknownCase(caseNumber) }
        if caseNumber == nil {
            // Chains of other subjects (none yet but cases) are verified too, without a head to compare.
            let others = try await client.query(
                "SELECT DISTINCT subject_type, subject_id FROM events WHERE subject_type <> 'case' ORDER BY 1, 2", logger: logger)
            for try await (type, id) in others.decode((String, UUID).self) {
                subjects.append((type, id, id.uuidString.lowercased(), nil))
            }
        }
        let chain = EventChain()
        var eventCount = 0
        var breaks: [(String, ChainBreak)] = []
        for subject in subjects {
            let name = "\(subject.type) \(subject.label)"
            var verifier = ChainBreak.Verifier()
            var afterSeq = 0
            var last: ChainedEvent?
            var broken = false
            pages: while true {
                let page = try await chain.events(
                    subjectType: subject.type, subjectId: subject.id, afterSeq: afterSeq, limit: 1000, on: client, logger: logger)
                eventCount += page.count
                for event in page {
                    if let found = verifier.check(event) {
                        breaks.append((name, found))
                        broken = true
                        break pages
                    }
                    last = event
                }
                guard page.count == 1000, let tail = page.last else { break }
                afterSeq = tail.seq
            }
            guard !broken, subject.type == "case" else { continue }
            if last == nil {
                breaks.append((name, ChainBreak(seq: 1, reason: "the case has no events: its chain was removed")))
            } else if let last, last.hash != subject.head {
                breaks.append((name, ChainBreak(
                    seq: last.seq + 1, reason: "the chain ends at event \(last.seq), not at the head the case recorded: events were cut from its end")))
            }
        }
        return Report(chains: subjects.count, events: eventCount, breaks: breaks)
    }
}
