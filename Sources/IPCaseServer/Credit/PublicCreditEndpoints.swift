import Foundation
import Hummingbird
import IPCaseDomain
import Logging

/// The public credit views (公示), for anyone and without logging in: one subject, and the list of
/// subjects with records inside their publication period. Rate-limited per client address and cacheable
/// (`ETag`, 304 on `If-None-Match`).
struct PublicCreditEndpoints: EndpointCollection {
    let dependencies: CreditModule

    var endpoints: [Endpoint] {
        [
            Endpoint(.get, "/v1/public/credit/dishonest-list", access: .public, handler: dishonestList),
            Endpoint(.get, "/v1/public/credit/{creditCode}", access: .public, handler: subject),
        ]
    }

    /// A minute's freshness: a repaired record leaves the public view within it.
    static let cacheControl = "public, max-age=60"

    @Sendable func subject(_ request: Request, context: AppRequestContext) async throws -> Response {
        try dependencies.publicRateLimit.admit(context.clientAddress)
        let creditCode = try context.creditCode()
        let entries = try await dependencies.publicView.entries(for: [creditCode], logger: context.logger)
        guard let entry = entries.first else { throw Problem.notFound() }
        return try Self.cacheable(entry, request)
    }

    @Sendable func dishonestList(_ request: Request, context: AppRequestContext) async throws -> Response {
        try dependencies.publicRateLimit.admit(context.clientAddress)
        try QueryParameters.refuseUnknown(request.uri.queryParameters, allowed: ["limit", "cursor"])
        let page = try PageRequest(request, list: PublicCreditView.dishonestKeyset)
        return try Self.cacheable(try await dependencies.publicView.dishonestList(page: page, logger: context.logger), request)
    }

    private static func cacheable(_ value: some Encodable, _ request: Request) throws -> Response {
        try ConditionalGET.respond(to: request, json: value, cacheControl: cacheControl)
    }
}
