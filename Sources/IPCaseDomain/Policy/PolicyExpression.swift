/// Where an attribute path starts.
public enum PolicyScope: String, Sendable, Hashable, CaseIterable {
    case principal
    case resource
    case context
}

/// A parsed `when`/`unless` condition, before type checking. Every node keeps the 1-based column
/// it starts at, so that type errors can point into the condition text.
indirect enum PolicyExpression: Sendable, Equatable {
    case attribute(PolicyScope, String, column: Int)
    case literal(PolicyValue, column: Int)
    /// A `[...]` literal; its elements are literals, checked to share one type by the type checker.
    case setLiteral([PolicyExpression], column: Int)
    case binary(BinaryOperator, PolicyExpression, PolicyExpression, column: Int)
    case has(PolicyScope, String, column: Int)
    case not(PolicyExpression, column: Int)

    enum BinaryOperator: String, Sendable, Equatable {
        case equal = "=="
        case notEqual = "!="
        case `in`
        case contains
        case and
        case or
    }

    var column: Int {
        switch self {
        case .attribute(_, _, let column), .literal(_, let column), .setLiteral(_, let column),
             .binary(_, _, _, let column), .has(_, _, let column), .not(_, let column):
            column
        }
    }
}

extension PolicyExpression: CustomStringConvertible {
    /// Fully parenthesised, so tests can check how the parser grouped things.
    var description: String {
        switch self {
        case .attribute(let scope, let name, _): "\(scope.rawValue).\(name)"
        case .literal(let value, _): value.description
        case .setLiteral(let elements, _): "[" + elements.map(\.description).joined(separator: ", ") + "]"
        case .binary(let op, let lhs, let rhs, _): "(\(lhs) \(op.rawValue) \(rhs))"
        case .has(let scope, let name, _): "(\(scope.rawValue) has \(name))"
        case .not(let operand, _): "(not \(operand))"
        }
    }
}
