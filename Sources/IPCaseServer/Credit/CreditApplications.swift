import Foundation
import IPCaseDomain
import Logging
import PostgresNIO

/// One kind of credit application (objections, repairs or commitments): its store, and the one workflow
/// writer over it.
struct CreditApplications<Rules: CreditApplicationRules>: Sendable {
    let store: CreditApplicationStore<Rules>
    let writer: WorkflowWriter<CreditApplicationStore<Rules>>

    /// Submits a new application: its workflow's initial state, deadlines and notifications, and its first event.
    func submit(
        _ application: CreditApplication, workflow: WorkflowDefinition<Rules>, now: Date, logger: Logger
    ) async throws -> VersionedSubject<CreditApplication> {
        let outcome: TransitionOutcome<CreditApplication>
        do {
            outcome = try workflow.start(
                application, action: "submit", payload: Self.payload(application),
                context: TransitionContext(
                    actor: .user(id: application.submittedBy, organizationId: application.organizationId), now: now,
                    timeZone: workflow.timeZone))
        } catch {
            throw Problem.refused(error)
        }
        do {
            try await store.database.transaction(logger: logger) { connection in
                try await writer.insert(outcome, workflow: workflow, now: now, on: connection, logger: logger)
            }
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            // The unique index allows one open objection and one open repair per record.
            throw Problem.validation([FieldError("recordId", CreditMessage.alreadyOpen(Rules.subjectType))])
        }
        return VersionedSubject(snapshot: outcome.subject, version: 1, updatedAt: now)
    }

    /// What the first event records of the application: what was submitted, not who read it.
    static func payload(_ application: CreditApplication) -> [String: JSONValue] {
        var payload: [String: JSONValue] = ["text": .string(application.text), "creditCode": .string(application.creditCode)]
        if let commitment = application.commitment { payload["commitment"] = .string(commitment) }
        if let purpose = application.purpose { payload["purpose"] = .string(purpose) }
        if let validUntil = application.validUntil { payload["validUntil"] = .string(validUntil.description) }
        return payload
    }
}
