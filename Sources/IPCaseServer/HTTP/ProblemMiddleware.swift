import Hummingbird
import IPCaseDomain
import Logging

/// Turns every error into an RFC 9457 problem response. It sits inside the access log and request id
/// middleware, so that error responses are logged and carry the id like any other.
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let catalog: RouteCatalog

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let language = Language(acceptLanguage: request.headers[.acceptLanguage])
        do {
            return try await next(request, context)
        } catch let problem as Problem {
            return problem.response(instance: request.uri.path, language: language)
        } catch let outage as DatabaseUnavailable {
            // Logged once by `Database` when the outage begins, not once per request.
            return Problem.databaseUnavailable(retryAfterSeconds: outage.retryAfterSeconds)
                .response(instance: request.uri.path, language: language)
        } catch let error as HTTPError {
            return problem(for: error, request: request).response(instance: request.uri.path, language: language)
        } catch {
            // Never shown to the client: it may hold SQL or internal state.
            context.logger.error("unhandled error: \(String(reflecting: error))")
            return Problem.internalError.response(instance: request.uri.path, language: language)
        }
    }

    private func problem(for error: HTTPError, request: Request) -> Problem {
        switch error.status {
        case .notFound:
            // The router says "not found" for a known path with another method, too; tell the two apart.
            let allowed = catalog.methods(matching: request.uri.path)
            return allowed.isEmpty ? .notFound() : .methodNotAllowed(request.method, allowed: allowed)
        case .contentTooLarge:
            return .bodyTooLarge(limit: 0)
        default:
            let detail = ProblemDetail.http(status: error.status.code, englishDetail: error.body ?? error.status.reasonPhrase)
            return Problem(error.status, kind: .http, detail: detail)
        }
    }
}
