import Foundation
public import IPCaseDomain
import Logging
public import PostgresNIO

/// Recomputes every hash of the event log and reports the first broken link of each chain.
public enum ChainVerification {
    public struct Report: Sendable {
        public let chains: Int
        public let events: Int
        /// Each broken chain, named by its subject (a case number where there is one), with its first break.
        public let breaks: [(subject: String, break: ChainBreak)]

        public var isIntact: Bool { breaks.isEmpty }
    }

    /// One chain to check: `case:MED-2026-000001`, `case:<uuid>`, or any subject type with an id.
    public struct Selection: Sendable, Equatable {
        public let subjectType: String
        /// A subject id, or the label its capability gives it (a case number).
        public let subject: String

        /// Parses `TYPE:ID`.
        public init?(_ text: String) {
            let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
            self.init(subjectType: parts[0], subject: parts[1])
        }

        public init(subjectType: String, subject: String) {
            self.subjectType = subjectType
            self.subject = subject
        }
    }

    public enum VerificationError: Error, CustomStringConvertible {
        case unknownSubject(String)

        public var description: String {
            switch self {
            case .unknownSubject(let name): "No chain belongs to \(name)."
            }
        }
    }

    private struct Chain {
        let type: String
        let id: UUID
        var label: String
        /// The head as recorded, or nil when the head row is missing.
        var head: (seq: Int, hash: [UInt8])?
    }

    /// Only the chain of the case numbered `caseNumber`, or every chain.
    public static func verify(caseNumber: String?, on client: Database, logger: Logger) async throws -> Report {
        try await verify(
            caseNumber.map { Selection(subjectType: CaseRules.subjectType, subject: $0) }, on: client, logger: logger)
    }

    /// Every chain, or the selected one. Chains are found from their heads, from the subjects each
    /// capability lists (so a subject whose chain and head were both removed is found) and from the
    /// events themselves (so events without a head are found). Each chain must end at its head, so
    /// events cut from the end are found too. Events are read in pages per chain, so memory stays flat
    /// however long the log is.
    public static func verify(_ selection: Selection?, on client: Database, logger: Logger) async throws -> Report {
        try await verify(selection, subjectTypes: Capabilities.chainedSubjects, on: client, logger: logger)
    }

