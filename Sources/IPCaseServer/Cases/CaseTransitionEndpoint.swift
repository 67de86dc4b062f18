import Foundation
import Hummingbird
import IPCaseDomain
import Logging

/// `POST /v1/cases/{id}/transitions`: take one workflow action. The order of checks decides the answer:
/// read access (404), If-Match (428, 412), the action's name (422), the state (409), the policies (403),
/// fields and guards (422), and finally the row version again when writing (412).
struct CaseTransitionEndpoint: EndpointCollection {
    let dependencies: CasesModule

    var endpoints: [Endpoint] {
        // The route needs read access; the action taken is then decided as `case.action.<name>`.
        [Endpoint(.post, "/v1/cases/{id}/transitions", access: .action("case.read"), handler: transition)]
    }

    @Sendable func transition(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let stored = try await dependencies.caseAccess.loadReadable(try context.pathID(), context: context)
        var fields = try await RequestBodyReader.decode([String: JSONValue].self, from: request, context: context)
        guard case .string(let actionName)? = fields.removeValue(forKey: "action") else {
            throw Problem.validation([FieldError("action", FieldMessage.actionRequired)])
        }
        let version = try Preconditions.requiredVersion(request)
        guard version == stored.version else { throw Preconditions.stale }

        let workflow = dependencies.policies.loaded.caseWorkflow
        let snapshot = stored.snapshot
        let allowed = workflow.manualActions(from: snapshot.state).map(\.name)
        guard let action = workflow.action(actionName), action.trigger == .manual else {
            throw Problem.validation([
                FieldError("action", FieldMessage.notAUserAction(state: snapshot.state, possible: allowed)),
            ])
        }
        guard action.from.contains(snapshot.state) else { throw Problem.impossible(actionName, state: snapshot.state, allowed: allowed) }
        try await dependencies.authorizer.require(
            workflow.policyAction(actionName), on: CasePolicy.entity(snapshot), readAction: "case.read", request: context)

        let now = dependencies.clock.now
        let transitionContext = TransitionContext(
            actor: .user(id: principal.userId, organizationId: principal.organizationId), fields: fields, now: now,
            timeZone: workflow.timeZone,
            users: try await referencedUsers(fields, of: action, logger: context.logger),
            organizations: try await referencedOrganizations(fields, of: action, logger: context.logger))
        let outcome: TransitionOutcome<CaseSnapshot>
        do {
            outcome = try workflow.take(actionName, on: snapshot, context: transitionContext)
        } catch {
            throw Problem.refused(error)
        }
        let newVersion = try await dependencies.database.transaction(logger: context.logger) { connection in
            guard let written = try await dependencies.caseWriter.update(
                outcome, previous: stored, workflow: workflow, now: now, on: connection, logger: context.logger)
            else { throw Preconditions.stale }
            return written
        }
        // What was written is what the workflow returned: no need to read it back.
        let updated = StoredCase(snapshot: outcome.snapshot, version: newVersion, updatedAt: now)
        let representation = CaseRepresentation(
            updated, workflow: workflow, today: CalendarDay(now, in: workflow.timeZone),
            availableActions: dependencies.caseAccess.available(
                on: updated.snapshot, for: principal, workflow: workflow, now: now, logger: context.logger))
        return try .json(representation, headers: [.eTag: Preconditions.etag(version: updated.version)])
    }

    /// The users and organisations the action's id fields name, as far as they exist.
    private func referencedUsers(
        _ fields: [String: JSONValue], of action: WorkflowAction<CaseRules>, logger: Logger
    ) async throws -> [UUID: ReferencedUser] {
        var users: [UUID: ReferencedUser] = [:]
        for field in action.fields where field.type == .user {
            guard case .string(let text)? = fields[field.name], let id = UUID(uuidString: text),
                  let user = try await dependencies.users.find(id, logger: logger)
            else { continue }
            users[id] = ReferencedUser(
                id: id, organizationId: user.organizationId, roles: Set(user.roles.map(\.rawValue)), active: user.status == .active)
        }
        return users
    }

    private func referencedOrganizations(
        _ fields: [String: JSONValue], of action: WorkflowAction<CaseRules>, logger: Logger
    ) async throws -> [UUID: ReferencedOrganization] {
        var organizations: [UUID: ReferencedOrganization] = [:]
        for field in action.fields {
            guard case .organization = field.type, case .string(let text)? = fields[field.name], let id = UUID(uuidString: text),
                  let organization = try await dependencies.organizations.find(id, logger: logger)
            else { continue }
            organizations[id] = ReferencedOrganization(id: id, kind: organization.kind.rawValue)
        }
        return organizations
    }
}
