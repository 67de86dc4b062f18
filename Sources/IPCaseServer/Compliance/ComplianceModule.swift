import Foundation
import PostgresNIO

/// What the compliance endpoints need.
struct ComplianceModule: Sendable {
    let database: Database
    let clock: any AppClock
    let policies: PolicyStore
    let authorizer: Authorizer
    let organizations: OrganizationStore
    let assessments: ComplianceAssessmentStore
    let writer: WorkflowWriter<ComplianceAssessmentStore>
    let documents: DocumentStore
    let documentSubmission: DocumentSubmission
    let audit: AuditLog
    let maxDocumentSize: Int

    /// Expiry of approved assessments, their reminders and the notices before evidence lapses.
    var deadlineTimers: any TimerHandler {
        WorkflowDeadlineTimers(writer: writer, policies: policies, clock: clock)
    }
}
