import Foundation
import PostgresNIO

/// What the credit endpoints need.
struct CreditModule: Sendable {
    let database: PostgresClient
    let clock: any AppClock
    let policies: PolicyStore
    let authorizer: Authorizer
    let records: CreditRecordStore
    let organizations: OrganizationStore
    let recording: CreditRecording
    let proposals: CreditProposalStore
    let grades: CreditGradeStore
    let notifications: NotificationStore
}
