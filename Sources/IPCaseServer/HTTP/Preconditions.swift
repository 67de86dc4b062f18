import Foundation
import Hummingbird
import IPCaseDomain

/// Optimistic concurrency: a resource's `ETag` is its row version, and a change must present it in
/// `If-Match`, so that two editors cannot overwrite each other unknowingly.
enum Preconditions {
    static func etag(version: Int) -> String { "\"\(version)\"" }

    /// The version the client claims to have seen; 428 when it sent none, 400 naming the header when it is not
    /// an entity tag (`"3"`, quoted): a malformed header is the client's mistake, not a change on the server.
    static func requiredVersion(_ request: Request) throws -> Int {
        guard let value = request.headers[.ifMatch] else {
            throw Problem(kind: .preconditionRequired, detail: ProblemDetail.ifMatchRequired)
        }
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        guard trimmed.count >= 2, trimmed.hasPrefix("\""), trimmed.hasSuffix("\""), let version = Int(trimmed.dropFirst().dropLast()) else {
            throw Problem.badRequest(ProblemDetail.malformedIfMatch, errors: [FieldError("If-Match", FieldMessage.entityTag)])
        }
        return version
    }

    static let stale = Problem(kind: .preconditionFailed, detail: ProblemDetail.stale)
}
