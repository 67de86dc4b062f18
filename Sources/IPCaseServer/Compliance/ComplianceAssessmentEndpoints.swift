import Foundation
import Hummingbird
import IPCaseDomain
import Logging
import PostgresNIO

/// Self-assessments: an enterprise starts one against a checklist template and the implementation groups it
/// chooses (or from its last approved one, `?baseline=`), answers its items one by one (`PUT …/items/{itemId}`
/// with `If-Match`), submits it, and sees its progress and score so far; regulators list them by park,
/// state, template and level, and review them (`POST …/review`). Every change is an event in the
/// assessment's chain. Evidence and reports have their own collections.
struct ComplianceAssessmentEndpoints: EndpointCollection {
    let dependencies: ComplianceModule

    var endpoints: [Endpoint] {
        [
            Endpoint(.post, "/v1/compliance/assessments", access: .action("compliance.assessment.create"), handler: start),
            Endpoint(.get, "/v1/compliance/assessments", access: .action("compliance.assessment.list"), handler: list),
            Endpoint(.get, "/v1/compliance/assessments/{id}", access: .action("compliance.assessment.read"), handler: read),
            Endpoint(.put, "/v1/compliance/assessments/{id}/items/{itemId}", access: .action("compliance.assessment.read"), handler: answer),
            Endpoint(.post, "/v1/compliance/assessments/{id}/submit", access: .action("compliance.assessment.read"), handler: submit),
            Endpoint(.post, "/v1/compliance/assessments/{id}/review", access: .action("compliance.assessment.read"), handler: review),
            Endpoint(.post, "/v1/compliance/assessments/{id}/transitions", access: .action("compliance.assessment.read"), handler: transition),
        ]
    }

    struct StartRequest: Decodable, Sendable {
        let templateId: String
        /// The implementation groups; all of the template's when absent.
        let groups: [String]?
    }

    struct ReviewRequest: Decodable, Sendable {
        enum Decision: String, Decodable, Sendable {
            case `return`, approve
        }

        let decision: String
        let findings: JSONValue?
    }

    struct AnswerRequest: Decodable, Sendable {
        let result: String
        let note: String?
        let justification: String?
    }

    private var workflow: WorkflowDefinition<ComplianceRules> { dependencies.policies.loaded.workflows[ComplianceRules.self] }

