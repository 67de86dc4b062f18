import Foundation
import IPCaseDomain

/// A self-assessment as the API shows it: the template it is bound to, every answer, and two separate
/// figures, progress (how much is answered) and compliance (the score and level so far).
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
    let progress: Progress
    let score: Score
    let version: Int
    let availableActions: [AvailableAction]

    init(_ stored: VersionedSubject<ComplianceAssessment>, availableActions: [WorkflowAction<ComplianceRules>]) {
        let subject = stored.snapshot
        let computed = subject.score
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
        progress = Progress(answered: computed.answered, total: computed.total)
        score = Score(
            score: computed.score, level: computed.level,
            sections: computed.sections.map { .init(sectionId: $0.sectionId, score: $0.score, answered: $0.answered, total: $0.total) },
            mandatoryNotCompliant: computed.mandatoryNotCompliant)
        version = stored.version
        self.availableActions = availableActions.map(AvailableAction.init)
    }
}
