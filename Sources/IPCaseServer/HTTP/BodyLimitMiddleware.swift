import Hummingbird

/// Refuses bodies over the configured limit with 413 before anything reads them, when the client says
/// the length up front; `RequestBodyReader` enforces the same limit on bodies of unknown length.
struct BodyLimitMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let limit: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw Problem.bodyTooLarge(limit: limit)
        }
        var context = context
        context.maxBodySize = limit
        return try await next(request, context)
    }
}