    static func verify(
        _ selection: Selection?, subjectTypes: [ChainedSubjectType], on client: Database, logger: Logger
    ) async throws -> Report {
        // One snapshot of every table read: while the server goes on appending, a chain read here always
        // ends exactly at the head read here, so a longer chain is never mistaken for a cut one.
        try await client.withConnection { connection in
            try await connection.query("START TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", logger: logger)
            do {
                let report = try await verify(selection, subjectTypes: subjectTypes, on: connection, logger: logger)
                try await connection.query("COMMIT", logger: logger)
                return report
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
        }
    }

    private static func verify(
        _ selection: Selection?, subjectTypes: [ChainedSubjectType], on client: PostgresConnection, logger: Logger
    ) async throws -> Report {
        var chains: [String: Chain] = [:]
        func key(_ type: String, _ id: UUID) -> String { "\(type) \(id.uuidString.lowercased())" }

        var wanted: (type: String, id: UUID)?
        if let selection {
            let type = subjectTypes.first { $0.name == selection.subjectType }
            var id = UUID(uuidString: selection.subject)
            if id == nil { id = try await type?.find(selection.subject, client, logger) }
            guard let id else {
                throw VerificationError.unknownSubject("\(selection.subjectType) \(selection.subject)")
            }
            wanted = (selection.subjectType, id)
        }
        var labels: [String: String] = [:]
        for subjectType in subjectTypes where wanted == nil || wanted?.type == subjectType.name {
            for (id, label) in try await subjectType.labels(client, logger) where wanted?.id == nil || wanted?.id == id {
                labels[key(subjectType.name, id)] = label
                chains[key(subjectType.name, id), default: Chain(type: subjectType.name, id: id, label: label)].label = label
            }
        }
        let heads = try await client.query(
            """
            SELECT subject_type, subject_id, last_seq, last_hash FROM chain_heads
            WHERE (\(wanted?.type)::text IS NULL OR subject_type = \(wanted?.type))
              AND (\(wanted?.id)::uuid IS NULL OR subject_id = \(wanted?.id))
            """, logger: logger)
        for try await (type, id, seq, hash) in heads.decode((String, UUID, Int, ByteBuffer).self) {
            chains[key(type, id)] = Chain(
                type: type, id: id, label: labels[key(type, id)] ?? id.uuidString.lowercased(),
                head: (seq, Array(hash.readableBytesView)))
        }
        let orphans = try await client.query(
            """
            SELECT DISTINCT e.subject_type, e.subject_id FROM events e
            WHERE NOT EXISTS (SELECT 1 FROM chain_heads h WHERE h.subject_type = e.subject_type AND h.subject_id = e.subject_id)
              AND (\(wanted?.type)::text IS NULL OR e.subject_type = \(wanted?.type))
              AND (\(wanted?.id)::uuid IS NULL OR e.subject_id = \(wanted?.id))
            """, logger: logger)
        for try await (type, id) in orphans.decode((String, UUID).self) where chains[key(type, id)] == nil {
            chains[key(type, id)] = Chain(type: type, id: id, label: id.uuidString.lowercased())
        }
        if let selection, chains.isEmpty {
            throw VerificationError.unknownSubject("\(selection.subjectType) \(selection.subject)")
        }

        let eventChain = EventChain()
        var eventCount = 0
        var breaks: [(String, ChainBreak)] = []
        for chain in chains.values.sorted(by: { ($0.type, $0.label) < ($1.type, $1.label) }) {
            let name = "\(chain.type) \(chain.label)"
            var verifier = ChainBreak.Verifier()
            var afterSeq = 0
            var last: ChainedEvent?
            var broken = false
            pages: while true {
                let page = try await eventChain.events(
                    subjectType: chain.type, subjectId: chain.id, afterSeq: afterSeq, limit: 1000, on: client, logger: logger)
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
            guard !broken else { continue }
            switch (chain.head, last) {
            case (nil, nil):
                breaks.append((name, ChainBreak(seq: 1, reason: "the \(chain.type) has no events and no head: its chain was removed")))
            case (nil, let last?):
                breaks.append((name, ChainBreak(
                    seq: last.seq, reason: "the chain has no head: its head row was removed, so a cut end could not be seen")))
            case (_?, nil):
                breaks.append((name, ChainBreak(seq: 1, reason: "the \(chain.type) has no events: its chain was removed")))
            case (let head?, let last?) where last.seq < head.seq:
                breaks.append((name, ChainBreak(
                    seq: last.seq + 1,
                    reason: "the chain ends at event \(last.seq), not at its head (event \(head.seq)): events were cut from its end")))
            case (let head?, let last?) where last.seq > head.seq:
                breaks.append((name, ChainBreak(
                    seq: head.seq + 1, reason: "events follow the chain's head (event \(head.seq)): they were added behind its back")))
            case (let head?, let last?) where last.hash != head.hash:
                breaks.append((name, ChainBreak(
                    seq: head.seq, reason: "event \(head.seq) is not the one its head recorded: the chain was rewritten")))
            default: break
            }
        }
        return Report(chains: chains.count, events: eventCount, breaks: breaks)
    }
}

/// A capability's subjects as `audit verify` names them: every subject of the type with its label
/// (a case's number), so that a subject whose whole chain and head were removed is still found.
struct ChainedSubjectType: Sendable {
    let name: String
    let labels: @Sendable (PostgresConnection, Logger) async throws -> [(UUID, String)]
    /// The subject a label names, for `--subject case:MED-2026-000001`.
    let find: @Sendable (String, PostgresConnection, Logger) async throws -> UUID?
}
