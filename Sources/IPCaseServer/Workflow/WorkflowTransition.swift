import Foundation
import Hummingbird
import IPCaseDomain
import PostgresNIO

/// One user action on a stored subject, for every capability, in the order whose answers the API
/// documents: If-Match (428, 412), the action's name (422), the state (409), the policies (403), fields and
/// guards (422), and the row version again when writing (412). The capability brings its subject, its
/// policy entity and what the action's fields name, and may write what the action rests on alongside.
struct WorkflowTransition<Store: WorkflowSubjectStore>: Sendable {
    typealias Rules = Store.Rules

    let writer: WorkflowWriter<Store>
    let database: Database
    let authorizer: Authorizer
    let clock: any AppClock

    /// The users and organisations an action's fields name, as far as they exist.
    typealias References = @Sendable (WorkflowAction<Rules>) async throws -> (
        users: [UUID: ReferencedUser], organizations: [UUID: ReferencedOrganization]
    )

    func take(
        _ actionName: String, fields: [String: JSONValue], on stored: VersionedSubject<Rules.Subject>,
        workflow: WorkflowDefinition<Rules>, entity: PolicyEntity, readAction: String, request: Request,
        context: AppRequestContext, references: References = { _ in ([:], [:]) },
        alongside: (@Sendable (PostgresConnection) async throws -> Void)? = nil
    ) async throws -> VersionedSubject<Rules.Subject> {
        let principal = try context.requirePrincipal()
        let version = try Preconditions.requiredVersion(request)
        guard version == stored.version else { throw Preconditions.stale }
        let subject = stored.snapshot
        // What a refusal offers instead: only the actions of the state this caller may take.
        let allowed = workflow.manualActions(from: subject.state).map(\.name).filter {
            authorizer.decide(workflow.policyAction($0), resource: entity, principal: principal, logger: context.logger).isAllowed
        }
        guard let action = workflow.action(actionName), action.trigger == .manual else {
            throw Problem.validation([FieldError("action", FieldMessage.notAUserAction(state: subject.state, possible: allowed))])
        }
        guard action.from.contains(subject.state) else { throw Problem.impossible(actionName, state: subject.state, allowed: allowed) }
        try await authorizer.require(workflow.policyAction(actionName), on: entity, readAction: readAction, request: context)

        let now = clock.now
        let (users, organizations) = try await references(action)
        let outcome: TransitionOutcome<Rules.Subject>
        do {
            outcome = try workflow.take(
                actionName, on: subject,
                context: TransitionContext(
                    actor: .user(id: principal.userId, organizationId: principal.organizationId), fields: fields, now: now,
                    timeZone: workflow.timeZone, users: users, organizations: organizations))
        } catch {
            throw Problem.refused(error)
        }
        // One statement writes the step, atomic on its own; a transaction only when more must go with it.
        let write: @Sendable (PostgresConnection) async throws -> Int = { connection in
            // What the action rests on and is written with it (the evidence document).
            try await alongside?(connection)
            guard let written = try await writer.update(
                outcome, previous: stored, workflow: workflow, now: now, on: connection, logger: context.logger)
            else { throw Preconditions.stale }
            return written
        }
        let newVersion = if alongside == nil, !WorkflowWriter<Store>.needsTransaction(outcome) {
            try await database.withConnection { try await write($0) }
        } else {
            try await database.transaction(logger: context.logger, write)
        }
        // What was written is what the workflow returned: no need to read it back.
        return VersionedSubject(snapshot: outcome.subject, version: newVersion, updatedAt: now)
    }
}
