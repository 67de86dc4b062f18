/// Why a condition could not be evaluated for a request; its rule then does not match.
struct PolicyEvaluationFailure: Error, Sendable {
    var message: String
}

/// A type-checked condition with attribute types resolved for one action's resource type, ready to
/// evaluate without looking anything up in the schema.
indirect enum CompiledExpression: Sendable {
    case literal(PolicyValue)
    case attribute(PolicyScope, String, PolicyType)
    case equal(CompiledExpression, CompiledExpression)
    case notEqual(CompiledExpression, CompiledExpression)
    /// `in` and `contains` both end up here, with the operands in element/set order.
    case member(element: CompiledExpression, set: CompiledExpression)
    /// The common `x in ["a", "b"]` with the literal already unwrapped, saving a copy per evaluation.
    case memberOfStringLiteral(element: CompiledExpression, Set<String>)
    case has(PolicyScope, String)
    case and(CompiledExpression, CompiledExpression)
    case or(CompiledExpression, CompiledExpression)
    case not(CompiledExpression)
}

extension CompiledExpression {
    /// Evaluates a condition the type checker proved to be bool-typed. `and`/`or` short-circuit, so
    /// `resource has x and resource.x == ...` never touches a missing `x`.
    func isSatisfied(by request: PolicyRequest) throws(PolicyEvaluationFailure) -> Bool {
        switch self {
        case .and(let lhs, let rhs):
            guard try lhs.isSatisfied(by: request) else { return false }
            return try rhs.isSatisfied(by: request)
        case .or(let lhs, let rhs):
            if try lhs.isSatisfied(by: request) { return true }
            return try rhs.isSatisfied(by: request)
        case .not(let operand):
            return try !operand.isSatisfied(by: request)
        case .equal(let lhs, let rhs):
            return try lhs.value(for: request) == rhs.value(for: request)
        case .notEqual(let lhs, let rhs):
            return try lhs.value(for: request) != rhs.value(for: request)
        case .has(let scope, let name):
            return request.attributes(of: scope)[name] != nil
        case .memberOfStringLiteral(let element, let set):
            guard case .string(let value) = try element.value(for: request) else { throw Self.typeConfusion }
            return set.contains(value)
        case .member(let element, let set):
            switch try (element.value(for: request), set.value(for: request)) {
            case (.string(let value), .stringSet(let values)): return values.contains(value)
            case (.int(let value), .intSet(let values)): return values.contains(value)
            default: throw Self.typeConfusion
            }
        case .literal, .attribute:
            guard case .bool(let value) = try value(for: request) else { throw Self.typeConfusion }
            return value
        }
    }

    func value(for request: PolicyRequest) throws(PolicyEvaluationFailure) -> PolicyValue {
        switch self {
        case .literal(let value):
            return value
        case .attribute(let scope, let name, let declaredType):
            guard let value = request.attributes(of: scope)[name] else {
                throw PolicyEvaluationFailure(message: "attribute '\(scope.rawValue).\(name)' is missing")
            }
            if value.type == declaredType { return value }
            return try Self.coerce(value, to: declaredType, attribute: "\(scope.rawValue).\(name)")
        case .equal, .notEqual, .member, .memberOfStringLiteral, .has, .and, .or, .not:
            return .bool(try isSatisfied(by: request))
        }
    }

    /// The request, not the policy, is wrong here: the caller sent a value the schema does not allow.
    /// An empty set is accepted as either kind, since `[]` in YAML or JSON carries no element type.
    private static func coerce(
        _ value: PolicyValue, to declaredType: PolicyType, attribute: String
    ) throws(PolicyEvaluationFailure) -> PolicyValue {
        switch (value, declaredType) {
        case (.stringSet(let values), .intSet) where values.isEmpty: return .intSet([])
        case (.intSet(let values), .stringSet) where values.isEmpty: return .stringSet([])
        default:
            throw PolicyEvaluationFailure(
                message: "attribute '\(attribute)' is \(value.type), but the schema declares \(declaredType)")
        }
    }

    /// Unreachable once type checking and `coerce` have done their job; kept as an error, not a
    /// crash, because a policy decision must never bring the server down.
    private static var typeConfusion: PolicyEvaluationFailure {
        PolicyEvaluationFailure(message: "internal error: operand has an unexpected type")
    }
}

extension PolicyRequest {
    @inline(__always)
    func attributes(of scope: PolicyScope) -> [String: PolicyValue] {
        switch scope {
        case .principal: principal.attributes
        case .resource: resource.attributes
        case .context: context
        }
    }
}
