import Foundation
import Hummingbird
import IPCaseDomain

/// `GET /v1/credit/feed?after=<cursor>`: partner agencies mirror the shared credit records with an API
/// token. Each entry is `added`, `amended` or `removed` with its reason, so a partner purges what was
/// repaired, revoked or expired.
struct CreditFeedEndpoints: EndpointCollection {
    let dependencies: CreditModule

    var endpoints: [Endpoint] {
        [Endpoint(.get, "/v1/credit/feed", access: .apiToken(ApiToken.Scope.creditFeed.rawValue), handler: feed)]
    }

    @Sendable func feed(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        try QueryParameters.refuseUnknown(query, allowed: ["after", "limit"])
        // `after` is the feed's cursor: the page reader reads it under the name every list uses.
        var limit = PageRequest.defaultLimit
        if let text = query["limit"].map(String.init) {
            guard let value = Int(text), (1...PageRequest.maximumLimit).contains(value) else {
                throw QueryParameters.invalid("limit", FieldMessage.wholeNumber(1...PageRequest.maximumLimit))
            }
            limit = value
        }
        var after: ListCursor?
        if let text = query["after"].map(String.init), !text.isEmpty {
            guard let cursor = ListCursor(encoded: text), CreditFeed.keyset.accepts(cursor) else {
                throw QueryParameters.invalid("after", FieldMessage.notValid)
            }
            after = cursor
        }
        return try .json(
            try await dependencies.feed.page(after: after, limit: limit, logger: context.logger),
            headers: [.cacheControl: "no-store"])
    }
}
