import Foundation
import Hummingbird
import IPCaseDomain
import Logging

/// Login, logout and one's own sessions.
struct AuthEndpoints: EndpointCollection {
    let dependencies: IdentityModule

    struct LoginRequest: Decodable {
        let email: String
        let password: String
    }

    var endpoints: [Endpoint] {
        [
            Endpoint(.post, "/v1/auth/login", access: .public, handler: login),
            Endpoint(.post, "/v1/auth/logout", access: .action("session.revoke"), handler: logout),
            Endpoint(.get, "/v1/auth/sessions", access: .action("session.list"), handler: listSessions),
            Endpoint(.delete, "/v1/auth/sessions/{id}", access: .action("session.revoke"), handler: revokeSession),
        ]
    }

    static let invalidCredentials = Problem(
        kind: .invalidCredentials, detail: ProblemDetail.wrongCredentials, headers: [.wwwAuthenticate: "Bearer"])

    @Sendable func login(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await RequestBodyReader.decode(LoginRequest.self, from: request, context: context)
        let d = dependencies
        let now = d.clock.now
        let emailKey = EmailAddress.loginKey(body.email)
        guard !emailKey.unicodeScalars.contains("\u{0}") else { throw Self.invalidCredentials }
        // Counted before it is verified, in one step with the decision: concurrent guesses see each other.
        let admission = try await d.loginAttempts.admit(
            key: emailKey, clientAddress: context.clientAddress, perKey: d.loginThrottlePerAccount,
            perAddress: d.loginThrottlePerAddress, now: now, logger: context.logger)
        guard case .counted(let attempt) = admission else {
            try await d.audit.record(.init(event: "auth.login.throttled", details: ["email": .string(emailKey)]), context: context)
            d.metrics.attemptRefused("login")
            throw Self.tooManyAttempts(admission)
        }

        let credentials = try await d.users.credentials(email: emailKey, logger: context.logger)
        let verified = try await d.hashing.verify(body.password, against: credentials?.passwordHash)
        guard verified, let credentials, credentials.user.status == .active else {
            try await d.audit.record(
                .init(event: "auth.login.failed", actorUserId: credentials?.user.id, details: ["email": .string(emailKey)]),
                context: context)
            throw Self.invalidCredentials
        }
        try await d.loginAttempts.succeeded(attempt, logger: context.logger)
        if d.hashing.needsRehash(credentials.passwordHash) {
            // The stored hash predates the current parameters; the password is at hand only now.
            let stronger = try await d.hashing.hash(body.password)
            try await d.users.setPasswordHash(stronger, of: credentials.user.id, now: now, logger: context.logger)
        }
        let session = try await d.sessions.create(
            userId: credentials.user.id, now: now, lifetime: d.sessionLifetime, clientAddress: context.clientAddress,
            userAgent: request.headers[.userAgent], logger: context.logger)
        try await d.audit.record(
            .init(event: "auth.login.succeeded", actorUserId: credentials.user.id, subjectType: "session",
                  subjectId: session.id.uuidString.lowercased()),
            context: context)
        guard let organization = try await d.organizations.find(credentials.user.organizationId, logger: context.logger) else {
            throw Problem.internalError
        }
        return try .json(
            LoginResponse(
                token: session.token, expiresAt: session.expiresAt,
                user: UserWithOrganization(credentials.user, organization: organization)),
            headers: [.cacheControl: "no-store"])
    }

    /// 429 with `Retry-After` for an attempt the throttle refused.
    static func tooManyAttempts(_ admission: LoginAttemptStore.Admission) -> Problem {
        let wait: TimeInterval = if case .locked(let wait) = admission { wait } else { 1 }
        let seconds = Int(wait.rounded(.up))
        return Problem(
            kind: .tooManyAttempts, detail: ProblemDetail.tooManyFailedLogins(retryAfter: seconds), headers: [.retryAfter: String(seconds)])
    }

    @Sendable func logout(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try await dependencies.authorizer.require(
            "session.revoke", on: sessionEntity(principal.sessionId, owner: principal.userId), request: context)
        try await dependencies.sessions.revoke(principal.sessionId, now: dependencies.clock.now, logger: context.logger)
        try await dependencies.audit.record(
            .init(event: "auth.logout", actor: principal, subjectType: "session", subjectId: principal.sessionId.uuidString.lowercased()),
            context: context)
        return Response(status: .noContent)
    }

    @Sendable func listSessions(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let page = try PageRequest(request, list: SessionStore.keyset)
        try await dependencies.authorizer.require("session.list", on: selfEntity(principal), request: context)
        return try .json(try await dependencies.sessions.list(
            userId: principal.userId, current: principal.sessionId, now: dependencies.clock.now,
            lifetime: dependencies.sessionLifetime, page: page, logger: context.logger))
    }

    @Sendable func revokeSession(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.pathID()
        guard let owner = try await dependencies.sessions.owner(of: id, logger: context.logger) else { throw Problem.notFound() }
        try await dependencies.authorizer.require(
            "session.revoke", on: sessionEntity(id, owner: owner), readAction: "session.revoke", request: context)
        try await dependencies.sessions.revoke(id, now: dependencies.clock.now, logger: context.logger)
        try await dependencies.audit.record(
            .init(event: "auth.session.revoked", actor: principal, subjectType: "session", subjectId: id.uuidString.lowercased()),
            context: context)
        return Response(status: .noContent)
    }

    private func sessionEntity(_ id: UUID, owner: UUID) -> PolicyEntity {
        PolicyEntity(type: "session", attributes: [
            "id": .string(id.uuidString.lowercased()), "userId": .string(owner.uuidString.lowercased()),
        ])
    }
}

/// The principal's own user as a policy resource, for the `me.*` and `session.list` actions.
func selfEntity(_ principal: Principal) -> PolicyEntity {
    PolicyEntity(type: "user", attributes: [
        "id": .string(principal.userId.uuidString.lowercased()),
        "organizationId": .string(principal.organizationId.uuidString.lowercased()),
        "roles": .stringSet(Set(principal.roles.map(\.rawValue))),
    ])
}
