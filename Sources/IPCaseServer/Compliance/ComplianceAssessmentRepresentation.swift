import Foundation
import IPCaseDomain

/// A self-assessment as the API shows it: the template it is bound to, every answer beside the reviewer's
/// finding, its evidence with what is in force today, two separate figures, progress (how much is answered)
/// and compliance (the score and level so far, and as reviewed), and what an approval fixed.
struct ComplianceAssessmentRepresentation: Encodable, Sendable {
    struct Progress: Encodable, Sendable {
        let answered: Int
        let total: Int
    }

    struct Score: Encodable, Sendable {
        struct Section: Encodable, Sendable {
            let sectionId: String
            let score: Double?
            let answered: Int
            let total: Int
        }

        let score: Double?
        let level: String
        let sections: [Section]
        /// The mandatory items that keep the level down.
        let mandatoryNotCompliant: [String]

        init(_ computed: ComplianceScore) {
            score = computed.score
            level = computed.level
            sections = computed.sections.map { .init(sectionId: $0.sectionId, score: $0.score, answered: $0.answered, total: $0.total) }
            mandatoryNotCompliant = computed.mandatoryNotCompliant
        }
    }

    /// A piece of evidence; with its document's name, type, size and hash where the document was looked up
    /// (the evidence list), without them inside the assessment.
    struct Evidence: Encodable, Sendable {
        let documentId: UUID
        var filename: String? = nil
        var contentType: String? = nil
        var size: Int? = nil
        var sha256: String? = nil
        let itemIds: [String]
        let effectiveOn: CalendarDay
        let expiresOn: CalendarDay?
        let version: Int
        let supersedes: UUID?
        let supersededBy: UUID?
        let carriedOver: Bool
        /// Counts for its items today.
        let inForce: Bool
        let addedAt: Date
        let content: String

        init(_ piece: ComplianceEvidence, of assessmentId: UUID, today: CalendarDay, document: StoredDocument? = nil) {
            documentId = piece.documentId
            filename = document?.filename
            contentType = document?.contentType
            size = document?.size
            sha256 = document?.sha256
            itemIds = piece.itemIds
            effectiveOn = piece.effectiveOn
            expiresOn = piece.expiresOn
            version = piece.version
            supersedes = piece.supersedes
            supersededBy = piece.supersededBy
            carriedOver = piece.carriedOver
            inForce = piece.isInForce(on: today)
            addedAt = piece.addedAt
            content = "/v1/compliance/assessments/\(assessmentId.uuidString.lowercased())/evidence/\(piece.documentId.uuidString.lowercased())/content"
        }
    }

    let id: UUID
    let organizationId: UUID
    let creditCode: String
    let templateId: String
    let templateVersion: String
    let templateHash: String
    let groups: [String]
    let startedBy: UUID
    let startedAt: Date
    let state: String
    let outcome: String?
    let answers: [String: ComplianceAssessment.Answer]
    let findings: [String: ReviewFinding]
    /// The items the last review sent back, to be revised before submitting again.
    let returnedItems: [String]
    let evidence: [Evidence]
    let progress: Progress
    /// On the enterprise's own answers.
    let score: Score
    /// On the reviewer's findings where they stand: what an approval would fix.
    let reviewedScore: Score
    let baselineId: UUID?
    let submittedAt: Date?
    let approval: ComplianceApproval?
    /// The day the state's first deadline falls: the review's, or the last day of an approval's validity.
    let dueOn: CalendarDay?
    let overdue: Bool
    let version: Int
    let availableActions: [AvailableAction]

    init(
        _ stored: VersionedSubject<ComplianceAssessment>, workflow: WorkflowDefinition<ComplianceRules>, now: Date,
        availableActions: [WorkflowAction<ComplianceRules>]
    ) {
        let subject = stored.snapshot
        let computed = subject.score
        let today = CalendarDay(now, in: workflow.timeZone)
        id = subject.id
        organizationId = subject.organizationId
        creditCode = subject.creditCode
        templateId = subject.templateId
        templateVersion = subject.templateVersion
        templateHash = subject.templateHash
        groups = subject.groups
        startedBy = subject.startedBy
        startedAt = subject.startedAt
        state = subject.state
        outcome = subject.outcome
        answers = subject.answers
        findings = subject.findings
        returnedItems = subject.returnedItems
        evidence = subject.evidence.map { Evidence($0, of: subject.id, today: today) }
        progress = Progress(answered: computed.answered, total: computed.total)
        score = Score(computed)
        reviewedScore = Score(subject.reviewedScore)
        baselineId = subject.baselineId
        submittedAt = subject.submittedAt
        approval = subject.approval
        dueOn = subject.deadlines.first?.dueOn
        overdue = workflow.dutyDueOn(subject).map { today > $0 } ?? false
        version = stored.version
        self.availableActions = availableActions.map(AvailableAction.init)
    }
}
