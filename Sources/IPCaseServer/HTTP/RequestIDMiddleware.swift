import Foundation
import HTTPTypes
import Hummingbird
import Logging

extension HTTPField.Name {
    static let requestID = HTTPField.Name("X-Request-ID")!
}

/// Gives every request an id: the client's own when it is well formed, so that a caller can follow a
/// request across systems, otherwise a fresh one. It is echoed in the response and put in every log line.
struct RequestIDMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    static func isWellFormed(_ id: String) -> Bool {
        id.wholeMatch(of: /[A-Za-z0-9\-]{1,64}/) != nil
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let offered = request.headers[.requestID]
        let id = offered.flatMap { Self.isWellFormed($0) ? $0 : nil } ?? UUID().uuidString.lowercased()
        context.requestID = id
        // One id per line: this one, which the client sees, in place of the framework's own.
        context.logger[metadataKey: "hb.request.id"] = nil
        context.logger[metadataKey: "request_id"] = .string(id)
        var response = try await next(request, context)
        response.headers[.requestID] = id
        return response
    }
}
