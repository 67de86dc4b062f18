import Foundation
import IPCaseDomain

/// A user together with the organisation it acts for, as `/v1/me` and login show it.
struct UserWithOrganization: Encodable, Sendable {
    let id: UUID
    let email: String
    let displayName: String
    let roles: [Role]
    let status: User.Status
    let organization: Organization

    init(_ user: User, organization: Organization) {
        id = user.id
        email = user.email
        displayName = user.displayName
        roles = user.roles
        status = user.status
        self.organization = organization
    }
}

struct LoginResponse: Encodable, Sendable {
    let token: String
    let expiresAt: Date
    let user: UserWithOrganization
}
