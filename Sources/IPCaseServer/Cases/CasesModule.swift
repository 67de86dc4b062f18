import Foundation
import PostgresNIO

/// What the case capability's endpoints, timers and demo need: its store, writer and access, the
/// shared documents, chain and idempotency keys, and the directory look-ups a case's fields name.
struct CasesModule: Sendable {
    let database: Database
    let clock: any AppClock
    let policies: PolicyStore
    let authorizer: Authorizer
    let audit: AuditLog
    let cases: CaseStore
    let caseWriter: CaseWriter
    let caseAccess: CaseAccess
    let events: EventChain
    let documents: DocumentStore
    let documentSubmission: DocumentSubmission
    let maxDocumentSize: Int
    let idempotency: IdempotencyKeys
    let organizations: OrganizationStore
    let users: UserStore

    /// The handler that fires case deadlines.
    var deadlineTimers: WorkflowDeadlineTimers<CaseStore> {
        WorkflowDeadlineTimers(writer: caseWriter, policies: policies, clock: clock)
    }
}
