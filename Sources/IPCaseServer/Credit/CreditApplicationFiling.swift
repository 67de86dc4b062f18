import Foundation
import Hummingbird
import IPCaseDomain

/// Where a subject brings something before the credit authority: an objection to a record within its
/// window, an application to repair it once eligible, a credit commitment; and the regulator's decision on
/// an objection. Each starts its workflow through `CreditApplications.submit`.
struct CreditApplicationFiling: EndpointCollection {
    let dependencies: CreditModule
    let objections: CreditApplicationEndpoints<CreditObjectionRules>
    let repairs: CreditApplicationEndpoints<CreditRepairRules>
    let commitments: CreditApplicationEndpoints<CreditCommitmentRules>

    var endpoints: [Endpoint] {
        [
            Endpoint(.post, "/v1/credit/records/{id}/objections", access: .action("creditObjection.create"), handler: object),
            Endpoint(.post, "/v1/credit/objections/{id}/decision", access: .action("creditObjection.read"), handler: decide),
            Endpoint(.post, "/v1/credit/records/{id}/repairs", access: .action("creditRepair.create"), handler: applyForRepair),
            Endpoint(.post, "/v1/credit/commitments", access: .action("creditCommitment.create"), handler: commit),
        ]
    }

    struct ObjectionRequest: Decodable, Sendable { let grounds: String }
    struct RepairRequest: Decodable, Sendable {
        /// How the obligations were fulfilled.
        let statement: String
        /// The signed credit commitment (信用承诺书).
        let commitment: String
    }
    struct CommitmentRequest: Decodable, Sendable {
        let purpose: String
        let text: String
        let validUntil: String
        /// The regulator organisation the commitment is made to, if any.
        let authorityId: UUID?
    }
    struct DecisionRequest: Decodable, Sendable {
        let decision: String
        let reason: String
    }

    @Sendable func object(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let record = try await dependencies.record(context, for: "creditObjection.create")
        let body = try await RequestBodyReader.decode(ObjectionRequest.self, from: request, context: context)
        let model = dependencies.policies.loaded.creditModel
        let now = dependencies.clock.now
        try Self.refuse(model.objectionProblems(
            grounds: body.grounds, recordStatus: record.status, objectionUntil: record.objectionUntil,
            today: CalendarDay(now, in: model.timeZone)))
        let application = CreditApplication(
            recordId: record.id, creditCode: record.creditCode, organizationId: principal.organizationId,
            authorityId: record.recordingOrganizationId, submittedBy: principal.userId, submittedAt: now,
            text: FieldValidation.trimmed(body.grounds))
        return try await created(application, objections, at: "/v1/credit/objections", context: context)
    }

    @Sendable func applyForRepair(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let record = try await dependencies.record(context, for: "creditRepair.create")
        let body = try await RequestBodyReader.decode(RepairRequest.self, from: request, context: context)
        let model = dependencies.policies.loaded.creditModel
        let now = dependencies.clock.now
        try Self.refuse(model.repairProblems(
            statement: body.statement, commitment: body.commitment, recordKind: record.kind, recordStatus: record.status,
            repairFrom: record.repairFrom, today: CalendarDay(now, in: model.timeZone)))
        let application = CreditApplication(
            recordId: record.id, creditCode: record.creditCode, organizationId: principal.organizationId,
            authorityId: record.recordingOrganizationId, submittedBy: principal.userId, submittedAt: now,
            text: FieldValidation.trimmed(body.statement), commitment: FieldValidation.trimmed(body.commitment))
        return try await created(application, repairs, at: "/v1/credit/repairs", context: context)
    }

    @Sendable func commit(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let organization = try await dependencies.organizations.find(principal.organizationId, logger: context.logger)
        try await dependencies.authorizer.require(
            "creditCommitment.create",
            on: CreditPolicy.subject(creditCode: organization?.creditCode ?? "", organizationId: principal.organizationId),
            request: context)
        guard let creditCode = organization?.creditCode else { throw Problem.notFound() }
        let body = try await RequestBodyReader.decode(CommitmentRequest.self, from: request, context: context)
        let model = dependencies.policies.loaded.creditModel
        let now = dependencies.clock.now
        var problems = model.commitmentProblems(
            purpose: body.purpose, text: body.text, validUntil: body.validUntil, today: CalendarDay(now, in: model.timeZone))
        if let authorityId = body.authorityId,
           try await dependencies.organizations.find(authorityId, logger: context.logger)?.kind != .regulator {
            problems.append(FieldProblem("authorityId", FieldMessage.notAnOrganization(of: "regulator")))
        }
        try Self.refuse(problems)
        let application = CreditApplication(
            recordId: nil, creditCode: creditCode, organizationId: principal.organizationId, authorityId: body.authorityId,
            submittedBy: principal.userId, submittedAt: now, text: FieldValidation.trimmed(body.text), purpose: body.purpose,
            validUntil: CalendarDay(body.validUntil))
        return try await created(application, commitments, at: "/v1/credit/commitments", context: context)
    }

    /// `{"decision": "upheld" | "rejected", "reason": …}`: the objection's `uphold` or `reject` action.
    @Sendable func decide(_ request: Request, context: AppRequestContext) async throws -> Response {
        let stored = try await objections.readable(context)
        let body = try await RequestBodyReader.decode(DecisionRequest.self, from: request, context: context)
        let actions = ["upheld": "uphold", "rejected": "reject"]
        guard let action = actions[body.decision] else {
            throw Problem.validation([FieldError("decision", FieldMessage.oneOf(["upheld", "rejected"]))])
        }
        return try await objections.take(action, fields: ["reason": .string(body.reason)], on: stored, request: request, context: context)
    }

    private func created<Rules: CreditApplicationRules>(
        _ application: CreditApplication, _ endpoints: CreditApplicationEndpoints<Rules>, at path: String,
        context: AppRequestContext
    ) async throws -> Response {
        let principal = try context.requirePrincipal()
        let workflow = dependencies.policies.loaded.workflows[Rules.self]
        let now = dependencies.clock.now
        let stored = try await endpoints.applications.submit(application, workflow: workflow, now: now, logger: context.logger)
        let shown = endpoints.representation(stored, principal: principal, workflow: workflow, now: now, logger: context.logger)
        return try .json(shown, status: .created, headers: [
            .location: "\(path)/\(application.id.uuidString.lowercased())", .eTag: Preconditions.etag(version: stored.version),
        ])
    }

    private static func refuse(_ problems: [FieldProblem]) throws {
        guard problems.isEmpty else { throw Problem.validation(problems.map { FieldError($0.field, $0.message) }) }
    }
}
