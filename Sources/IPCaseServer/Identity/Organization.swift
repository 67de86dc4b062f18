import Foundation
import IPCaseDomain

/// An organisation as the API shows it.
struct Organization: Codable, Sendable, Equatable {
    let id: UUID
    var name: String
    let kind: OrganizationKind
    let creditCode: String?
    /// The park (园区) it is in, for the regulators' compliance summary; enterprises mostly.
    var park: String? = nil
    /// Where it is (a district or city), for the directories.
    var region: String? = nil
    var version: Int
    let createdAt: Date
    var updatedAt: Date

    var policyEntity: PolicyEntity {
        PolicyEntity(type: "organization", attributes: ["id": .string(id.uuidString.lowercased()), "kind": .string(kind.rawValue)])
    }
}
