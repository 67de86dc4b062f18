import Foundation
import IPCaseDomain

/// An objection, repair application or commitment as the API shows it: the application, where its
/// workflow stands, by when the authority must act and whether it is late, and what the caller may do now.
struct CreditApplicationRepresentation: Encodable, Sendable {
    struct Deadline: Encodable, Sendable {
        let name: String
        let description: LocalizedText
        let dueOn: CalendarDay
        let workingDays: Bool
        let extensionsUsed: Int
    }

    let id: UUID
    let type: String
    let recordId: UUID?
    let creditCode: String
    let organizationId: UUID
    let authorityId: UUID?
    let submittedBy: UUID
    let submittedAt: Date
    let text: String
    let commitment: String?
    let purpose: String?
    let validUntil: CalendarDay?
    let state: String
    let outcome: String?
    let decidedBy: UUID?
    let decisionReason: String?
    let deadlines: [Deadline]
    /// The earliest day by which the authority must act; past it, the application is overdue.
    let dueOn: CalendarDay?
    let overdue: Bool
    let version: Int
    let availableActions: [AvailableAction]

    init<Rules: CreditApplicationRules>(
        _ stored: VersionedSubject<CreditApplication>, workflow: WorkflowDefinition<Rules>, today: CalendarDay,
        availableActions: [WorkflowAction<Rules>]
    ) {
        let subject = stored.snapshot
        id = subject.id
        type = Rules.subjectType
        recordId = subject.recordId
        creditCode = subject.creditCode
        organizationId = subject.organizationId
        authorityId = subject.authorityId
        submittedBy = subject.submittedBy
        submittedAt = subject.submittedAt
        text = subject.text
        commitment = subject.commitment
        purpose = subject.purpose
        validUntil = subject.validUntil
        state = subject.state
        outcome = subject.outcome
        decidedBy = subject.decidedBy
        decisionReason = subject.decisionReason
        deadlines = subject.deadlines.compactMap { running in
            workflow.deadline(running.name).map {
                Deadline(
                    name: running.name, description: $0.description, dueOn: running.dueOn, workingDays: $0.workingDays,
                    extensionsUsed: running.extensionsUsed)
            }
        }
        dueOn = workflow.dutyDueOn(subject)
        overdue = dueOn.map { today > $0 } ?? false
        version = stored.version
        self.availableActions = availableActions.map(AvailableAction.init)
    }
}
