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
    /// The routes by their path's segments, so that a request (every request, for `/metrics`) finds its route
    /// by a few dictionary look-ups rather than by comparing itself with every route.
    private let tree: Node

    init(_ endpoints: [Endpoint]) {
        routes = endpoints.map { Route(method: $0.method, path: $0.path, access: $0.access, bodyLimit: $0.bodyLimit) }
        var tree = Node()
        for route in routes { tree.insert(route, at: route.path.split(separator: "/")[...]) }
        self.tree = tree
    }

    /// One segment of a path pattern: the routes that end here, the literal segments that may follow, and
    /// the `{parameter}` that may follow instead.
    private struct Node: Sendable {
        var routes: [Route] = []
        var literals: [Substring: Node] = [:]
        /// At most one: an array, because a struct cannot hold itself.
        var parameter: [Node] = []

        mutating func insert(_ route: Route, at segments: ArraySlice<Substring>) {
            guard let segment = segments.first else { return routes.append(route) }
            if segment.hasPrefix("{") {
                if parameter.isEmpty { parameter = [Node()] }
                parameter[0].insert(route, at: segments.dropFirst())
            } else {
                literals[segment, default: Node()].insert(route, at: segments.dropFirst())
            }
        }

        /// Every route the segments match, literal segments before parameters (as the router prefers them).
        func matches(_ segments: ArraySlice<Substring>) -> [Route] {
            guard let segment = segments.first else { return routes }
            return (literals[segment]?.matches(segments.dropFirst()) ?? []) + (parameter.first?.matches(segments.dropFirst()) ?? [])
        }
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
        tree.matches(requestPath.split(separator: "/")[...])
    }
}
