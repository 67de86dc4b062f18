import Foundation
import HTTPTypes
import Hummingbird

/// Behind a proxy every request comes from the proxy's address, so users behind one NAT or proxy would lock each
/// other out of logging in. When the peer is a configured trusted proxy (`IPCASE_TRUSTED_PROXIES`, none by
/// default), the client is the rightmost `X-Forwarded-For` address that is not itself a trusted proxy; anyone
/// else's `X-Forwarded-For` is ignored, since a client can write anything there.
struct ClientAddressMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    let trustedProxies: Set<String>

    static func client(peer: String?, forwardedFor: String?, trusted: Set<String>) -> String? {
        guard let peer, trusted.contains(peer), let forwardedFor else { return peer }
        let hops = forwardedFor.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return hops.last { !trusted.contains($0) } ?? peer
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard !trustedProxies.isEmpty else { return try await next(request, context) }
        var context = context
        context.clientAddress = Self.client(
            peer: context.clientAddress, forwardedFor: request.headers[.xForwardedFor], trusted: trustedProxies)
        return try await next(request, context)
    }
}

extension HTTPField.Name {
    static let xForwardedFor = HTTPField.Name("X-Forwarded-For")!
}
