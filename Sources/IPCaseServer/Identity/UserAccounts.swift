import Foundation
import IPCaseDomain

/// The checks a new or changed user must pass, shared by the admin API, the CLI and the demo seed.
enum UserAccounts {
    static func newUser(
        email rawEmail: String, displayName rawName: String, organization: Organization?, roles rawRoles: [String],
        password: String, now: Date
    ) throws -> User {
        var validation = FieldValidation()
        // Stored NFC-normalised and case-folded; invisible characters refused.
        var email = FieldValidation.trimmed(rawEmail)
        do { email = try EmailAddress(rawEmail).normalized } catch {
            validation.add("email", error == .invisibleCharacter ? FieldMessage.invisibleCharacter : FieldMessage.mustBeEmail)
        }
        let displayName = FieldValidation.trimmed(rawName)
        validation.check(FieldValidation.fits(displayName, 1...200), "displayName", FieldMessage.length(1...200))
        if organization == nil { validation.add("organizationId", FieldMessage.namesNoOrganization) }
        let roles = Self.roles(rawRoles, fitting: organization?.kind, into: &validation)
        for violation in PasswordRules.check(password: password, email: email) {
            validation.add("password", violation.message)
        }
        try validation.throwIfInvalid()
        return User(
            id: UUID(), organizationId: organization!.id, email: email, displayName: displayName, roles: roles,
            status: .active, version: 1, createdAt: now, updatedAt: now)
    }

    /// Parses role names and checks each fits the organisation's kind (a judge in a court…).
    static func roles(_ names: [String], fitting kind: OrganizationKind?, into validation: inout FieldValidation) -> [Role] {
        var roles: Set<Role> = []
        for name in names {
            if let role = Role(rawValue: name) { roles.insert(role) } else {
                validation.add("roles", FieldMessage.notARole(name, roles: Role.allCases.map(\.rawValue)))
            }
        }
        if names.isEmpty { validation.add("roles", FieldMessage.atLeastOneRole) }
        if let kind {
            for misfit in Role.misfits(roles, for: kind) {
                validation.add("roles", FieldMessage.roleMisfit(misfit.rawValue, kind: kind.rawValue))
            }
        }
        return roles.sorted()
    }
}
