import Foundation
import PostgresNIO

/// What the compliance endpoints need.
struct ComplianceModule: Sendable {
    let database: PostgresClient
    let clock: any AppClock
    let policies: PolicyStore
    let authorizer: Authorizer
    let organizations: OrganizationStore
    let assessments: ComplianceAssessmentStore
    let writer: WorkflowWriter<ComplianceAssessmentStore>
}
