import Foundation
import Hummingbird
import Logging

/// One JSON log line per request, with its id, method, path, status and duration, and the user and
/// organisation ids of a signed-in caller.
struct AccessLogMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        var metadata: Logger.Metadata = [
            "method": .string(request.method.rawValue),
            "path": .string(request.uri.path),
            "status": .stringConvertible(response.status.code),
            "duration_ms": .string(String(format: "%.3f", milliseconds)),
        ]
        if let caller = context.caller.current {
            metadata["user_id"] = .string(caller.user.uuidString.lowercased())
            metadata["organization_id"] = .string(caller.organization.uuidString.lowercased())
        }
        context.logger.info("request", metadata: metadata)
        return response
    }
}
