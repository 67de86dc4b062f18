public import HTTPTypes
public import Hummingbird

/// One operation of the API: its method, its path in OpenAPI form (`/v1/cases/{id}`), who may call it,
/// and its handler. Every route is declared this way, so the server can list its routes with their
/// access (for 405 answers, the OpenAPI check and the "no route without an action" check).
public struct Endpoint: Sendable {
    public enum Access: Sendable, Equatable {
        /// Anyone, without logging in: health, the OpenAPI document, login.
        case `public`
        /// A logged-in principal; the action names the policy decision the handler asks for.
        case action(String)
        /// A partner's API token of this scope (`credit.feed`), issued by an admin; sessions are not accepted.
        case apiToken(String)
    }

    public typealias Handler = @Sendable (Request, AppRequestContext) async throws -> Response

    public let method: HTTPRequest.Method
    public let path: String
    public let access: Access
    /// A larger body limit than the server's default, for uploads; `nil` keeps the default.
    public let bodyLimit: Int?
    public let handler: Handler

    public init(
        _ method: HTTPRequest.Method, _ path: String, access: Access, bodyLimit: Int? = nil, handler: @escaping Handler
    ) {
        self.method = method
        self.path = path
        self.access = access
        self.bodyLimit = bodyLimit
        self.handler = handler
    }

    /// The path as Hummingbird's router spells it: `{id}` becomes `:id`.
    var routerPath: String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            segment.hasPrefix("{") && segment.hasSuffix("}") ? ":" + segment.dropFirst().dropLast() : segment
        }.joined(separator: "/")
    }
}

/// A group of endpoints that belong to one capability.
public protocol EndpointCollection: Sendable {
    var endpoints: [Endpoint] { get }
}

extension Endpoint {
    /// The inverse of `routerPath`: `/v1/cases/:id` becomes `/v1/cases/{id}`.
    static func openAPIPath(fromRouterPath path: String) -> String {
        let path = path.hasPrefix("/") ? path : "/" + path
        return path.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            segment.hasPrefix(":") ? "{" + segment.dropFirst() + "}" : String(segment)
        }.joined(separator: "/")
    }
}
