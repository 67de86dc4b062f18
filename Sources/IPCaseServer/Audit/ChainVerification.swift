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

    /// Every chain, or only the one of the case numbered `caseNumber`. Events are read in pages per
    /// subject, so memory stays flat however long the log is.
    public static func verify(caseNumber: String?, on client: PostgresClient, logger: Logger) async throws -> Report {
        var subjects: [(type: String, id: UUID, label: String)] = []
        if let caseNumber {
            let rows = try await client.query("SELECT id FROM cases WHERE number = \(caseNumber.uppercased())", logger: logger)
            for try await id in rows.decode(UUID.self) { subjects.append(("case", id, caseNumber.uppercased())) }
            guard !subjects.isEmpty else { throw VerificationError.unknownCase(caseNumber) }
        } else {
            let rows = try await client.query(
                """
                SELECT DISTINCT e.subject_type, e.subject_id, coalesce(c.number, e.subject_id::text)
                FROM events e LEFT JOIN cases c ON e.subject_type = 'case' AND c.id = e.subject_id
                ORDER BY 1, 3
                """, logger: logger)
            for try await (type, id, label) in rows.decode((String, UUID, String).self) { subjects.append((type, id, label)) }
        }
        let chain = EventChain()
        var eventCount = 0
        var breaks: [(String, ChainBreak)] = []
        for subject in subjects {
            var verifier = ChainBreak.Verifier()
            var afterSeq = 0
            pages: while true {
                let page = try await chain.events(
                    subjectType: subject.type, subjectId: subject.id, afterSeq: afterSeq, limit: 1000, on: client, logger: logger)
                eventCount += page.count
                for event in page {
                    if let found = verifier.check(event) {
                        breaks.append(("\(subject.type) \(subject.label)", found))
                        break pages
                    }
                }
                guard page.count == 1000, let last = page.last else { break }
                afterSeq = last.seq
            }
        }
        return Report(chains: subjects.count, events: eventCount, breaks: breaks)
    }
}
