/// The answer to a `PolicyRequest`.
public struct PolicyDecision: Sendable, Hashable {
    public enum Outcome: String, Sendable, Hashable, CaseIterable {
        /// At least one permit rule matched and no forbid rule did.
        case permitted
        /// At least one forbid rule matched; it beats every permit.
        case forbidden
        /// Nothing matched: the default deny.
        case notPermitted = "not_permitted"
    }

    public var outcome: Outcome
    /// The deciding rules, sorted: the matching permits when permitted, the matching forbids when
    /// forbidden, empty when not permitted.
    public var ruleIds: [String]
    /// Conditions that could not be evaluated (their rules did not match) and request-level problems.
    public var errors: [PolicyEvaluationError]

    public var isAllowed: Bool { outcome == .permitted }

    public init(outcome: Outcome, ruleIds: [String] = [], errors: [PolicyEvaluationError] = []) {
        self.outcome = outcome
        self.ruleIds = ruleIds
        self.errors = errors
    }
}

/// A condition that failed at runtime, or a request the policy set cannot judge.
public struct PolicyEvaluationError: Sendable, Hashable, CustomStringConvertible {
    /// The rule whose condition failed; nil when the request itself is at fault (e.g. unknown action).
    public var ruleId: String?
    public var message: String

    public init(ruleId: String?, message: String) {
        self.ruleId = ruleId
        self.message = message
    }

    public var description: String {
        if let ruleId { "\(ruleId): \(message)" } else { message }
    }
}
