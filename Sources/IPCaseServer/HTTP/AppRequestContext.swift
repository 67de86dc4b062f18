import Foundation
public import Hummingbird

/// The per-request state every handler sees.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The `X-Request-ID` echoed to the client and written in every log line of the request.
    public var requestID: String = ""
    /// Set from the configuration by `BodyLimitMiddleware`, so that body readers need no global.
    public var maxBodySize: Int = 1 << 20

    /// The client's IP address, for per-address login limits and the audit log: the peer's, or the one a
    /// trusted proxy forwarded (`ClientAddressMiddleware`).
    public var clientAddress: String?
    /// Set by the authentication step of endpoints that need a logged-in user.
    public var principal: Principal?
    /// Set for endpoints a partner calls with an API token (the credit feed).
    var apiToken: ApiToken?
    /// Who the request turned out to be from, for the access log.
    let caller = RequestCaller()

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.clientAddress = source.channel.remoteAddress?.ipAddress
    }

    public var maxUploadSize: Int { maxBodySize }
}

extension AppRequestContext {
    /// The `{id}` of the path. An id that is not a UUID names nothing, so it is 404 like an unknown one.
    func pathID(_ name: String = "id") throws -> UUID {
        guard let text = parameters.get(name), let id = UUID(uuidString: text) else { throw Problem.notFound() }
        return id
    }
}
