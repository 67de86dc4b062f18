import Foundation
import HTTPTypes
import Hummingbird
import IPCaseDomain

/// `GET /metrics`, for Prometheus. Served to loopback callers only unless `IPCASE_METRICS_FROM` names the
/// addresses of the scrapers: the figures say how busy the service is and which routes fail, which is no
/// stranger's business. Elsewhere it is 404, as for a route that does not exist.
struct MetricsEndpoints: EndpointCollection {
    let metrics: ServiceMetrics
    let allowed: Set<String>

    var endpoints: [Endpoint] {
        [Endpoint(.get, "/metrics", access: .public, handler: scrape)]
    }

    static let loopback: Set<String> = ["127.0.0.1", "::1"]

    @Sendable func scrape(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let client = context.clientAddress, Self.loopback.union(allowed).contains(client) else { throw Problem.notFound() }
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: metrics.text)))
    }
}

/// Counts every answer by its route's template (never the raw path, whose ids would make a series per case),
/// method and status, with its latency. Outside the problem middleware, so it sees the final status.
struct MetricsMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    let metrics: ServiceMetrics
    let catalog: RouteCatalog

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        let route = catalog.route(request.method, matching: request.uri.path)?.path ?? "unmatched"
        do {
            let response = try await next(request, context)
            metrics.request(
                route: route, method: request.method.rawValue, status: response.status.code, duration: ContinuousClock.now - started)
            return response
        } catch {
            metrics.request(route: route, method: request.method.rawValue, status: 500, duration: ContinuousClock.now - started)
            throw error
        }
    }
}
