import Foundation
import Hummingbird
import IPCaseDomain
import PostgresNIO

/// Regulators decide what other capabilities propose (docs/domain.md#credit-proposals-from-cases): a
/// case that ended in a refusal to perform proposes a kind-6 record. Confirming records the finding,
/// checked by the model like any other, in the transaction that marks the proposal decided.
struct CreditProposalEndpoints: EndpointCollection {
    let dependencies: CreditModule

    var endpoints: [Endpoint] {
        [
            Endpoint(.get, "/v1/credit/proposals", access: .action("credit.proposal.list"), handler: list),
            Endpoint(.post, "/v1/credit/proposals/{id}/confirm", access: .action("credit.proposal.decide"), handler: confirm),
            Endpoint(.post, "/v1/credit/proposals/{id}/dismiss", access: .action("credit.proposal.decide"), handler: dismiss),
        ]
    }

    /// What the regulator adds to a proposal to make it a finding: the decision itself.
    struct Confirmation: Decodable, Sendable {
        let tier: String?
        let decisionNumber: String
        let legalBasis: String
        let facts: String
        /// Required for a dishonest kind; a positive record is decided the day it is confirmed.
        let decisionDate: String?
        let publicationMonths: Int?
    }

    struct Dismissal: Decodable, Sendable {
        let reason: String
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let page = try PageRequest(request, list: CreditProposalStore.keyset)
        var status: StoredCreditProposal.Status?
        if let text = request.uri.queryParameters["status"].map(String.init) {
            guard let parsed = StoredCreditProposal.Status(rawValue: text) else {
                let message = FieldMessage.oneOf(StoredCreditProposal.Status.allCases.map(\.rawValue))
                throw Problem.badRequest(ProblemDetail.parameter("status", message), errors: [FieldError("status", message)])
            }
            status = parsed
        }
        try await dependencies.authorizer.require("credit.proposal.list", on: .platform, request: context)
        return try .json(
            try await dependencies.proposals.list(status: status, page: page, logger: context.logger),
            headers: [.cacheControl: "no-store"])
    }

    @Sendable func confirm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let proposal = try await decidable(context)
        let body = try await RequestBodyReader.decode(Confirmation.self, from: request, context: context)
        let loaded = dependencies.policies.loaded
        let now = dependencies.clock.now
        let finding = CreditFinding(
            creditCode: proposal.creditCode, kind: proposal.kind, tier: body.tier, decisionNumber: body.decisionNumber,
            legalBasis: body.legalBasis, facts: body.facts, decisionDate: body.decisionDate ?? "",
            publicationMonths: body.publicationMonths)
        let checked: CheckedFinding
        switch loaded.creditModel.checkAny(finding, today: CalendarDay(now, in: loaded.creditModel.timeZone)) {
        case .success(let accepted): checked = accepted
        case .failure(let failure): throw Problem.validation(failure.problems.map { FieldError($0.field, $0.message) })
        }
        let record = try await dependencies.database.transaction(logger: context.logger) { connection in
            try await Self.requireStillProposed(proposal.id, dependencies.proposals, on: connection, context: context)
            let record = try await dependencies.recording.record(
                checked, by: (principal.userId, principal.organizationId), subjectOrganizationId: proposal.organizationId,
                proposalId: proposal.id, model: loaded.creditModel, now: now, on: connection, logger: context.logger)
            try await dependencies.proposals.decide(
                proposal.id, status: .confirmed, by: principal.userId, reason: nil, recordId: record.id, now: now,
                on: connection, logger: context.logger)
            return record
        }
        return try .json(record, status: .created, headers: [
            .location: "/v1/credit/records/\(record.id.uuidString.lowercased())",
            .eTag: Preconditions.etag(version: record.version),
        ])
    }

    @Sendable func dismiss(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let proposal = try await decidable(context)
        let body = try await RequestBodyReader.decode(Dismissal.self, from: request, context: context)
        let reason = FieldValidation.trimmed(body.reason)
        var validation = FieldValidation()
        validation.check(
            FieldValidation.fits(reason, 1...2000) && body.reason.unicodeScalars.count <= 2000, "reason", FieldMessage.length(1...2000))
        try validation.throwIfInvalid()
        let now = dependencies.clock.now
        try await dependencies.database.transaction(logger: context.logger) { connection in
            try await Self.requireStillProposed(proposal.id, dependencies.proposals, on: connection, context: context)
            try await dependencies.proposals.decide(
                proposal.id, status: .dismissed, by: principal.userId, reason: reason, recordId: nil, now: now,
                on: connection, logger: context.logger)
        }
        guard let decided = try await dependencies.proposals.find(proposal.id, logger: context.logger) else { throw Problem.notFound() }
        return try .json(decided)
    }

    /// The proposal, if the principal may decide it: regulators, never about their own organisation.
    private func decidable(_ context: AppRequestContext) async throws -> StoredCreditProposal {
        guard let proposal = try await dependencies.proposals.find(try context.pathID(), logger: context.logger) else {
            throw Problem.notFound()
        }
        try await dependencies.authorizer.require(
            "credit.proposal.decide",
            on: CreditPolicy.subject(creditCode: proposal.creditCode, organizationId: proposal.organizationId),
            readAction: "credit.proposal.decide", request: context)
        guard proposal.status == .proposed else { throw Self.alreadyDecided(proposal) }
        return proposal
    }

    /// Two regulators deciding at once: the proposal's lock lets one through, the other learns it is decided.
    private static func requireStillProposed(
        _ id: UUID, _ store: CreditProposalStore, on connection: PostgresConnection, context: AppRequestContext
    ) async throws {
        guard let locked = try await store.find(id, on: connection, logger: context.logger) else { throw Problem.notFound() }
        guard locked.status == .proposed else { throw alreadyDecided(locked) }
    }

    private static func alreadyDecided(_ proposal: StoredCreditProposal) -> Problem {
        Problem(
            kind: .conflict, detail: CreditMessage.proposalDecided(proposal.status.rawValue),
            extensions: ["proposalStatus": .string(proposal.status.rawValue)])
    }
}
