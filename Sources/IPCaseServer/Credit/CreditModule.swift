import Foundation
import Hummingbird
import IPCaseDomain
import PostgresNIO

/// What the credit endpoints need.
struct CreditModule: Sendable {
    let database: Database
    let clock: any AppClock
    let policies: PolicyStore
    let authorizer: Authorizer
    let records: CreditRecordStore
    let organizations: OrganizationStore
    let recording: CreditRecording
    let proposals: CreditProposalStore
    let grades: CreditGradeStore
    let notifications: NotificationStore
    let objections: CreditApplications<CreditObjectionRules>
    let repairs: CreditApplications<CreditRepairRules>
    let commitments: CreditApplications<CreditCommitmentRules>
    let publicView: PublicCreditView
    let publicRateLimit: RateLimiter
    let feed: CreditFeed
    let documents: DocumentStore
    let documentSubmission: DocumentSubmission
    let audit: AuditLog
    let maxDocumentSize: Int
    let idempotency: IdempotencyKeys
}

extension CreditModule {
    /// The timer handlers of the credit workflows: a repair's reminders before each working-day limit.
    var deadlineTimers: [any TimerHandler] {
        [
            WorkflowDeadlineTimers(writer: objections.writer, policies: policies, clock: clock),
            WorkflowDeadlineTimers(writer: repairs.writer, policies: policies, clock: clock),
            WorkflowDeadlineTimers(writer: commitments.writer, policies: policies, clock: clock),
            CreditPublicationTimer(feed: feed, records: records, clock: clock),
        ]
    }

    /// The endpoints of objections, repairs and commitments.
    var applicationEndpoints: [any EndpointCollection] {
        let objections = CreditApplicationEndpoints(dependencies: self, applications: objections, path: "/v1/credit/objections")
        let repairs = CreditApplicationEndpoints(dependencies: self, applications: repairs, path: "/v1/credit/repairs")
        let commitments = CreditApplicationEndpoints(dependencies: self, applications: commitments, path: "/v1/credit/commitments")
        return [
            objections, repairs, commitments,
            CreditApplicationDocuments(dependencies: self, applications: objections),
            CreditApplicationDocuments(dependencies: self, applications: repairs),
            CreditApplicationDocuments(dependencies: self, applications: commitments),
            CreditApplicationFiling(dependencies: self, objections: objections, repairs: repairs, commitments: commitments),
            CreditRecordDocuments(dependencies: self),
        ]
    }
}

extension CreditModule {
    /// The record of the path, if the principal may take `action` on it: 404 when it may not even read it,
    /// so that ids cannot be probed.
    func record(_ context: AppRequestContext, for action: String) async throws -> CreditRecord {
        guard let record = try await records.find(try context.pathID(), logger: context.logger) else { throw Problem.notFound() }
        let subject = try await organizations.find(creditCode: record.creditCode, logger: context.logger)
        try await authorizer.require(
            action, on: CreditPolicy.record(record, subjectOrganizationId: subject?.id), readAction: "credit.record.read",
            request: context)
        return record
    }
}
