import Foundation
import IPCaseDomain

/// A user as the API shows it; the password hash never leaves the store.
struct User: Codable, Sendable, Equatable {
    enum Status: String, Codable, Sendable, CaseIterable { case active, disabled }

    let id: UUID
    let organizationId: UUID
    let email: String
    var displayName: String
    var roles: [Role]
    var status: Status
    var version: Int
    let createdAt: Date
    var updatedAt: Date

    var policyEntity: PolicyEntity {
        PolicyEntity(type: "user", attributes: [
            "id": .string(id.uuidString.lowercased()),
            "organizationId": .string(organizationId.uuidString.lowercased()),
            "roles": .stringSet(Set(roles.map(\.rawValue))),
        ])
    }
}

extension PolicyEntity {
    /// The resource of actions that concern the whole platform: listing and creating.
    static let platform = PolicyEntity(type: "platform", attributes: [:])
}
