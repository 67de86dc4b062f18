import Foundation
import Hummingbird
import IPCaseDomain
import Logging

/// The public credit views (公示), for anyone and without logging in: one subject, and the list of
/// subjects with records inside their publication period. Rate-limited per client address and cacheable
/// (`ETag`, 304 on `If-None-Match`).
struct PublicCreditEndpoints: EndpointCollection {
    let dependencies: CreditModule
    let log: TransparencyLog

    var endpoints: [Endpoint] {
        [
            Endpoint(.get, "/v1/public/credit/dishonest-list", access: .public, handler: dishonestList),
            Endpoint(.get, "/v1/public/credit/{creditCode}", access: .public, handler: subject),
            Endpoint(.get, "/v1/public/credit/{creditCode}/receipt", access: .public, handler: receipt),
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

    /// The receipts of what the public list shows of the subject: for each record in publication, its latest
    /// entry in the feed, proved in the transparency log. A repaired record's entries are shredded, so it
    /// stops being provable with its removal.
    @Sendable func receipt(_ request: Request, context: AppRequestContext) async throws -> Response {
        try dependencies.publicRateLimit.admit(context.clientAddress)
        try QueryParameters.refuseUnknown(request.uri.queryParameters, allowed: [])
        let creditCode = try context.creditCode()
        var receipts: [TransparencyReceipt] = []
        for seq in try await dependencies.feed.publishedEntries(of: creditCode, logger: context.logger) {
            if let receipt = try await log.receipt(for: "credit-feed/\(seq)", logger: context.logger), receipt.salt != nil {
                receipts.append(receipt)
            }
        }
        guard !receipts.isEmpty else { throw Problem(kind: .notFound, detail: TransparencyMessage.nothingPublished) }
        return try .json(PublicReceipts(creditCode: creditCode, receipts: receipts))
    }

    struct PublicReceipts: Encodable {
        let creditCode: String
        let receipts: [TransparencyReceipt]
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
