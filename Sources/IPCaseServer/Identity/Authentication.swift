import Foundation
import Hummingbird
import IPCaseDomain

/// Turns `Authorization: Bearer <token>` into the request's principal, or answers 401.
struct Authentication: Sendable {
    let sessions: SessionStore
    let lifetime: SessionStore.Lifetime
    let clock: any AppClock

    func principal(for request: Request, context: AppRequestContext) async throws -> Principal {
        guard let header = request.headers[.authorization] else { throw Problem.unauthenticated() }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer", !parts[1].isEmpty else {
            throw Problem.unauthenticated(ProblemDetail.malformedAuthorization)
        }
        guard let principal = try await sessions.principal(
            token: String(parts[1]), now: clock.now, lifetime: lifetime, logger: context.logger)
        else {
            throw Problem.unauthenticated(ProblemDetail.tokenNotValid)
        }
        return principal
    }
}
