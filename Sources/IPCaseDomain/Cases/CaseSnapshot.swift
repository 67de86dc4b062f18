public import Foundation

/// Which side of a dispute an organisation is on.
public enum PartySide: String, Sendable, Hashable, Codable, CaseIterable, CodingKeyRepresentable {
    case complainant, respondent

    public var other: PartySide { self == .complainant ? .respondent : .complainant }
}

/// Everything known about one case at one moment; the workflow reads it and returns the next one.
/// It is stored whole, and the columns the lists filter on are derived from it.
public struct CaseSnapshot: WorkflowSubject, Equatable, Codable {
    public struct Party: Sendable, Equatable, Codable {
        /// `nil` while the organisation has no account: a respondent is named by its credit code.
        public var organizationId: UUID?
        public var creditCode: String
        public var name: String

        public init(organizationId: UUID?, creditCode: String, name: String) {
            self.organizationId = organizationId
            self.creditCode = creditCode
            self.name = name
        }
    }

    public struct IPRight: Sendable, Equatable, Codable {
        public var type: String
        public var identifier: String
        public var title: String

        public init(type: String, identifier: String, title: String) {
            self.type = type
            self.identifier = identifier
            self.title = title
        }
    }

    public struct Agreement: Sendable, Equatable, Codable {
        public var terms: String
        /// An agreement that decides who owns an IP right, or whether it is valid, cannot be confirmed.
        public var determinesOwnershipOrValidity: Bool
        public var draftedAt: Date
        public var draftedBy: UUID
        public var signedAt: [PartySide: Date]
        /// The day of the last signature.
        public var effectiveOn: CalendarDay?
        /// SHA-256 of the exact terms, which each signature names.
        public var termsSha256: String?
        /// Who signed for each side, when, and the hash of the text they signed.
        public var signatures: [PartySide: Signature]?
    }

    public struct Signature: Sendable, Equatable, Codable {
        public var userId: UUID?
        public var at: Date
        public var termsSha256: String
    }

    /// Something said on the record: the respondent's answer (答辩), an answer to a report of non-performance.
    public struct Statement: Sendable, Equatable, Codable {
        public var text: String
        public var by: UUID?
        public var at: Date
    }

    /// The court's ruling on an application for judicial confirmation.
    public struct Ruling: Sendable, Equatable, Codable {
        /// `confirmed` or `denied`.
        public var decision: String
        public var number: String
        public var date: CalendarDay
        public var judgeUserId: UUID?
    }

    /// One party reported that the other did not perform; the other answers, the neutral decides.
    public struct NonPerformance: Sendable, Equatable, Codable {
        public var reportedBy: PartySide
        public var reason: String
        public var at: Date
        public var answer: Statement?
    }

    /// A party asked for the neutral's recusal (回避); the body decides.
    public struct Recusal: Sendable, Equatable, Codable {
        public var requestedBy: PartySide
        public var neutralUserId: UUID
        public var reason: String
        public var at: Date
    }

    /// A mediation session, and the documents of its minutes (笔录).
    public struct Session: Sendable, Equatable, Codable {
        public var id: UUID
        public var startsAt: Date
        public var place: String?
        public var link: String?
        public var scheduledBy: UUID?
        public var minutes: [UUID]
    }

    /// One party asked for something that needs both: an extension, arbitration, confirmation, a new mediation.
    public struct Proposal: Sendable, Equatable, Codable {
        public var proposedBy: PartySide
        public var at: Date
        /// The arbitration commission or court the proposal names.
        public var organizationId: UUID?
        public var consentedBy: PartySide?
    }

    public typealias Deadline = RunningDeadline

    public var id: UUID
    public var number: String
    public var filedAt: Date
    public var filedBy: UUID
    public var state: String
    public var outcome: String?
    public var stateEnteredAt: Date
    public var complainant: Party
    public var respondent: Party
    public var mediationBodyId: UUID
    public var ipRight: IPRight
    public var claims: String
    /// CNY as a decimal string, kept as text so no amount is ever rounded.
    public var amountClaimed: String?
    public var mediatorUserId: UUID?
    public var arbitrationCommissionId: UUID?
    public var arbitratorUserId: UUID?
    public var courtId: UUID?
    public var judgeUserId: UUID?
    public var agreement: Agreement?
    public var award: String?
    /// The day by which the agreement or award is to be performed: non-performance is reported only after it.
    public var performanceDueOn: CalendarDay?
    public var respondentAnswer: Statement?
    public var ruling: Ruling?
    public var nonPerformance: NonPerformance?
    public var recusal: Recusal?
    public var sessions: [Session]?
    public var proposals: [ProposalTopic: Proposal]
    public var deadlines: [Deadline]

    public init(
        id: UUID, number: String, filedAt: Date, filedBy: UUID, state: String, complainant: Party, respondent: Party,
        mediationBodyId: UUID, ipRight: IPRight, claims: String, amountClaimed: String?
    ) {
        self.id = id
        self.number = number
        self.filedAt = filedAt
        self.filedBy = filedBy
        self.state = state
        self.stateEnteredAt = filedAt
        self.complainant = complainant
        self.respondent = respondent
        self.mediationBodyId = mediationBodyId
        self.ipRight = ipRight
        self.claims = claims
        self.amountClaimed = amountClaimed
        self.proposals = [:]
        self.deadlines = []
    }

    public var label: String { number }

    public func party(_ side: PartySide) -> Party { side == .complainant ? complainant : respondent }

    /// The side `organizationId` is on, if it is a party.
    public func side(of organizationId: UUID) -> PartySide? {
        if complainant.organizationId == organizationId { return .complainant }
        if respondent.organizationId == organizationId { return .respondent }
        return nil
    }

    /// The users serving the case as mediator, arbitrator or judge.
    public var neutralUserIds: [UUID] { [mediatorUserId, arbitratorUserId, judgeUserId].compactMap { $0 } }

    /// A drafted agreement waits for at least one signature.
    public var isAwaitingSignatures: Bool {
        guard let agreement else { return false }
        return agreement.signedAt.count < PartySide.allCases.count
    }
}

/// What two parties must both agree to.
public enum ProposalTopic: String, Sendable, Hashable, Codable, CaseIterable, CodingKeyRepresentable {
    case extension_ = "extension"
    case arbitration, confirmation, remediation
    /// That the agreement or award was performed: one party reports it, the other confirms.
    case performance
}
