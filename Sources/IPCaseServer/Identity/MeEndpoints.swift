import Foundation
import Hummingbird
import IPCaseDomain

/// The logged-in user's own account.
struct MeEndpoints: EndpointCollection {
    let dependencies: IdentityModule

    struct PasswordChange: Decodable {
        let currentPassword: String
        let newPassword: String
    }

    var endpoints: [Endpoint] {
        [
            Endpoint(.get, "/v1/me", access: .action("me.read"), handler: me),
            Endpoint(.post, "/v1/me/password", access: .action("me.changePassword"), handler: changePassword),
        ]
    }

    @Sendable func me(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try await dependencies.authorizer.require("me.read", on: selfEntity(principal), request: context)
        guard let user = try await dependencies.users.find(principal.userId, logger: context.logger),
            let organization = try await dependencies.organizations.find(user.organizationId, logger: context.logger)
        else { throw Problem.notFound() }
        return try .json(UserWithOrganization(user, organization: organization))
    }

    /// Changes the password and ends every other session, so that a stolen session dies with the old password.
    @Sendable func changePassword(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let body = try await RequestBodyReader.decode(PasswordChange.self, from: request, context: context)
        let d = dependencies
        try await d.authorizer.require("me.changePassword", on: selfEntity(principal), request: context)
        guard let user = try await d.users.find(principal.userId, logger: context.logger) else { throw Problem.notFound() }
        // Guesses at the current password are throttled like logins, per account, and audited.
        let admission = try await d.loginAttempts.admit(
            key: "password:\(user.id.uuidString.lowercased())", clientAddress: nil, perKey: d.loginThrottlePerAccount,
            perAddress: nil, now: d.clock.now, logger: context.logger)
        guard case .counted(let attempt) = admission else {
            try await d.audit.record(
                .init(event: "auth.password.throttled", actor: principal, subjectType: "user", subjectId: user.id.uuidString.lowercased()),
                context: context)
            d.metrics.attemptRefused("password")
            throw AuthEndpoints.tooManyAttempts(admission)
        }
        let stored = try await d.users.passwordHash(of: user.id, logger: context.logger)
        guard try await d.hashing.verify(body.currentPassword, against: stored) else {
            try await d.audit.record(
                .init(event: "auth.password.wrongCurrent", actor: principal, subjectType: "user", subjectId: user.id.uuidString.lowercased()),
                context: context)
            throw Problem.validation([FieldError("currentPassword", FieldMessage.notCurrentPassword)])
        }
        try await d.loginAttempts.succeeded(attempt, logger: context.logger)
        let violations = PasswordRules.check(password: body.newPassword, email: user.email)
        guard violations.isEmpty else {
            throw Problem.validation(violations.map { FieldError("newPassword", $0.message) })
        }
        let hash = try await d.hashing.hash(body.newPassword)
        let now = d.clock.now
        try await d.database.transaction(logger: context.logger) { connection in
            try await d.users.setPasswordHash(hash, of: user.id, now: now, on: connection, logger: context.logger)
            try await d.sessions.revokeAll(of: user.id, except: principal.sessionId, now: now, on: connection, logger: context.logger)
            try await d.audit.record(
                .init(event: "auth.password.changed", actor: principal, subjectType: "user", subjectId: user.id.uuidString.lowercased()),
                context: context, on: connection)
        }
        return Response(status: .noContent)
    }
}
