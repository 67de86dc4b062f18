import Foundation
import Hummingbird
import IPCaseDomain
import Logging

/// Self-assessments: an enterprise starts one against a checklist template and the implementation groups it
/// chooses, answers its items one by one (`PUT …/items/{itemId}` with `If-Match`) and sees its progress and
/// score so far; regulators read them all. Every change is an event in the assessment's chain.
struct ComplianceAssessmentEndpoints: EndpointCollection {
    let dependencies: ComplianceModule

    var endpoints: [Endpoint] {
        [
            Endpoint(.post, "/v1/compliance/assessments", access: .action("compliance.assessment.create"), handler: start),
            Endpoint(.get, "/v1/compliance/assessments", access: .action("compliance.assessment.list"), handler: list),
            Endpoint(.get, "/v1/compliance/assessments/{id}", access: .action("compliance.assessment.read"), handler: read),
            Endpoint(.put, "/v1/compliance/assessments/{id}/items/{itemId}", access: .action("compliance.assessment.read"), handler: answer),
            Endpoint(.post, "/v1/compliance/assessments/{id}/transitions", access: .action("compliance.assessment.read"), handler: transition),
        ]
    }

    struct StartRequest: Decodable, Sendable {
        let templateId: String
        /// The implementation groups; all of the template's when absent.
        let groups: [String]?
    }

    struct AnswerRequest: Decodable, Sendable {
        let result: String
        let note: String?
        let justification: String?
    }

    private var workflow: WorkflowDefinition<ComplianceRules> { dependencies.policies.loaded.workflows[ComplianceRules.self] }

    @Sendable func start(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let organization = try await dependencies.organizations.find(principal.organizationId, logger: context.logger)
        try await dependencies.authorizer.require(
            "compliance.assessment.create",
            on: CreditPolicy.subject(creditCode: organization?.creditCode ?? "", organizationId: principal.organizationId),
            request: context)
        guard let creditCode = organization?.creditCode else { throw Problem.notFound() }
        let body = try await RequestBodyReader.decode(StartRequest.self, from: request, context: context)
        let templates = dependencies.policies.loaded.checklists
        var validation = FieldValidation()
        let template = templates.first { $0.id == body.templateId }
        validation.check(template != nil, "templateId", ComplianceMessage.unknownTemplate(templates.map(\.id).sorted()))
        let known = template.map { $0.groups.map(\.id) } ?? []
        let groups = body.groups ?? known
        if template != nil {
            validation.check(!groups.isEmpty && Set(groups).isSubset(of: known), "groups", ComplianceMessage.unknownGroups(known))
        }
        try validation.throwIfInvalid()
        guard let template else { throw Problem.notFound() }

        let now = dependencies.clock.now
        let workflow = workflow
        let assessment = ComplianceAssessment(
            organizationId: principal.organizationId, creditCode: creditCode, template: template, groups: groups,
            startedBy: principal.userId, startedAt: now)
        let outcome: TransitionOutcome<ComplianceAssessment>
        do {
            outcome = try workflow.start(
                assessment, action: "start",
                payload: [
                    "templateId": .string(template.id), "templateVersion": .string(template.version),
                    "templateHash": .string(template.hash), "groups": .array(assessment.groups.map(JSONValue.string)),
                ],
                context: TransitionContext(
                    actor: .user(id: principal.userId, organizationId: principal.organizationId), now: now, timeZone: workflow.timeZone))
        } catch {
            throw Problem.refused(error)
        }
        try await dependencies.database.transaction(logger: context.logger) { connection in
            try await dependencies.writer.insert(outcome, workflow: workflow, now: now, on: connection, logger: context.logger)
        }
        let stored = VersionedSubject(snapshot: outcome.subject, version: 1, updatedAt: now)
        return try .json(representation(stored, principal: principal, logger: context.logger), status: .created, headers: [
            .location: "/v1/compliance/assessments/\(assessment.id.uuidString.lowercased())", .eTag: Preconditions.etag(version: 1),
        ])
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let query = request.uri.queryParameters
        try QueryParameters.refuseUnknown(query, allowed: ["limit", "cursor", "state", "template"])
        let page = try PageRequest(request, list: ComplianceAssessmentStore.keyset)
        var filter = ComplianceAssessmentStore.Filter()
        if let state = query["state"].map(String.init) {
            guard workflow.state(state) != nil else { throw QueryParameters.invalid("state", FieldMessage.oneOf(workflow.stateNames)) }
            filter.state = state
        }
        filter.templateId = query["template"].map(String.init)
        try await dependencies.authorizer.require("compliance.assessment.list", on: .platform, request: context)
        if !principal.roles.contains(.regulator) { filter.organizationId = principal.organizationId }
        let stored = try await dependencies.assessments.list(filter, page: page, logger: context.logger)
        return try .json(
            stored.map { representation($0, principal: principal, logger: context.logger) }, headers: [.cacheControl: "no-store"])
    }

