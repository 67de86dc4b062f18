public import Foundation
public import IPCaseDomain

/// The authenticated user a request acts for, with the organisation it acts for.
public struct Principal: Sendable, Equatable {
    public let userId: UUID
    public let organizationId: UUID
    public let organizationKind: OrganizationKind
    public let roles: Set<Role>
    public let sessionId: UUID
    /// The organisation's unified social credit code, an enterprise's only: its cases as respondent are found by it.
    public let organizationCreditCode: String?
    /// How the policies see this principal: built once, since a request may ask the policies many times
    /// (once per action it might offer, once per row of a list).
    let policyEntity: PolicyEntity

    public init(
        userId: UUID, organizationId: UUID, organizationKind: OrganizationKind, roles: Set<Role>, sessionId: UUID,
        organizationCreditCode: String? = nil
    ) {
        self.organizationCreditCode = organizationCreditCode
        self.userId = userId
        self.organizationId = organizationId
        self.organizationKind = organizationKind
        self.roles = roles
        self.sessionId = sessionId
        policyEntity = PolicyEntity(type: "principal", attributes: [
            "id": .string(userId.uuidString.lowercased()),
            "organizationId": .string(organizationId.uuidString.lowercased()),
            "organizationKind": .string(organizationKind.rawValue),
            "roles": .stringSet(Set(roles.map(\.rawValue))),
        ])
    }

    public static func == (lhs: Principal, rhs: Principal) -> Bool {
        lhs.userId == rhs.userId && lhs.organizationId == rhs.organizationId && lhs.organizationKind == rhs.organizationKind
            && lhs.roles == rhs.roles && lhs.sessionId == rhs.sessionId
    }
}
