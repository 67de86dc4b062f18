public import Foundation

/// What a subject brings before the credit authority and a regulator decides: an objection to a record
/// (异议), an application to repair one (信用修复), or a credit commitment (信用承诺). Each is moved by its
/// own workflow in `Policies/workflows/` (docs/domain.md#ip-credit); they share this shape.
public struct CreditApplication: WorkflowSubject, Equatable, Codable {
    public let id: UUID
    /// The record objected to or to be repaired; nil for a commitment.
    public let recordId: UUID?
    public let creditCode: String
    /// The subject's organisation, which applies and is told of every decision.
    public let organizationId: UUID
    /// The regulator organisation that decides: for a record, the one that recorded it (谁认定、谁修复);
    /// for a commitment, the authority it was made to, when named.
    public let authorityId: UUID?
    public let submittedBy: UUID
    public let submittedAt: Date
    /// The grounds of an objection, the statement of a repair, the text of a commitment.
    public let text: String
    /// A repair's signed credit commitment.
    public let commitment: String?
    /// A commitment's purpose and the last day it is valid.
    public let purpose: String?
    public let validUntil: CalendarDay?

    public var state: String
    public var outcome: String?
    public var stateEnteredAt: Date
    public var deadlines: [RunningDeadline]
    /// The regulator's last decision with its reason, in the words it was given.
    public var decidedBy: UUID?
    public var decisionReason: String?

    public var label: String { String(id.uuidString.lowercased().prefix(8)) }

    public init(
        id: UUID = UUID(), recordId: UUID?, creditCode: String, organizationId: UUID, authorityId: UUID?, submittedBy: UUID,
        submittedAt: Date, text: String, commitment: String? = nil, purpose: String? = nil, validUntil: CalendarDay? = nil
    ) {
        self.id = id
        self.recordId = recordId
        self.creditCode = creditCode
        self.organizationId = organizationId
        self.authorityId = authorityId
        self.submittedBy = submittedBy
        self.submittedAt = submittedAt
        self.text = text
        self.commitment = commitment
        self.purpose = purpose
        self.validUntil = validUntil
        state = ""
        stateEnteredAt = submittedAt
        deadlines = []
    }
}

/// The purposes a credit commitment is made for (信用承诺).
public enum CommitmentPurpose: String, Sendable, CaseIterable, Codable {
    case funding, subsidy, bidding, exhibition, award, repair, other
}

/// A change to a credit record that a credit workflow decided: the one consequence writer applies it in
/// the transaction of the step, checked by the credit model in force.
public enum CreditRecordChange: Sendable, Equatable {
    /// An upheld objection takes the record back.
    case revoke(recordId: UUID, reason: String?)
    /// An approved repair ends its publication, stops its sharing and lifts its measures.
    case repair(recordId: UUID)
    /// An objection opened (true) or was rejected (false): partners see the record as disputed meanwhile.
    case dispute(recordId: UUID, disputed: Bool)
    /// A new record of `kind` decided today: a kept commitment (positive) or a breached one (kind 5).
    case record(RecordedFinding)
    /// What a source proposed has lapsed (an approved assessment expired, or a later one replaced it):
    /// its open proposals are withdrawn and the records confirmed from them end.
    case lapse(LapsedSource)

    public struct LapsedSource: Sendable, Equatable {
        public let sourceType: String
        /// One subject's proposals; every subject's of the type for the credit code when `nil`.
        public let sourceId: UUID?
        /// A subject whose proposals stay (the approval that replaces the others).
        public let except: UUID?
        public let creditCode: String
        public let reason: String

        public init(sourceType: String, sourceId: UUID?, except: UUID? = nil, creditCode: String, reason: String) {
            self.sourceType = sourceType
            self.sourceId = sourceId
            self.except = except
            self.creditCode = creditCode
            self.reason = reason
        }
    }

    public struct RecordedFinding: Sendable, Equatable {
        public let creditCode: String
        public let organizationId: UUID?
        public let kind: String
        public let tier: String?
        public let decisionNumber: String
        public let legalBasis: String
        public let facts: String
        public let publicationMonths: Int?

        public init(
            creditCode: String, organizationId: UUID?, kind: String, tier: String?, decisionNumber: String, legalBasis: String,
            facts: String, publicationMonths: Int?
        ) {
            self.creditCode = creditCode
            self.organizationId = organizationId
            self.kind = kind
            self.tier = tier
            self.decisionNumber = decisionNumber
            self.legalBasis = legalBasis
            self.facts = facts
            self.publicationMonths = publicationMonths
        }
    }
}
