import Foundation
import Hummingbird
import IPCaseDomain
import NIOFoundationCompat

/// Regulators record credit findings; regulators and the subject's own users read its credit profile,
/// scored by `Policies/credit-model.yaml` as of today (docs/domain.md#ip-credit).
struct CreditEndpoints: EndpointCollection {
    let dependencies: CreditModule

    var endpoints: [Endpoint] {
        [
            Endpoint(.post, "/v1/credit/records", access: .action("credit.record.create"), handler: record),
            Endpoint(.get, "/v1/credit/records/{id}", access: .action("credit.record.read"), handler: read),
            Endpoint(.get, "/v1/credit/subjects/{creditCode}", access: .action("credit.subject.read"), handler: profile),
        ]
    }

    /// With an `Idempotency-Key`, a retried finding is recorded once and the first answer replayed.
    @Sendable func record(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: context.maxBodySize)
        } catch {
            throw Problem.bodyTooLarge(limit: context.maxBodySize)
        }
        var bodyRequest = request
        bodyRequest.body = .init(buffer: body)
        let finding = try await RequestBodyReader.decode(CreditFinding.self, from: bodyRequest, context: context)
        let model = dependencies.policies.loaded.creditModel
        let now = dependencies.clock.now
        // Only a valid code can name an organisation; an invalid one is refused by the model's check below.
        var subject: Organization?
        if let code = UnifiedSocialCreditCode(validating: finding.creditCode)?.description {
            subject = try await dependencies.organizations.find(creditCode: code, logger: context.logger)
        }
        try await dependencies.authorizer.require(
            "credit.record.create", on: CreditPolicy.subject(creditCode: finding.creditCode, organizationId: subject?.id),
            request: context)
        let checked: CheckedFinding
        switch model.check(finding, today: CalendarDay(now, in: model.timeZone)) {
        case .success(let accepted): checked = accepted
        case .failure(let failure): throw Problem.validation(failure.problems.map { FieldError($0.field, $0.message) })
        }
        let subjectId = subject?.id
        let logger = context.logger
        return try await dependencies.idempotency.run(
            request, body: body, operation: "POST /v1/credit/records", userId: principal.userId, now: now, logger: logger
        ) { connection in
            let record = try await dependencies.recording.record(
                checked, by: (principal.userId, principal.organizationId), subjectOrganizationId: subjectId, proposalId: nil,
                model: model, now: now, on: connection, logger: logger)
            return .init(
                status: .created,
                headers: [
                    "Location": "/v1/credit/records/\(record.id.uuidString.lowercased())",
                    "ETag": Preconditions.etag(version: record.version),
                ],
                body: ByteBuffer(data: try JSONCoding.encoder.encode(record)))
        }
    }

    @Sendable func read(_ request: Request, context: AppRequestContext) async throws -> Response {
        let record = try await dependencies.record(context, for: "credit.record.read")
        let model = dependencies.policies.loaded.creditModel
        let all = CreditRecord.withMeasures(try await dependencies.records.all(of: record.creditCode, logger: context.logger), model: model)
        let shown = all.first { $0.id == record.id } ?? record
        return try .json(shown, headers: [.eTag: Preconditions.etag(version: record.version), .cacheControl: "no-store"])
    }

    @Sendable func profile(_ request: Request, context: AppRequestContext) async throws -> Response {
        let creditCode = try context.creditCode()
        let subject = try await dependencies.organizations.find(creditCode: creditCode, logger: context.logger)
        try await dependencies.authorizer.require(
            "credit.subject.read", on: CreditPolicy.subject(creditCode: creditCode, organizationId: subject?.id),
            readAction: "credit.subject.read", request: context)
        let loaded = dependencies.policies.loaded
        let today = CalendarDay(dependencies.clock.now, in: loaded.creditModel.timeZone)
        let records = CreditRecord.withMeasures(
            try await dependencies.records.all(of: creditCode, logger: context.logger), model: loaded.creditModel)
        let grades = try await dependencies.grades.history(of: creditCode, limit: CreditProfile.gradeHistoryLength, logger: context.logger)
        let profile = CreditProfile(
            creditCode: creditCode, name: subject?.name, model: loaded.creditModel, records: records, grades: grades, today: today)
        return try .json(profile, headers: [.cacheControl: "no-store"])
    }
}
