public import HTTPTypes

/// Every declared endpoint, by method and path pattern: what answers "which methods exist at this path?"
/// for a 405, and what tests compare with the router and the OpenAPI document.
public struct RouteCatalog: Sendable {
    public struct Route: Sendable, Hashable {
        public let method: HTTPRequest.Method
        public let path: String
        public let access: Endpoint.Access
        public let bodyLimit: Int?

        public func hash(into hasher: inout Hasher) {
            hasher.combine(method)
            hasher.combine(path)
        }
        public static func == (lhs: Route, rhs: Route) -> Bool { lhs.method == rhs.method && lhs.path == rhs.path }
    }

    public let routes: [Route]

    init(_ endpoints: [Endpoint]) {
        routes = endpoints.map { Route(method: $0.method, path: $0.path, access: $0.access, bodyLimit: $0.bodyLimit) }
    }

    /// The methods declared for a concrete request path, e.g. `/v1/cases/42` matches `/v1/cases/{id}`.
    func methods(matching requestPath: String) -> [HTTPRequest.Method] {
        routes(matching: requestPath).map(\.method)
    }

    /// The route a request will reach, if any.
    func route(_ method: HTTPRequest.Method, matching requestPath: String) -> Route? {
        routes(matching: requestPath).first { $0.method == method }
    }

    private func routes(matching requestPath: String) -> [Route] {
        let segments = requestPath.split(separator: "/", omittingEmptySubsequences: true)
        return routes.filter { route in
            let pattern = route.path.split(separator: "/", omittingEmptySubsequences: true)
            return pattern.count == segments.count
                && zip(pattern, segments).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
        }
    }
}
