import HTTPTypes
import Hummingbird

/// `HEAD` on every `GET` route (RFC 9110 §9.3.2): answered as the `GET` would be, headers and all, without the
/// body, through the same authentication and policies. It wraps the whole router, because the router answers a
/// method it has no route for (405) before any of its middleware runs.
struct HeadAsGet<Base: HTTPResponderBuilder>: HTTPResponderBuilder {
    let base: Base

    struct Responder: HTTPResponder {
        let inner: Base.Responder

        @Sendable func respond(to request: Request, context: Base.Responder.Context) async throws -> Response {
            guard request.method == .head else { return try await inner.respond(to: request, context: context) }
            var head = request.head
            head.method = .get
            var response = try await inner.respond(to: Request(head: head, body: request.body), context: context)
            response.body = .init()
            return response
        }
    }

    func buildResponder() -> Responder { Responder(inner: base.buildResponder()) }
}

/// What answers a signed-in request is private: unless the handler said otherwise, no cache keeps it
/// (`Cache-Control: no-store`), so that a shared proxy never serves one user's case to another.
struct PrivateResponsesMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        if request.headers[.authorization] != nil, response.headers[.cacheControl] == nil {
            response.headers[.cacheControl] = "no-store"
        }
        return response
    }
}
