import Foundation
import Hummingbird
import IPCaseDomain
import Logging

/// What objections, repairs and commitments share: a list (an enterprise's holds its own), one
/// application with the actions the caller may take, and `POST …/{id}/transitions` to take one. The
/// workflow says when an action is possible, `Policies/access/credit.yaml` who may take it.
struct CreditApplicationEndpoints<Rules: CreditApplicationRules>: EndpointCollection {
    let dependencies: CreditModule
    let applications: CreditApplications<Rules>
    /// `/v1/credit/objections`, `/v1/credit/repairs`, `/v1/credit/commitments`.
    let path: String

    var endpoints: [Endpoint] {
        [
            Endpoint(.get, path, access: .action("\(Rules.subjectType).list"), handler: list),
            Endpoint(.get, "\(path)/{id}", access: .action(readAction), handler: read),
            Endpoint(.post, "\(path)/{id}/transitions", access: .action(readAction), handler: transition),
        ]
    }

    private var readAction: String { "\(Rules.subjectType).read" }
    private var workflow: WorkflowDefinition<Rules> { dependencies.policies.loaded.workflows[Rules.self] }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let page = try PageRequest(request, list: CreditApplicationStore<Rules>.keyset)
        let query = request.uri.queryParameters
        try QueryParameters.refuseUnknown(query, allowed: ["limit", "cursor", "state", "creditCode", "purpose"])
        var filter = CreditApplicationStore<Rules>.Filter()
        if let state = query["state"].map(String.init) {
            guard workflow.state(state) != nil else { throw QueryParameters.invalid("state", FieldMessage.oneOf(workflow.stateNames)) }
            filter.state = state
        }
        if let code = query["creditCode"].map(String.init) {
            guard let valid = UnifiedSocialCreditCode(validating: code) else { throw QueryParameters.invalid("creditCode", FieldMessage.notValid) }
            filter.creditCode = valid.description
        }
        if let purpose = query["purpose"].map(String.init) {
            guard CommitmentPurpose(rawValue: purpose) != nil else {
                throw QueryParameters.invalid("purpose", FieldMessage.oneOf(CommitmentPurpose.allCases.map(\.rawValue)))
            }
            filter.purpose = purpose
        }
        try await dependencies.authorizer.require("\(Rules.subjectType).list", on: .platform, request: context)
        // Regulators search all of them; anyone else sees only their own organisation's.
        if !principal.roles.contains(.regulator) { filter.organizationId = principal.organizationId }
        let now = dependencies.clock.now
        let workflow = workflow
        let stored = try await applications.store.list(filter, page: page, logger: context.logger)
        return try .json(
            stored.map { representation($0, principal: principal, workflow: workflow, now: now, logger: context.logger) },
            headers: [.cacheControl: "no-store"])
    }

    @Sendable func read(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let stored = try await readable(context)
        let shown = representation(stored, principal: principal, workflow: workflow, now: dependencies.clock.now, logger: context.logger)
        return try .json(shown, headers: [.eTag: Preconditions.etag(version: stored.version), .cacheControl: "no-store"])
    }

    /// `{"action": "accept", …fields}` with `If-Match`: the same order of checks as a case's transitions.
    @Sendable func transition(_ request: Request, context: AppRequestContext) async throws -> Response {
        let stored = try await readable(context)
        var fields = try await RequestBodyReader.decode([String: JSONValue].self, from: request, context: context)
        guard case .string(let action)? = fields.removeValue(forKey: "action") else {
            throw Problem.validation([FieldError("action", FieldMessage.actionRequired)])
        }
        return try await take(action, fields: fields, on: stored, request: request, context: context)
    }

    /// Takes one action on a stored application for the principal, answering with the new representation.
    func take(
        _ actionName: String, fields: [String: JSONValue], on stored: VersionedSubject<CreditApplication>, request: Request,
        context: AppRequestContext
    ) async throws -> Response {
        let principal = try context.requirePrincipal()
        let workflow = workflow
        let transition = WorkflowTransition(
            writer: applications.writer, database: dependencies.database, authorizer: dependencies.authorizer,
            clock: dependencies.clock)
        let updated = try await transition.take(
            actionName, fields: fields, on: stored, workflow: workflow, entity: CreditPolicy.application(stored.snapshot),
            readAction: readAction, request: request, context: context)
        let now = updated.updatedAt
        let shown = representation(updated, principal: principal, workflow: workflow, now: now, logger: context.logger)
        return try .json(shown, headers: [.eTag: Preconditions.etag(version: updated.version)])
    }

    /// The application, if the principal may read it; 404 otherwise.
    func readable(_ context: AppRequestContext) async throws -> VersionedSubject<CreditApplication> {
        guard let stored = try await applications.store.find(try context.pathID(), logger: context.logger) else {
            throw Problem.notFound()
        }
        try await dependencies.authorizer.require(
            readAction, on: CreditPolicy.application(stored.snapshot), readAction: readAction, request: context)
        return stored
    }

    func representation(
        _ stored: VersionedSubject<CreditApplication>, principal: Principal, workflow: WorkflowDefinition<Rules>, now: Date,
        logger: Logger
    ) -> CreditApplicationRepresentation {
        CreditApplicationRepresentation(
            stored, workflow: workflow, today: CalendarDay(now, in: workflow.timeZone),
            availableActions: dependencies.authorizer.availableActions(
                on: stored.snapshot, entity: CreditPolicy.application(stored.snapshot), for: principal, workflow: workflow,
                now: now, logger: logger))
    }
}
