import Hummingbird

/// Refuses bodies over the configured limit with 413 before anything reads them, when the client says
/// the length up front; `RequestBodyReader` enforces the same limit on bodies of unknown length.
struct BodyLimitMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let limit: Int
    /// Uploads declare a larger limit on their endpoint.
    let catalog: RouteCatalog
    /// The console's uploads, which are not API endpoints, take a document as the API's uploads do.
    var consoleUploadLimit: Int? = nil

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let consoleLimit = Console.isUpload(request.method, request.uri.path) ? consoleUploadLimit : nil
        let limit = catalog.route(request.method, matching: request.uri.path)?.bodyLimit ?? consoleLimit ?? self.limit
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw Problem.bodyTooLarge(limit: limit)
        }
        var context = context
        context.maxBodySize = limit
        return try await next(request, context)
    }
}
