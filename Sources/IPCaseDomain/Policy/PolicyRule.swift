/// One rule as written in a `Policies/access/*.yaml` file.
public struct PolicyRule: Sendable, Hashable {
    public enum Effect: String, Sendable, Hashable, CaseIterable {
        case permit
        case forbid
    }

    /// Applies to any authenticated principal, whatever its roles.
    public static let anyRole = "*"

    public var id: String
    public var description: String
    public var effect: Effect
    /// Role names, or `["*"]`.
    public var roles: [String]
    public var actions: [String]
    /// The condition texts as written; nil when absent.
    public var when: String?
    public var unless: String?
    /// Where the rule is defined, for reports.
    public var path: String
    public var line: Int
}

/// The role names a rule may list: the one list of roles, `Role`. Each gets one bit, so that matching
/// a rule's roles against the principal's is a single AND rather than a set intersection.
public enum PolicyRoles {
    public static let known: [String] = Role.allCases.map(\.rawValue)

    /// A dictionary rather than a search of `known`: it runs for every principal of every decision.
    private static let bits: [String: UInt64] = Dictionary(
        uniqueKeysWithValues: Role.allCases.enumerated().map { ($1.rawValue, UInt64(1) << UInt64($0)) })

    static func bit(of role: String) -> UInt64? { bits[role] }

    /// The principal's roles as bits; roles the policies do not know are ignored.
    @inline(__always)
    static func mask(of roles: PolicyValue?) -> UInt64 {
        guard case .stringSet(let names) = roles else { return 0 }
        var mask: UInt64 = 0
        for name in names {
            if let bit = bit(of: name) { mask |= bit }
        }
        return mask
    }
}

/// A rule compiled for one action: what `PolicySet.decide` runs.
struct CompiledRule: Sendable {
    let id: String
    let effect: PolicyRule.Effect
    /// `UInt64.max` for `*`, which also matches principals without any role.
    let roleMask: UInt64
    let when: CompiledExpression?
    let unless: CompiledExpression?

    @inline(__always)
    func applies(toRoles principalRoles: UInt64) -> Bool {
        roleMask == .max || roleMask & principalRoles != 0
    }

    /// A rule matches when `when` holds and `unless` does not; a failure in either throws, and the
    /// caller treats the rule as not matching.
    @inline(__always)
    func conditionsHold(for request: PolicyRequest) throws(PolicyEvaluationFailure) -> Bool {
        if let when, try !when.isSatisfied(by: request) { return false }
        if let unless, try unless.isSatisfied(by: request) { return false }
        return true
    }
}
