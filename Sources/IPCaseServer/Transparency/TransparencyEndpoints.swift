import Foundation
import HTTPTypes
import Hummingbird
import IPCaseDomain
import NIOCore

/// The transparency log, for anyone and without logging in: the latest signed checkpoint and the key that
/// verifies it, the history of checkpoints, and inclusion and consistency proofs (RFC 9162). A proof between
/// given sizes never changes, so it may be cached for good; the latest checkpoint only briefly.
struct TransparencyEndpoints: EndpointCollection {
    let log: TransparencyLog

    var endpoints: [Endpoint] {
        [
            Endpoint(.get, "/v1/transparency/checkpoint", access: .public, handler: checkpoint),
            Endpoint(.get, "/v1/transparency/key", access: .public, handler: key),
            Endpoint(.get, "/v1/transparency/checkpoints", access: .public, handler: checkpoints),
            Endpoint(.get, "/v1/transparency/proofs/inclusion", access: .public, handler: inclusion),
            Endpoint(.get, "/v1/transparency/proofs/consistency", access: .public, handler: consistency),
        ]
    }

    static let keyset = Keyset(list: "transparency-checkpoints", [("id", .integer)])
    static let immutable = "public, max-age=31536000, immutable"

    @Sendable func checkpoint(_ request: Request, context: AppRequestContext) async throws -> Response {
        try QueryParameters.refuseUnknown(request.uri.queryParameters, allowed: [])
        let latest = try await log.latestCheckpoint(logger: context.logger)
        return Self.text(latest.note, request, cacheControl: "public, max-age=10")
    }

    @Sendable func key(_ request: Request, context: AppRequestContext) async throws -> Response {
        try QueryParameters.refuseUnknown(request.uri.queryParameters, allowed: [])
        return Self.text(log.signer.verifier.encoded + "\n", request, cacheControl: "public, max-age=3600")
    }

    /// Oldest first; `after` keeps only the checkpoints of larger trees than it.
    @Sendable func checkpoints(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        try QueryParameters.refuseUnknown(query, allowed: ["after", "limit", "cursor"])
        let after = try QueryParameters.count(query, "after") ?? 0
        let page = try PageRequest(request, list: Self.keyset)
        let afterID = if case .integer(let id)? = page.after?.key.first { Int64(id) } else { Int64(0) }
        let rows = try await log.checkpoints(afterID: afterID, largerThan: after, limit: page.limit + 1, logger: context.logger)
        return try .json(Page(rows: rows, limit: page.limit) { Self.keyset.cursor(.integer(Int($0.id))) })
    }

    struct InclusionProof: Encodable {
        let leafIndex: UInt64
        let treeSize: UInt64
        let leafHash: String
        let proof: [String]
    }

    @Sendable func inclusion(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        try QueryParameters.refuseUnknown(query, allowed: ["leaf", "size"])
        let leaf = try QueryParameters.count(query, "leaf", required: true) ?? 0
        let size = try QueryParameters.count(query, "size", required: true) ?? 0
        guard leaf < size else { throw QueryParameters.invalid("leaf", TransparencyMessage.leafBeyondSize) }
        let proof = try await log.inclusionProof(leaf: leaf, size: size, logger: context.logger)
        guard let (leafHash, hashes) = proof else { throw try await beyondTree("size", context) }
        let body = InclusionProof(
            leafIndex: leaf, treeSize: size, leafHash: Data(leafHash).base64EncodedString(),
            proof: hashes.map { Data($0).base64EncodedString() })
        return try ConditionalGET.respond(to: request, json: body, cacheControl: Self.immutable)
    }

    struct ConsistencyProof: Encodable {
        let from: UInt64
        let to: UInt64
        let proof: [String]
    }

    @Sendable func consistency(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        try QueryParameters.refuseUnknown(query, allowed: ["from", "to"])
        let from = try QueryParameters.count(query, "from", required: true) ?? 0
        let to = try QueryParameters.count(query, "to", required: true) ?? 0
        guard from <= to else { throw QueryParameters.invalid("from", TransparencyMessage.fromBeyondTo) }
        guard let hashes = try await log.consistencyProof(from: from, to: to, logger: context.logger) else {
            throw try await beyondTree("to", context)
        }
        let body = ConsistencyProof(from: from, to: to, proof: hashes.map { Data($0).base64EncodedString() })
        return try ConditionalGET.respond(to: request, json: body, cacheControl: Self.immutable)
    }

    private func beyondTree(_ parameter: String, _ context: AppRequestContext) async throws -> Problem {
        let size = try await log.tree.state(logger: context.logger).size
        return QueryParameters.invalid(parameter, TransparencyMessage.beyondTree(size))
    }

    static func text(_ text: String, _ request: Request, cacheControl: String) -> Response {
        ConditionalGET.respond(
            to: request, body: ByteBuffer(string: text), headers: [.contentType: "text/plain; charset=utf-8"],
            cacheControl: cacheControl)
    }
}
