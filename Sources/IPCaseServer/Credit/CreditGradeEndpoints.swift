import Foundation
import Hummingbird
import IPCaseDomain
import PostgresNIO

/// Regulators issue grades (docs/domain.md#ip-credit). The computed grade is published at once; an
/// override waits for a different regulator's approval. Nobody grades their own organisation and nobody
/// approves their own override: `Policies/access/credit.yaml` forbids both.
struct CreditGradeEndpoints: EndpointCollection {
    let dependencies: CreditModule

    var endpoints: [Endpoint] {
        [
            Endpoint(.post, "/v1/credit/subjects/{creditCode}/grades", access: .action("credit.grade.issue"), handler: issue),
            Endpoint(.get, "/v1/credit/grades/{id}", access: .action("credit.grade.read"), handler: read),
            Endpoint(.post, "/v1/credit/grades/{id}/approval", access: .action("credit.grade.approve"), handler: approve),
        ]
    }

    struct IssueRequest: Decodable, Sendable {
        /// The computed grade when absent.
        let grade: String?
        let reason: String?
    }

    struct ApprovalRequest: Decodable, Sendable {
        let approved: Bool
        let reason: String?
    }

    @Sendable func issue(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let creditCode = try context.creditCode()
        let subject = try await dependencies.organizations.find(creditCode: creditCode, logger: context.logger)
        try await dependencies.authorizer.require(
            "credit.grade.issue", on: CreditPolicy.subject(creditCode: creditCode, organizationId: subject?.id),
            readAction: "credit.subject.read", request: context)
        let body = try await RequestBodyReader.decode(IssueRequest.self, from: request, context: context)
        let model = dependencies.policies.loaded.creditModel
        let now = dependencies.clock.now
        let records = try await dependencies.records.all(of: creditCode, logger: context.logger)
        let assessment = model.assess(records.map(\.scored), asOf: CalendarDay(now, in: model.timeZone))
        let issue: GradeIssue
        switch model.issue(requested: body.grade, reason: body.reason, assessment: assessment) {
        case .success(let decided): issue = decided
        case .failure(let failure): throw Problem.validation(failure.problems.map { FieldError($0.field, $0.message) })
        }
        let authority = try await dependencies.organizations.find(principal.organizationId, logger: context.logger)?.name ?? ""
        let notice = CreditGradeNotice.issued(
            creditCode: creditCode, issue: issue, assessment: assessment, model: model,
            by: (principal.userId, principal.organizationId, authority), at: now)
        try await dependencies.database.transaction(logger: context.logger) { connection in
            try await dependencies.grades.insert(notice, on: connection, logger: context.logger)
            try await notify(notice, subjectOrganizationId: subject?.id, on: connection, context: context)
        }
        return try .json(notice, status: .created, headers: [
            .location: "/v1/credit/grades/\(notice.id.uuidString.lowercased())",
            .eTag: Preconditions.etag(version: notice.version),
        ])
    }

    @Sendable func read(_ request: Request, context: AppRequestContext) async throws -> Response {
        let notice = try await readable(context, action: "credit.grade.read")
        return try .json(notice, headers: [.eTag: Preconditions.etag(version: notice.version), .cacheControl: "no-store"])
    }

    /// The four-eyes step: a different regulator approves or rejects a pending override.
    @Sendable func approve(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let notice = try await readable(context, action: "credit.grade.approve")
        let body = try await RequestBodyReader.decode(ApprovalRequest.self, from: request, context: context)
        let reason = body.reason.map(FieldValidation.trimmed)
        var validation = FieldValidation()
        if let reason {
            validation.check(
                FieldValidation.fits(reason, 1...2000) && (body.reason?.unicodeScalars.count ?? 0) <= 2000, "reason",
                FieldMessage.length(1...2000))
        }
        validation.check(body.approved || reason != nil, "reason", CreditMessage.rejectionNeedsReason)
        try validation.throwIfInvalid()
        let now = dependencies.clock.now
        let reviewed = try await dependencies.database.transaction(logger: context.logger) { connection in
            guard let locked = try await dependencies.grades.find(notice.id, on: connection, logger: context.logger) else {
                throw Problem.notFound()
            }
            guard locked.status == .pending else {
                throw Problem(
                    kind: .conflict, detail: CreditMessage.gradeNotPending(locked.status.rawValue),
                    extensions: ["gradeStatus": .string(locked.status.rawValue)])
            }
            let reviewed = try await dependencies.grades.review(
                locked, approved: body.approved, by: principal.userId, reason: reason, now: now, on: connection,
                logger: context.logger)
            let subject = try await dependencies.organizations.find(creditCode: locked.creditCode, logger: context.logger)
            try await notify(reviewed, subjectOrganizationId: subject?.id, on: connection, context: context)
            return reviewed
        }
        return try .json(reviewed, headers: [.eTag: Preconditions.etag(version: reviewed.version)])
    }

    /// The notice, if the principal may take `action` on it; 404 when it may not even read it.
    private func readable(_ context: AppRequestContext, action: String) async throws -> CreditGradeNotice {
        guard let notice = try await dependencies.grades.find(try context.pathID(), logger: context.logger) else {
            throw Problem.notFound()
        }
        let subject = try await dependencies.organizations.find(creditCode: notice.creditCode, logger: context.logger)
        try await dependencies.authorizer.require(
            action, on: CreditPolicy.grade(notice, subjectOrganizationId: subject?.id), readAction: "credit.grade.read",
            request: context)
        return notice
    }

    /// A published grade is told to the subject; a pending override to the issuing authority's regulators,
    /// one of whom must review it.
    private func notify(
        _ notice: CreditGradeNotice, subjectOrganizationId: UUID?, on connection: PostgresConnection,
        context: AppRequestContext
    ) async throws {
        let now = dependencies.clock.now
        switch notice.status {
        case .published:
            guard let subjectOrganizationId else { return }
            try await dependencies.notifications.notify(
                .organization(subjectOrganizationId, role: .enterprise), subjectType: "creditGrade", subjectId: notice.id,
                subjectLabel: notice.creditCode, text: CreditMessage.gradePublished(notice.grade), now: now, on: connection,
                logger: context.logger)
        case .pending:
            try await dependencies.notifications.notify(
                .organization(notice.issuingOrganizationId, role: .regulator), subjectType: "creditGrade",
                subjectId: notice.id, subjectLabel: notice.creditCode,
                text: CreditMessage.gradeApprovalNeeded(notice.grade, code: notice.creditCode), now: now, on: connection,
                logger: context.logger)
        case .rejected, .superseded:
            return
        }
    }
}

extension AppRequestContext {
    /// The `{creditCode}` of the path; one that is not a valid code names nothing (404).
    func creditCode() throws -> String {
        guard let text = parameters.get("creditCode"), let code = UnifiedSocialCreditCode(validating: text)?.description else {
            throw Problem.notFound()
        }
        return code
    }
}
