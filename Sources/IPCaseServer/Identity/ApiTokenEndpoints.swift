import Foundation
import Hummingbird
import IPCaseDomain

/// The platform admin issues, lists and revokes partners' API tokens. A token is issued to a
/// regulator-kind organisation (an agency that mirrors the credit list) and is shown once.
struct ApiTokenEndpoints: EndpointCollection {
    let dependencies: IdentityModule

    var endpoints: [Endpoint] {
        [
            Endpoint(.post, "/v1/admin/api-tokens", access: .action("apiToken.manage"), handler: issue),
            Endpoint(.get, "/v1/admin/api-tokens", access: .action("apiToken.manage"), handler: list),
            Endpoint(.delete, "/v1/admin/api-tokens/{id}", access: .action("apiToken.manage"), handler: revoke),
        ]
    }

    struct IssueRequest: Decodable, Sendable {
        let organizationId: UUID
        let name: String
    }

    @Sendable func issue(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try await dependencies.authorizer.require("apiToken.manage", on: .platform, request: context)
        let body = try await RequestBodyReader.decode(IssueRequest.self, from: request, context: context)
        let name = FieldValidation.trimmed(body.name)
        var validation = FieldValidation()
        validation.check(FieldValidation.fits(name, 1...200), "name", FieldMessage.length(1...200))
        let organization = try await dependencies.organizations.find(body.organizationId, logger: context.logger)
        validation.check(organization?.kind == .regulator, "organizationId", FieldMessage.notAnOrganization(of: "regulator"))
        try validation.throwIfInvalid()
        let now = dependencies.clock.now
        let token = try await dependencies.apiTokens.issue(
            organizationId: body.organizationId, name: name, scope: .creditFeed, by: principal.userId, now: now,
            logger: context.logger)
        try await dependencies.audit.record(
            .init(
                event: "apiToken.issued", actor: principal, subjectType: "apiToken", subjectId: token.id.uuidString.lowercased(),
                details: ["organizationId": .string(body.organizationId.uuidString.lowercased()), "scope": .string(token.scope.rawValue)]),
            context: context)
        return try .json(token, status: .created, headers: [
            .location: "/v1/admin/api-tokens/\(token.id.uuidString.lowercased())", .cacheControl: "no-store",
        ])
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let page = try PageRequest(request, list: ApiTokenStore.keyset)
        try await dependencies.authorizer.require("apiToken.manage", on: .platform, request: context)
        return try .json(try await dependencies.apiTokens.list(page: page, logger: context.logger))
    }

    @Sendable func revoke(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try await dependencies.authorizer.require("apiToken.manage", on: .platform, request: context)
        guard let token = try await dependencies.apiTokens.revoke(
            try context.pathID(), now: dependencies.clock.now, logger: context.logger)
        else { throw Problem.notFound() }
        try await dependencies.audit.record(
            .init(event: "apiToken.revoked", actor: principal, subjectType: "apiToken", subjectId: token.id.uuidString.lowercased()),
            context: context)
        return try .json(token)
    }
}
