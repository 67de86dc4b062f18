import Hummingbird

/// The per-request state every handler sees.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The `X-Request-ID` echoed to the client and written in every log line of the request.
    public var requestID: String = ""
    /// Set from the configuration by `BodyLimitMiddleware`, so that body readers need no global.
    public var maxBodySize: Int = 1 << 20

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
    }

    public var maxUploadSize: Int { maxBodySize }
}
