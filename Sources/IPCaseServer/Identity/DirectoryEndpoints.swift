import Foundation
import Hummingbird
import IPCaseDomain

/// What people need to look up to work a case, and nothing more: any signed-in user finds mediation bodies,
/// arbitration commissions and courts by kind and name (id, name, region), and a neutral lists the colleagues of
/// their own organisation (id, name, roles) to hand a case over. No email, no credit code, no other kind.
struct DirectoryEndpoints: EndpointCollection {
    let dependencies: IdentityModule

    var endpoints: [Endpoint] {
        [
            Endpoint(.get, "/v1/directory/organizations", access: .action("directory.organizations.read"), handler: organizations),
            Endpoint(.get, "/v1/directory/colleagues", access: .action("directory.colleagues.read"), handler: colleagues),
        ]
    }

    /// The kinds a directory shows: the bodies a party files with or is referred to.
    static let kinds: [OrganizationKind] = [.mediationBody, .arbitrationCommission, .court]

    struct Listed: Encodable, Sendable {
        let id: UUID
        let name: String
        let kind: OrganizationKind
        let region: String?
    }

    struct Colleague: Encodable, Sendable {
        let id: UUID
        let name: String
        let roles: [Role]
    }

    @Sendable func organizations(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        try QueryParameters.refuseUnknown(query, allowed: ["kind", "q", "limit", "cursor"])
        try await dependencies.authorizer.require("directory.organizations.read", on: .platform, request: context)
        var kinds = Self.kinds
        if let text = query["kind"].map(String.init) {
            guard let kind = OrganizationKind(rawValue: text), Self.kinds.contains(kind) else {
                throw QueryParameters.invalid("kind", FieldMessage.oneOf(Self.kinds.map(\.rawValue)))
            }
            kinds = [kind]
        }
        let name = try QueryParameters.text(query, "q")
        let page = try PageRequest(request, list: OrganizationStore.directoryKeyset)
        let found = try await dependencies.organizations.directory(kinds: kinds, query: name, page: page, logger: context.logger)
        return try .json(found.map { Listed(id: $0.id, name: $0.name, kind: $0.kind, region: $0.region) })
    }

    @Sendable func colleagues(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try QueryParameters.refuseUnknown(request.uri.queryParameters, allowed: ["limit", "cursor"])
        try await dependencies.authorizer.require("directory.colleagues.read", on: .platform, request: context)
        let page = try PageRequest(request, list: UserStore.keyset)
        let users = try await dependencies.users.list(page, organizationId: principal.organizationId, logger: context.logger)
        let neutral: Set<Role> = [.mediator, .arbitrator, .judge]
        return try .json(users.map { user in
            Colleague(id: user.id, name: user.displayName, roles: user.roles.filter(neutral.contains).sorted())
        })
    }
}
