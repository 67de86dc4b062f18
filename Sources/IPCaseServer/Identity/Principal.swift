public import Foundation
public import IPCaseDomain

/// The authenticated user a request acts for, with the organisation it acts for.
public struct Principal: Sendable, Equatable {
    public let userId: UUID
    public let organizationId: UUID
    public let organizationKind: OrganizationKind
    public let roles: Set<Role>
    public let sessionId: UUID

    /// How the policies see this principal.
    var policyEntity: PolicyEntity {
        PolicyEntity(type: "principal", attributes: [
            "id": .string(userId.uuidString.lowercased()),
            "organizationId": .string(organizationId.uuidString.lowercased()),
            "organizationKind": .string(organizationKind.rawValue),
            "roles": .stringSet(Set(roles.map(\.rawValue))),
        ])
    }
}