    @Sendable func read(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let stored = try await readable(context)
        return try .json(
            representation(stored, principal: principal, logger: context.logger),
            headers: [.eTag: Preconditions.etag(version: stored.version), .cacheControl: "no-store"])
    }

    /// The enterprise's own result for one item: the `answer` action of the workflow, with `If-Match`.
    @Sendable func answer(_ request: Request, context: AppRequestContext) async throws -> Response {
        let stored = try await readable(context)
        let itemId = context.parameters.get("itemId") ?? ""
        guard stored.snapshot.scheme.item(itemId) != nil else {
            throw Problem(kind: .notFound, detail: ComplianceMessage.unknownItem(itemId), extensions: ["itemId": .string(itemId)])
        }
        let body = try await RequestBodyReader.decode(AnswerRequest.self, from: request, context: context)
        var validation = FieldValidation()
        let result = ItemResult(rawValue: body.result)
        validation.check(result != nil, "result", ComplianceMessage.resultOneOf(ItemResult.allCases.map(\.rawValue)))
        let justification = body.justification.map(FieldValidation.trimmed).flatMap { $0.isEmpty ? nil : $0 }
        validation.check(result != .notApplicable || justification != nil, "justification", ComplianceMessage.justificationNeeded)
        try validation.throwIfInvalid()
        var fields: [String: JSONValue] = ["itemId": .string(itemId), "result": .string(body.result)]
        if let note = body.note { fields["note"] = .string(note) }
        if let justification { fields["justification"] = .string(justification) }
        return try await take("answer", fields: fields, on: stored, request: request, context: context)
    }

    @Sendable func transition(_ request: Request, context: AppRequestContext) async throws -> Response {
        let stored = try await readable(context)
        var fields = try await RequestBodyReader.decode([String: JSONValue].self, from: request, context: context)
        guard case .string(let action)? = fields.removeValue(forKey: "action") else {
            throw Problem.validation([FieldError("action", FieldMessage.actionRequired)])
        }
        return try await take(action, fields: fields, on: stored, request: request, context: context)
    }

    private func take(
        _ action: String, fields: [String: JSONValue], on stored: VersionedSubject<ComplianceAssessment>, request: Request,
        context: AppRequestContext
    ) async throws -> Response {
        let principal = try context.requirePrincipal()
        let transition = WorkflowTransition(
            writer: dependencies.writer, database: dependencies.database, authorizer: dependencies.authorizer,
            clock: dependencies.clock)
        let updated = try await transition.take(
            action, fields: fields, on: stored, workflow: workflow, entity: Self.entity(stored.snapshot),
            readAction: "compliance.assessment.read", request: request, context: context)
        return try .json(
            representation(updated, principal: principal, logger: context.logger),
            headers: [.eTag: Preconditions.etag(version: updated.version)])
    }

    private func readable(_ context: AppRequestContext) async throws -> VersionedSubject<ComplianceAssessment> {
        guard let stored = try await dependencies.assessments.find(try context.pathID(), logger: context.logger) else {
            throw Problem.notFound()
        }
        try await dependencies.authorizer.require(
            "compliance.assessment.read", on: Self.entity(stored.snapshot), readAction: "compliance.assessment.read",
            request: context)
        return stored
    }

    private func representation(
        _ stored: VersionedSubject<ComplianceAssessment>, principal: Principal, logger: Logger
    ) -> ComplianceAssessmentRepresentation {
        ComplianceAssessmentRepresentation(
            stored,
            availableActions: dependencies.authorizer.availableActions(
                on: stored.snapshot, entity: Self.entity(stored.snapshot), for: principal, workflow: workflow,
                now: dependencies.clock.now, logger: logger))
    }

    static func entity(_ assessment: ComplianceAssessment) -> PolicyEntity {
        PolicyEntity(type: "complianceAssessment", attributes: [
            "id": .string(assessment.id.uuidString.lowercased()),
            "organizationId": .string(assessment.organizationId.uuidString.lowercased()), "state": .string(assessment.state),
        ])
    }
}
