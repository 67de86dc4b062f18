import Foundation
import HTTPTypes
import Hummingbird
import IPCaseDomain
import NIOFoundationCompat

/// Filing, listing and reading dispute cases.
struct CaseEndpoints: EndpointCollection {
    let dependencies: CasesModule

    var endpoints: [Endpoint] {
        [
            Endpoint(.post, "/v1/cases", access: .action("case.create"), handler: create),
            Endpoint(.get, "/v1/cases", access: .action("case.list"), handler: list),
            Endpoint(.get, "/v1/cases/{id}", access: .action("case.read"), handler: read),
        ]
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try await dependencies.authorizer.require("case.create", on: .platform, request: context)
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: context.maxBodySize)
        } catch {
            throw Problem.bodyTooLarge(limit: context.maxBodySize)
        }
        var bodyRequest = request
        bodyRequest.body = .init(buffer: body)
        let filing = try await RequestBodyReader.decode(CaseFiling.self, from: bodyRequest, context: context)
        // The complainant, the mediation body and a registered respondent, in one statement.
        let respondentCode = try? UnifiedSocialCreditCode(filing.respondent.creditCode).description
        let named = try await dependencies.organizations.find(
            ids: [principal.organizationId] + [UUID(uuidString: filing.mediationBodyId)].compactMap { $0 },
            orCreditCode: respondentCode, logger: context.logger)
        guard let complainant = named.first(where: { $0.id == principal.organizationId }),
              let complainantCode = complainant.creditCode
        else {
            throw Problem.validation([FieldError("organization", FieldMessage.onlyEnterprisesFile)])
        }
        let checked = try await filing.check(complainantCreditCode: complainantCode) { id in
            named.first { $0.id == id }?.kind
        }
        let respondent = named.first { $0.creditCode == checked.respondentCreditCode }
        let names = {
            var names = CaseNames.Names()
            names.organizations[checked.mediationBodyId] = named.first { $0.id == checked.mediationBodyId }?.name
            return names
        }()
        let workflow = dependencies.policies.loaded.caseWorkflow
        let now = dependencies.clock.now
        let context = context
        return try await dependencies.idempotency.run(
            request, body: body, operation: "POST /v1/cases", userId: principal.userId, now: now, logger: context.logger
        ) { connection in
            var snapshot = try await dependencies.caseWriter.file(
                by: principal.userId, for: (complainant.id, complainantCode, complainant.name),
                against: .init(organizationId: nil, creditCode: checked.respondentCreditCode, name: checked.respondentName),
                mediationBodyId: checked.mediationBodyId, ipRight: checked.ipRight, claims: checked.claims,
                amountClaimed: checked.amountClaimed, workflow: workflow, now: now, on: connection, logger: context.logger)
            // As a read shows it: the respondent's account is found by credit code, whenever it registers.
            snapshot.respondent.organizationId = respondent?.id
            let stored = StoredCase(snapshot: snapshot, version: 1, updatedAt: now)
            let representation = CaseRepresentation(
                stored, workflow: workflow, today: CalendarDay(now, in: workflow.timeZone),
                availableActions: dependencies.caseAccess.available(on: stored.snapshot, for: principal, workflow: workflow, now: now, logger: context.logger),
                names: names)
            return .init(
                status: .created,
                headers: [
                    "ETag": Preconditions.etag(version: stored.version),
                    "Location": "/v1/cases/\(snapshot.id.uuidString.lowercased())",
                ],
                body: ByteBuffer(data: try JSONCoding.encoder.encode(representation)))
        }
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let page = try PageRequest(request, list: CaseStore.keyset)
        let filter = try Self.filter(request)
        try await dependencies.authorizer.require("case.list", on: .platform, request: context)
        let workflow = dependencies.policies.loaded.caseWorkflow
        let today = CalendarDay(dependencies.clock.now, in: workflow.timeZone)
        let creditCode = principal.organizationKind == .enterprise ? principal.organizationCreditCode : nil
        let result = try await Page<CaseSummary>.visible(
            limit: page.limit, after: page.after,
            fetch: { after, limit in
                try await dependencies.cases.list(
                    for: principal, creditCode: creditCode, filter: filter, today: today, after: after, limit: limit,
                    logger: context.logger)
            },
            cursor: { CaseStore.keyset.cursor(.time($0.filedAt), .id($0.id)) },
            isVisible: { summary in
                dependencies.authorizer.decide(
                    "case.read", resource: summary.policyEntity, principal: principal, logger: context.logger
                ).isAllowed
            })
        switch request.uri.queryParameters["format"].map(String.init) {
        case nil, "json"?: return try .json(result)
        case "csv"?: return Self.csv(result)
        default: throw QueryParameters.invalid("format", FieldMessage.oneOf(["json", "csv"]))
        }
    }

    /// The page as CSV (UTF-8 with a BOM); the next page's cursor, if any, in `X-Next-Cursor`.
    static func csv(_ page: Page<CaseSummary>) -> Response {
        var table = CSVTable(header: [
            "number", "state", "outcome", "ipType", "ipTitle", "complainant", "respondent", "filedAt", "dueOn", "overdue",
        ])
        let formatter = ISO8601DateFormatter()
        for row in page.items {
            table.append([
                row.number, row.state, row.outcome ?? "", row.ipType, row.ipTitle, row.complainantName, row.respondentName,
                formatter.string(from: row.filedAt), row.dueOn ?? "", row.overdue ? "true" : "false",
            ])
        }
        var response = table.response(filename: "cases.csv")
        if let next = page.nextCursor { response.headers[HTTPField.Name("X-Next-Cursor")!] = next }
        return response
    }

    static func filter(_ request: Request) throws -> CaseListFilter {
        let query = request.uri.queryParameters
        try QueryParameters.refuseUnknown(
            query, allowed: ["limit", "cursor", "state", "relation", "overdue", "ipType", "number", "q", "format"])
        var filter = CaseListFilter()
        if let text = query["q"].map(String.init) {
            // Two characters at least: a Chinese name is often two; longer texts use the trigram index best.
            let trimmed = FieldValidation.trimmed(text)
            guard FieldValidation.fits(trimmed, 2...100) else { throw QueryParameters.invalid("q", FieldMessage.length(2...100)) }
            filter.search = trimmed.lowercased()
        }
        var errors: [FieldError] = []
        if let state = query["state"].map(String.init) {
            if FieldValidation.fits(state, 1...64) { filter.state = state } else {
                errors.append(FieldError("state", FieldMessage.notAState))
            }
        }
        if let relation = query["relation"].map(String.init) {
            filter.relation = CaseListFilter.Relation(rawValue: relation)
            if filter.relation == nil {
                errors.append(FieldError("relation", FieldMessage.either(CaseListFilter.Relation.allCases.map(\.rawValue))))
            }
        }
        if let overdue = query["overdue"].map(String.init) {
            if let flag = Bool(overdue) { filter.overdue = flag } else {
                errors.append(FieldError("overdue", FieldMessage.trueOrFalse))
            }
        }
        if let ipType = query["ipType"].map(String.init) {
            if CaseFiling.IPType(rawValue: ipType) != nil { filter.ipType = ipType } else {
                errors.append(FieldError("ipType", FieldMessage.oneOf(CaseFiling.IPType.allCases.map(\.rawValue))))
            }
        }
        if let number = query["number"].map(String.init) {
            if FieldValidation.fits(number, 1...64) { filter.number = number.uppercased() } else {
                errors.append(FieldError("number", FieldMessage.notACaseNumber))
            }
        }
        if !errors.isEmpty { throw Problem.badRequest(ProblemDetail.invalidFilter, errors: errors) }
        return filter
    }

    @Sendable func read(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let (stored, names) = try await dependencies.caseAccess.loadReadableNamed(try context.pathID(), context: context)
        let workflow = dependencies.policies.loaded.caseWorkflow
        let now = dependencies.clock.now
        let representation = CaseRepresentation(
            stored, workflow: workflow, today: CalendarDay(now, in: workflow.timeZone),
            availableActions: dependencies.caseAccess.available(
                on: stored.snapshot, for: principal, workflow: workflow, now: now, logger: context.logger),
            names: names)
        return try .json(representation, headers: [.eTag: Preconditions.etag(version: stored.version)])
    }
}
