/// What a user may do, in the vocabulary the access policies use.
public enum Role: String, Sendable, Codable, CaseIterable, Comparable {
    case enterprise
    case mediator
    case arbitrator
    case judge
    case regulator
    case admin

    /// A role must fit its organisation: a judge sits in a court, a mediator in a mediation body
    /// (docs/domain.md#who-uses-it).
    public var organizationKind: OrganizationKind {
        switch self {
        case .enterprise: .enterprise
        case .mediator: .mediationBody
        case .arbitrator: .arbitrationCommission
        case .judge: .court
        case .regulator: .regulator
        case .admin: .platform
        }
    }

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The roles of `roles` that do not fit an organisation of `kind`.
    public static func misfits(_ roles: Set<Role>, for kind: OrganizationKind) -> [Role] {
        roles.filter { $0.organizationKind != kind }.sorted()
    }
}
