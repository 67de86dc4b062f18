import Foundation
import Hummingbird
import IPCaseDomain

/// The admin API for users; colleagues may read each other.
struct UserEndpoints: EndpointCollection {
    let dependencies: IdentityModule

    struct CreateRequest: Decodable {
        let email: String
        let displayName: String
        let organizationId: UUID
        let roles: [String]
        let password: String
    }

    struct UpdateRequest: Decodable {
        let displayName: String?
        let roles: [String]?
        let status: String?
    }

    var endpoints: [Endpoint] {
        [
            Endpoint(.post, "/v1/users", access: .action("user.create"), handler: create),
            Endpoint(.get, "/v1/users", access: .action("user.list"), handler: list),
            Endpoint(.get, "/v1/users/{id}", access: .action("user.read"), handler: read),
            Endpoint(.patch, "/v1/users/{id}", access: .action("user.update"), handler: update),
        ]
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try await dependencies.authorizer.require("user.create", on: .platform, request: context)
        let body = try await RequestBodyReader.decode(CreateRequest.self, from: request, context: context)
        let organization = try await dependencies.organizations.find(body.organizationId, logger: context.logger)
        let user = try UserAccounts.newUser(
            email: body.email, displayName: body.displayName, organization: organization, roles: body.roles,
            password: body.password, now: dependencies.clock.now)
        let hash = try await dependencies.hashing.hash(body.password)
        try await dependencies.database.transaction(logger: context.logger) { connection in
            do {
                try await dependencies.users.insert(user, passwordHash: hash, on: connection, logger: context.logger)
            } catch UserStoreError.emailTaken {
                throw Problem.emailTaken
            } catch UserStoreError.emailConfusable(let existing) {
                throw Problem.emailConfusable(existing)
            }
            try await dependencies.audit.record(
                .init(event: "admin.user.created", actor: principal, subjectType: "user", subjectId: user.id.uuidString.lowercased(),
                      details: ["email": .string(user.email), "roles": .array(user.roles.map { .string($0.rawValue) })]),
                context: context, on: connection)
        }
        return try .json(user, status: .created, headers: [
            .eTag: Preconditions.etag(version: user.version), .location: "/v1/users/\(user.id.uuidString.lowercased())",
        ])
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let page = try PageRequest(request, list: UserStore.keyset)
        var organizationId: UUID?
        if let text = request.uri.queryParameters["organizationId"] {
            guard let id = UUID(uuidString: String(text)) else {
                throw Problem.badRequest(
                    ProblemDetail.organizationIdNotUUID, errors: [FieldError("organizationId", FieldMessage.mustBeUUID)])
            }
            organizationId = id
        }
        try await dependencies.authorizer.require("user.list", on: .platform, request: context)
        return try .json(try await dependencies.users.list(page, organizationId: organizationId, logger: context.logger))
    }

    @Sendable func read(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try await load(context)
        try await dependencies.authorizer.require("user.read", on: user.policyEntity, readAction: "user.read", request: context)
        return try .json(user, headers: [.eTag: Preconditions.etag(version: user.version)])
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let user = try await load(context)
        // Settle visibility before reading the body, so that a 400 or 422 never tells a stranger the user exists.
        try await dependencies.authorizer.require("user.read", on: user.policyEntity, readAction: "user.read", request: context)
        let body = try await RequestBodyReader.decode(UpdateRequest.self, from: request, context: context)
        // Authorization before validation: what the body asks to change decides who may, and a refusal says
        // nothing about how roles would have to fit.
        let changesRoles = body.roles.map { Set($0) != Set(user.roles.map(\.rawValue)) } ?? false
        let changesStatus = body.status.map { $0 != user.status.rawValue } ?? false
        try await dependencies.authorizer.require(
            "user.update", on: user.policyEntity, context: ["changesRoles": .bool(changesRoles), "changesStatus": .bool(changesStatus)],
            readAction: "user.read", request: context)
        var changed = user
        var validation = FieldValidation()
        if let displayName = body.displayName {
            changed.displayName = FieldValidation.trimmed(displayName)
            validation.check(FieldValidation.fits(changed.displayName, 1...200), "displayName", FieldMessage.length(1...200))
        }
        if let roles = body.roles {
            let organization = try await dependencies.organizations.find(user.organizationId, logger: context.logger)
            changed.roles = UserAccounts.roles(roles, fitting: organization?.kind, into: &validation)
        }
        if let status = body.status {
            if let parsed = User.Status(rawValue: status) { changed.status = parsed } else {
                validation.add("status", FieldMessage.either(User.Status.allCases.map(\.rawValue)))
            }
        }
        try validation.throwIfInvalid()
        let version = try Preconditions.requiredVersion(request)

        let now = dependencies.clock.now
        let updated = try await dependencies.database.transaction(logger: context.logger) { connection in
            guard let updated = try await dependencies.users.update(
                changed, expectedVersion: version, now: now, on: connection, logger: context.logger)
            else { throw Preconditions.stale }
            if updated.status == .disabled {
                // Sessions already stop at the next request (they re-read the status); revoking them too
                // keeps them out of the session list should the user be enabled again.
                try await dependencies.sessions.revokeAll(of: user.id, except: nil, now: now, on: connection, logger: context.logger)
            }
            try await dependencies.audit.record(
                .init(event: "admin.user.updated", actor: principal, subjectType: "user", subjectId: user.id.uuidString.lowercased(),
                      details: [
                        "displayName": .string(updated.displayName), "status": .string(updated.status.rawValue),
                        "roles": .array(updated.roles.map { .string($0.rawValue) }),
                      ]),
                context: context, on: connection)
            return updated
        }
        return try .json(updated, headers: [.eTag: Preconditions.etag(version: updated.version)])
    }

    private func load(_ context: AppRequestContext) async throws -> User {
        guard let user = try await dependencies.users.find(try context.pathID(), logger: context.logger) else {
            throw Problem.notFound()
        }
        return user
    }
}
