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
        let (stored, names) = try await dependencies.caseAccess.loadReadableNamed(try context.pathID(), context: context)
        var fields = try await RequestBodyReader.decode([String: JSONValue].self, from: request, context: context)
        guard case .string(let actionName)? = fields.removeValue(forKey: "action") else {
            throw Problem.validation([FieldError("action", FieldMessage.actionRequired)])
        }
        // Minutes are an upload: the document is stored with the step, through the documents endpoint.
        if actionName == "recordMinutes" {
            throw Problem.validation([FieldError("action", FieldMessage.minutesHaveTheirOwnEndpoint)])
        }
        let workflow = dependencies.policies.loaded.caseWorkflow
        let transition = WorkflowTransition(
            writer: dependencies.caseWriter, database: dependencies.database, authorizer: dependencies.authorizer,
            clock: dependencies.clock)
        let logger = context.logger
        let body = fields
        let updated = try await transition.take(
            actionName, fields: fields, on: stored, workflow: workflow, entity: CasePolicy.entity(stored.snapshot),
            readAction: "case.read", request: request, context: context
        ) { action in
            (try await referencedUsers(body, of: action, logger: logger),
             try await referencedOrganizations(body, of: action, logger: logger))
        }
        let now = updated.updatedAt
        let representation = CaseRepresentation(
            updated, workflow: workflow, today: CalendarDay(now, in: workflow.timeZone),
            availableActions: dependencies.caseAccess.available(
                on: updated.snapshot, for: principal, workflow: workflow, now: now, logger: context.logger),
            names: try await CaseNames(database: dependencies.database).of(updated.snapshot, knowing: names, logger: context.logger))
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
