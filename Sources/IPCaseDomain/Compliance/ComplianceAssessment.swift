public import Foundation

/// An enterprise's self-assessment against one checklist template (docs/domain.md#trade-secret-compliance),
/// moved by `Policies/workflows/compliance-assessments.yaml`. It keeps the template's id, version and hash
/// and the scheme it is scored on, so a later version of the template never re-scores it.
public struct ComplianceAssessment: WorkflowSubject, Equatable, Codable {
    /// The enterprise's own answer to one item.
    public struct Answer: Sendable, Equatable, Codable {
        public var result: ItemResult
        public var note: String?
        /// Why the item does not apply; required for `not_applicable`.
        public var justification: String?
        public var answeredBy: UUID?
        public var answeredAt: Date
        /// Carried over from the baseline: to be confirmed (answered again) before submission.
        public var needsConfirmation = false
    }

    public let id: UUID
    public let organizationId: UUID
    public let creditCode: String
    public let templateId: String
    public let templateVersion: String
    public let templateHash: String
    public let groups: [String]
    public let scheme: ChecklistScheme
    public let startedBy: UUID
    public let startedAt: Date
    public var answers: [String: Answer]
    /// Every piece of evidence, with the versions it superseded.
    public var evidence: [ComplianceEvidence] = []
    /// The reviewer's findings by item, beside the answers.
    public var findings: [String: ReviewFinding] = [:]
    /// The approved assessment it started from, whose answers and evidence it carried over.
    public var baselineId: UUID?
    public var submittedAt: Date?
    /// Who last returned items: under four eyes, not the one who approves.
    public var lastReturnedBy: UUID?
    public var approval: ComplianceApproval?

    public var state: String
    public var outcome: String?
    public var stateEnteredAt: Date
    public var deadlines: [RunningDeadline]

    public var label: String { "\(templateId) \(String(id.uuidString.lowercased().prefix(8)))" }

    public init(
        id: UUID = UUID(), organizationId: UUID, creditCode: String, template: ChecklistTemplate, groups: [String],
        startedBy: UUID, startedAt: Date
    ) {
        self.id = id
        self.organizationId = organizationId
        self.creditCode = creditCode
        templateId = template.id
        templateVersion = template.version
        templateHash = template.hash
        self.groups = groups.sorted()
        scheme = template.scheme(groups: Set(groups))
        self.startedBy = startedBy
        self.startedAt = startedAt
        answers = [:]
        state = ""
        stateEnteredAt = startedAt
        deadlines = []
    }

    /// Starts from an approved assessment of the same template: its answers and its evidence in force carry
    /// over, each answer to be confirmed again; the reviewer's findings and the approval stay behind.
    public mutating func carryOver(from baseline: ComplianceAssessment, today: CalendarDay) {
        baselineId = baseline.id
        for (id, answer) in baseline.answers where scheme.item(id) != nil {
            var carried = answer
            carried.needsConfirmation = true
            answers[id] = carried
        }
        evidence = baseline.evidenceInForce(on: today).map { $0.carried() }
    }

    /// The enterprise's own results, as scoring reads them.
    public var results: [String: ItemResult] { answers.mapValues(\.result) }

    /// How far it is answered and how compliant it is so far.
    public var score: ComplianceScore { scheme.score(results) }
}
