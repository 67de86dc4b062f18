import Foundation
import Hummingbird
import IPCaseDomain

/// The admin API for organisations; everyone may read their own.
struct OrganizationEndpoints: EndpointCollection {
    let dependencies: IdentityModule

    struct CreateRequest: Decodable {
        let name: String
        let kind: String
        let creditCode: String?
        let park: String?
        let region: String?
    }

    struct UpdateRequest: Decodable {
        let name: String?
        /// The park it moves to; an empty text takes it out of any.
        let park: String?
        /// Where it is; an empty text clears it.
        let region: String?
    }

    var endpoints: [Endpoint] {
        [
            Endpoint(.post, "/v1/organizations", access: .action("organization.create"), handler: create),
            Endpoint(.get, "/v1/organizations", access: .action("organization.list"), handler: list),
            Endpoint(.get, "/v1/organizations/{id}", access: .action("organization.read"), handler: read),
            Endpoint(.patch, "/v1/organizations/{id}", access: .action("organization.update"), handler: update),
        ]
    }

    static func validName(_ raw: String, into validation: inout FieldValidation) -> String {
        let name = FieldValidation.trimmed(raw)
        validation.check(FieldValidation.fits(name, 1...200), "name", FieldMessage.length(1...200))
        return name
    }

    /// Every organisation in China has a unified social credit code; only an enterprise must give it, since it
    /// is the key of its credit. A regulator's own code is what keeps it from grading itself. The one check, for
    /// the admin API and the command line alike.
    static func validCreditCode(_ raw: String?, of kind: OrganizationKind?, into validation: inout FieldValidation) -> String? {
        switch (kind?.requiresCreditCode, raw) {
        case (true, nil):
            validation.add("creditCode", FieldMessage.requiredForEnterprise)
        case (_, let code?):
            do { return try UnifiedSocialCreditCode(code).description } catch { validation.add("creditCode", error.message) }
        default: break
        }
        return nil
    }

    /// A park's or region's name, trimmed; an empty one is none.
    static func validPlace(_ raw: String?, _ field: String, into validation: inout FieldValidation) -> String? {
        guard let raw else { return nil }
        let place = FieldValidation.trimmed(raw)
        validation.check(place.isEmpty || FieldValidation.fits(place, 1...100), field, FieldMessage.length(1...100))
        return place.isEmpty ? nil : place
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try await dependencies.authorizer.require("organization.create", on: .platform, request: context)
        let body = try await RequestBodyReader.decode(CreateRequest.self, from: request, context: context)

        var validation = FieldValidation()
        let name = Self.validName(body.name, into: &validation)
        let kind = OrganizationKind(rawValue: body.kind)
        if kind == nil {
            validation.add("kind", FieldMessage.oneOf(OrganizationKind.allCases.map(\.rawValue)))
        }
        let creditCode = Self.validCreditCode(body.creditCode, of: kind, into: &validation)
        let park = Self.validPlace(body.park, "park", into: &validation)
        let region = Self.validPlace(body.region, "region", into: &validation)
        try validation.throwIfInvalid()

        let now = dependencies.clock.now
        let organization = Organization(
            id: UUID(), name: name, kind: kind!, creditCode: creditCode, park: park, region: region, version: 1, createdAt: now, updatedAt: now)
        try await dependencies.database.transaction(logger: context.logger) { connection in
            do {
                try await dependencies.organizations.insert(organization, on: connection, logger: context.logger)
            } catch OrganizationStoreError.creditCodeTaken {
                throw Problem.creditCodeTaken
            }
            try await dependencies.audit.record(
                .init(event: "admin.organization.created", actor: principal, subjectType: "organization",
                      subjectId: organization.id.uuidString.lowercased(),
                      details: ["name": .string(name), "kind": .string(organization.kind.rawValue)]),
                context: context, on: connection)
        }
        return try .json(organization, status: .created, headers: [
            .eTag: Preconditions.etag(version: organization.version),
            .location: "/v1/organizations/\(organization.id.uuidString.lowercased())",
        ])
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let page = try PageRequest(request, list: OrganizationStore.keyset)
        var kind: OrganizationKind?
        if let text = request.uri.queryParameters["kind"] {
            guard let parsed = OrganizationKind(rawValue: String(text)) else {
                let message = FieldMessage.notAnOrganizationKind
                throw Problem.badRequest(ProblemDetail.parameter("kind", message), errors: [FieldError("kind", message)])
            }
            kind = parsed
        }
        try await dependencies.authorizer.require("organization.list", on: .platform, request: context)
        return try .json(try await dependencies.organizations.list(page, kind: kind, logger: context.logger))
    }

    @Sendable func read(_ request: Request, context: AppRequestContext) async throws -> Response {
        let organization = try await load(context)
        try await dependencies.authorizer.require(
            "organization.read", on: organization.policyEntity, readAction: "organization.read", request: context)
        return try .json(organization, headers: [.eTag: Preconditions.etag(version: organization.version)])
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let organization = try await load(context)
        try await dependencies.authorizer.require(
            "organization.update", on: organization.policyEntity, readAction: "organization.read", request: context)
        let body = try await RequestBodyReader.decode(UpdateRequest.self, from: request, context: context)
        var validation = FieldValidation()
        let name = body.name.map { Self.validName($0, into: &validation) } ?? organization.name
        let park = body.park == nil ? organization.park : Self.validPlace(body.park, "park", into: &validation)
        let region = body.region == nil ? organization.region : Self.validPlace(body.region, "region", into: &validation)
        try validation.throwIfInvalid()
        let version = try Preconditions.requiredVersion(request)

        let updated = try await dependencies.database.transaction(logger: context.logger) { connection in
            guard let updated = try await dependencies.organizations.update(
                organization.id, name: name, park: park, region: region, version: version, now: dependencies.clock.now, on: connection,
                logger: context.logger)
            else { throw Preconditions.stale }
            try await dependencies.audit.record(
                .init(event: "admin.organization.updated", actor: principal, subjectType: "organization",
                      subjectId: organization.id.uuidString.lowercased(),
                      details: [
                        "name": .string(name), "park": park.map(JSONValue.string) ?? .null,
                        "region": region.map(JSONValue.string) ?? .null,
                      ]),
                context: context, on: connection)
            return updated
        }
        return try .json(updated, headers: [.eTag: Preconditions.etag(version: updated.version)])
    }

    private func load(_ context: AppRequestContext) async throws -> Organization {
        guard let organization = try await dependencies.organizations.find(try context.pathID(), logger: context.logger) else {
            throw Problem.notFound()
        }
        return organization
    }
}
