/// Checks a parsed condition against the attributes one action can see, and compiles it.
///
/// A rule naming several actions is checked once per action, because each action's resource type
/// brings its own attributes.
struct PolicyTypeChecker {
    struct Problem: Equatable {
        var column: Int
        var message: String
    }

    let schema: PolicySchema
    let action: ActionDeclaration
    private(set) var problems: [Problem] = []

    init(schema: PolicySchema, action: ActionDeclaration) {
        self.schema = schema
        self.action = action
    }

    /// Returns nil when the condition has problems (they are in `problems`).
    mutating func compileCondition(_ expression: PolicyExpression) -> CompiledExpression? {
        guard let (compiled, type) = check(expression) else { return nil }
        guard type == .bool else {
            report("a condition must be a bool, found \(type)", at: expression)
            return nil
        }
        return problems.isEmpty ? compiled : nil
    }

    /// nil means "already reported": callers stop checking that subtree without piling on errors.
    private mutating func check(_ expression: PolicyExpression) -> (CompiledExpression, PolicyType)? {
        switch expression {
        case .literal(let value, _):
            return (.literal(value), value.type)

        case .attribute(let scope, let name, _):
            guard let declaration = declaration(of: scope, name, at: expression) else { return nil }
            return (.attribute(scope, name, declaration.type), declaration.type)

        case .has(let scope, let name, _):
            guard declaration(of: scope, name, at: expression) != nil else { return nil }
            return (.has(scope, name), .bool)

        case .setLiteral(let elements, _):
            return checkSetLiteral(elements, at: expression)

        case .not(let operand, _):
            guard let (compiled, type) = check(operand) else { return nil }
            guard type == .bool else {
                report("'not' needs a bool operand, found \(type)", at: expression)
                return nil
            }
            return (.not(compiled), .bool)

        case .binary(let op, let lhsExpression, let rhsExpression, _):
            let lhs = check(lhsExpression)
            let rhs = check(rhsExpression)
            guard let (lhs, lhsType) = lhs, let (rhs, rhsType) = rhs else { return nil }
            return checkBinary(op, lhs, lhsType, rhs, rhsType, at: expression)
        }
    }

    private mutating func checkBinary(
        _ op: PolicyExpression.BinaryOperator,
        _ lhs: CompiledExpression, _ lhsType: PolicyType,
        _ rhs: CompiledExpression, _ rhsType: PolicyType,
        at expression: PolicyExpression
    ) -> (CompiledExpression, PolicyType)? {
        switch op {
        case .equal, .notEqual:
            guard lhsType == rhsType else {
                report("type mismatch: '\(op.rawValue)' compares \(lhsType) with \(rhsType)", at: expression)
                return nil
            }
            return (op == .equal ? .equal(lhs, rhs) : .notEqual(lhs, rhs), .bool)

        case .in:
            guard let elementType = rhsType.elementType else {
                report("type mismatch: 'in' needs a set on its right, found \(rhsType)", at: expression)
                return nil
            }
            guard lhsType == elementType else {
                report("type mismatch: 'in' checks \(lhsType) against \(rhsType)", at: expression)
                return nil
            }
            if case .literal(.stringSet(let values)) = rhs {
                return (.memberOfStringLiteral(element: lhs, values), .bool)
            }
            return (.member(element: lhs, set: rhs), .bool)

        case .contains:
            guard let elementType = lhsType.elementType else {
                report("type mismatch: 'contains' needs a set on its left, found \(lhsType)", at: expression)
                return nil
            }
            guard rhsType == elementType else {
                report("type mismatch: 'contains' checks \(rhsType) against \(lhsType)", at: expression)
                return nil
            }
            return (.member(element: rhs, set: lhs), .bool)

        case .and, .or:
            guard lhsType == .bool, rhsType == .bool else {
                let found = lhsType == .bool ? rhsType : lhsType
                report("type mismatch: '\(op.rawValue)' needs bool operands, found \(found)", at: expression)
                return nil
            }
            return (op == .and ? .and(lhs, rhs) : .or(lhs, rhs), .bool)
        }
    }

    private mutating func checkSetLiteral(
        _ elements: [PolicyExpression], at expression: PolicyExpression
    ) -> (CompiledExpression, PolicyType)? {
        var strings: Set<String> = []
        var ints: Set<Int> = []
        for element in elements {
            switch element {
            case .literal(.string(let value), _): strings.insert(value)
            case .literal(.int(let value), _): ints.insert(value)
            default: break // the parser only admits string and integer literals here
            }
        }
        switch (strings.isEmpty, ints.isEmpty) {
        case (false, true): return (.literal(.stringSet(strings)), .stringSet)
        case (true, false): return (.literal(.intSet(ints)), .intSet)
        case (true, true):
            report("an empty set literal can never match; remove the comparison", at: expression)
        case (false, false):
            report("type mismatch: a set literal mixes strings and numbers", at: expression)
        }
        return nil
    }

    private mutating func declaration(
        of scope: PolicyScope, _ name: String, at expression: PolicyExpression
    ) -> AttributeDeclaration? {
        let attributes: [String: AttributeDeclaration]
        switch scope {
        case .principal: attributes = schema.entities[PolicySchema.principalEntity]?.attributes ?? [:]
        case .resource: attributes = schema.entities[action.resourceType]?.attributes ?? [:]
        case .context: attributes = schema.context
        }
        if let declaration = attributes[name] { return declaration }
        let forAction = scope == .resource ? " for action \(action.name)" : ""
        report("unknown attribute '\(scope.rawValue).\(name)'\(forAction)", at: expression)
        return nil
    }

    private mutating func report(_ message: String, at expression: PolicyExpression) {
        problems.append(Problem(column: expression.column, message: message))
    }
}
