import Foundation
import Hummingbird
import IPCaseDomain

/// Turns `Authorization: Bearer <token>` into the request's principal, or answers 401.
struct Authentication: Sendable {
    let sessions: SessionStore
    let lifetime: SessionStore.Lifetime
    let clock: any AppClock
    let apiTokens: ApiTokenStore

    func principal(for request: Request, context: AppRequestContext) async throws -> Principal {
        guard let principal = try await sessions.principal(
            token: try Self.bearer(request), now: clock.now, lifetime: lifetime, logger: context.logger)
        else {
            throw Problem.unauthenticated(ProblemDetail.tokenNotValid)
        }
        return principal
    }

    /// The live API token of `scope` the request carries, or 401.
    func apiToken(for request: Request, scope: String, context: AppRequestContext) async throws -> ApiToken {
        guard let scope = ApiToken.Scope(rawValue: scope),
              let token = try await apiTokens.authenticate(try Self.bearer(request), scope: scope, logger: context.logger)
        else { throw Problem.unauthenticated(ProblemDetail.tokenNotValid) }
        return token
    }

    private static func bearer(_ request: Request) throws -> String {
        guard let header = request.headers[.authorization] else { throw Problem.unauthenticated() }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer", !parts[1].isEmpty else {
            throw Problem.unauthenticated(ProblemDetail.malformedAuthorization)
        }
        return String(parts[1])
    }
}
