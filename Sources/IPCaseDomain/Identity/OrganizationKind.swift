/// What an organisation is, which decides the roles its users may hold.
public enum OrganizationKind: String, Sendable, Codable, CaseIterable {
    case enterprise
    case mediationBody = "mediation_body"
    case arbitrationCommission = "arbitration_commission"
    case court
    case regulator
    case platform

    /// Only enterprises are identified by a unified social credit code.
    public var requiresCreditCode: Bool { self == .enterprise }
}