    @Sendable func start(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try QueryParameters.refuseUnknown(request.uri.queryParameters, allowed: ["baseline"])
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
        let baseline = try await baseline(request, templateId: body.templateId, context: context, validation: &validation)
        try validation.throwIfInvalid()
        guard let template else { throw Problem.notFound() }

        let now = dependencies.clock.now
        let workflow = workflow
        var assessment = ComplianceAssessment(
            organizationId: principal.organizationId, creditCode: creditCode, template: template, groups: groups,
            startedBy: principal.userId, startedAt: now)
        if let baseline { assessment.carryOver(from: baseline, today: CalendarDay(now, in: workflow.timeZone)) }
        let outcome: TransitionOutcome<ComplianceAssessment>
        do {
            outcome = try workflow.start(
                assessment, action: "start",
                payload: [
                    "templateId": .string(template.id), "templateVersion": .string(template.version),
                    "templateHash": .string(template.hash), "groups": .array(assessment.groups.map(JSONValue.string)),
                    "baselineId": baseline.map { .string($0.id.uuidString.lowercased()) } ?? .null,
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

    /// The approved assessment of `?baseline=` an assessment starts from: the caller's own organisation's,
    /// of the same template, approved (or approved and since expired).
    private func baseline(
        _ request: Request, templateId: String, context: AppRequestContext, validation: inout FieldValidation
    ) async throws -> ComplianceAssessment? {
        guard let text = request.uri.queryParameters["baseline"].map(String.init) else { return nil }
        let principal = try context.requirePrincipal()
        guard let id = UUID(uuidString: text),
              let stored = try await dependencies.assessments.find(id, logger: context.logger),
              stored.snapshot.organizationId == principal.organizationId
        else {
            validation.add("baseline", ComplianceMessage.notABaseline)
            return nil
        }
        validation.check(stored.snapshot.approval != nil, "baseline", ComplianceMessage.baselineNotApproved(stored.snapshot.state))
        validation.check(
            stored.snapshot.templateId == templateId, "baseline", ComplianceMessage.baselineOfOtherTemplate(stored.snapshot.templateId))
        return stored.snapshot
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let query = request.uri.queryParameters
        try QueryParameters.refuseUnknown(query, allowed: ["limit", "cursor", "state", "template", "organization", "park", "level"])
        let page = try PageRequest(request, list: ComplianceAssessmentStore.keyset)
        var filter = ComplianceAssessmentStore.Filter()
        if let state = query["state"].map(String.init) {
            guard workflow.state(state) != nil else { throw QueryParameters.invalid("state", FieldMessage.oneOf(workflow.stateNames)) }
            filter.state = state
        }
        if let organization = query["organization"].map(String.init) {
            guard let id = UUID(uuidString: organization) else { throw QueryParameters.invalid("organization", FieldMessage.mustBeID) }
            filter.organizationId = id
        }
        filter.templateId = try QueryParameters.text(query, "template")
        filter.park = try QueryParameters.text(query, "park")
        filter.level = try QueryParameters.text(query, "level")
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

    /// Submits the assessment for review: refused, naming the items, while one is unanswered or unconfirmed or
    /// a mandatory one answered compliant has no evidence in force.
    @Sendable func submit(_ request: Request, context: AppRequestContext) async throws -> Response {
        let stored = try await readable(context)
        return try await take("submit", fields: [:], on: stored, request: request, context: context)
    }

    /// A regulator's review: `return` sends the items whose findings say `return: true` back with their comments;
    /// `approve` fixes the result. Findings are kept beside the enterprise's answers.
    @Sendable func review(_ request: Request, context: AppRequestContext) async throws -> Response {
        let stored = try await readable(context)
        let body = try await RequestBodyReader.decode(ReviewRequest.self, from: request, context: context)
        guard let decision = ReviewRequest.Decision(rawValue: body.decision) else {
            throw Problem.validation([FieldError("decision", FieldMessage.oneOf(["return", "approve"]))])
        }
        if let problem = ComplianceRules.findingsProblem(body.findings, on: stored.snapshot) {
            throw Problem.validation([FieldError(problem.field, problem.message)])
        }
        var fields: [String: JSONValue] = [:]
        if let findings = body.findings, findings != .null { fields["findings"] = findings }
        return try await take(decision == .return ? "returnItems" : "approve", fields: fields, on: stored, request: request, context: context)
    }

    @Sendable func transition(_ request: Request, context: AppRequestContext) async throws -> Response {
        let stored = try await readable(context)
        var fields = try await RequestBodyReader.decode([String: JSONValue].self, from: request, context: context)
        guard case .string(let action)? = fields.removeValue(forKey: "action") else {
            throw Problem.validation([FieldError("action", FieldMessage.actionRequired)])
        }
        // Evidence is an upload: its document is stored with the step, so it has its own endpoint.
        if action == "attachEvidence" {
            throw Problem.validation([FieldError("action", ComplianceMessage.evidenceHasItsOwnEndpoint)])
        }
        return try await take(action, fields: fields, on: stored, request: request, context: context)
    }

    func take(
        _ action: String, fields: [String: JSONValue], on stored: VersionedSubject<ComplianceAssessment>, request: Request,
        context: AppRequestContext, alongside: (@Sendable (PostgresConnection) async throws -> Void)? = nil
    ) async throws -> Response {
        let principal = try context.requirePrincipal()
        let transition = WorkflowTransition(
            writer: dependencies.writer, database: dependencies.database, authorizer: dependencies.authorizer,
            clock: dependencies.clock)
        let updated = try await transition.take(
            action, fields: fields, on: stored, workflow: workflow, entity: Self.entity(stored.snapshot),
            readAction: "compliance.assessment.read", request: request, context: context, alongside: alongside)
        return try .json(
            representation(updated, principal: principal, logger: context.logger),
            headers: [.eTag: Preconditions.etag(version: updated.version)])
    }

    func readable(_ context: AppRequestContext) async throws -> VersionedSubject<ComplianceAssessment> {
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
            stored, workflow: workflow, now: dependencies.clock.now,
            availableActions: dependencies.authorizer.availableActions(
                on: stored.snapshot, entity: Self.entity(stored.snapshot), for: principal, workflow: workflow,
                now: dependencies.clock.now, logger: logger))
    }

    static func entity(_ assessment: ComplianceAssessment) -> PolicyEntity {
        PolicyEntity(type: "complianceAssessment", attributes: [
            "id": .string(assessment.id.uuidString.lowercased()),
            "organizationId": .string(assessment.organizationId.uuidString.lowercased()), "state": .string(assessment.state),
            "fourEyes": .bool(assessment.scheme.fourEyes),
            "lastReturnedBy": .string(assessment.lastReturnedBy?.uuidString.lowercased() ?? ""),
        ])
    }
}
