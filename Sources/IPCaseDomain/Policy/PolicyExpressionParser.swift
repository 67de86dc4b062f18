/// Recursive-descent parser for conditions. Precedence, loosest first:
/// `or` < `and` < `not` < comparison (`==`, `!=`, `in`, `contains`, `has`).
///
///     expression := and ("or" and)*
///     and        := not ("and" not)*
///     not        := "not" not | comparison
///     comparison := operand (("==" | "!=" | "in" | "contains") operand)? | scope "has" name
///     operand    := scope "." name | string | integer | "true" | "false" | "[" literals "]" | "(" expression ")"
struct PolicyExpressionParser {
    private let tokens: [PolicyToken]
    private var position = 0

    static func parse(_ text: String) throws(PolicyExpressionSyntaxError) -> PolicyExpression {
        var parser = PolicyExpressionParser(tokens: try PolicyExpressionTokenizer.tokenize(text))
        if parser.current.kind == .end {
            throw PolicyExpressionSyntaxError(column: 1, message: "empty condition")
        }
        let expression = try parser.parseOr()
        guard parser.current.kind == .end else {
            throw parser.unexpected("'and', 'or' or end of condition")
        }
        return expression
    }

    private init(tokens: [PolicyToken]) {
        self.tokens = tokens
    }

    private var current: PolicyToken { tokens[position] }

    private var next: PolicyToken { tokens[min(position + 1, tokens.count - 1)] }

    private mutating func advance() -> PolicyToken {
        let token = tokens[position]
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    private func isKeyword(_ keyword: String, _ token: PolicyToken? = nil) -> Bool {
        (token ?? current).kind == .identifier(keyword)
    }

    private func unexpected(_ expected: String) -> PolicyExpressionSyntaxError {
        PolicyExpressionSyntaxError(column: current.column, message: "expected \(expected), found \(current.spelling)")
    }

    private mutating func parseOr() throws(PolicyExpressionSyntaxError) -> PolicyExpression {
        var expression = try parseAnd()
        while isKeyword("or") {
            let column = advance().column
            expression = .binary(.or, expression, try parseAnd(), column: column)
        }
        return expression
    }

    private mutating func parseAnd() throws(PolicyExpressionSyntaxError) -> PolicyExpression {
        var expression = try parseNot()
        while isKeyword("and") {
            let column = advance().column
            expression = .binary(.and, expression, try parseNot(), column: column)
        }
        return expression
    }

    private mutating func parseNot() throws(PolicyExpressionSyntaxError) -> PolicyExpression {
        if isKeyword("not") {
            let column = advance().column
            return .not(try parseNot(), column: column)
        }
        return try parseComparison()
    }

    private mutating func parseComparison() throws(PolicyExpressionSyntaxError) -> PolicyExpression {
        if case .identifier(let name) = current.kind, let scope = PolicyScope(rawValue: name), isKeyword("has", next) {
            let column = advance().column
            _ = advance()
            guard case .identifier(let attribute) = current.kind else {
                throw unexpected("an attribute name after 'has'")
            }
            _ = advance()
            return try rejectingChainedComparison(.has(scope, attribute, column: column))
        }

        let lhs = try parseOperand()
        guard let op = comparisonOperator(current) else { return lhs }
        let column = advance().column
        let rhs = try parseOperand()
        return try rejectingChainedComparison(.binary(op, lhs, rhs, column: column))
    }

    private func rejectingChainedComparison(
        _ expression: PolicyExpression
    ) throws(PolicyExpressionSyntaxError) -> PolicyExpression {
        if comparisonOperator(current) != nil || isKeyword("has") {
            throw PolicyExpressionSyntaxError(
                column: current.column, message: "comparisons cannot be chained; add parentheses")
        }
        return expression
    }

    private func comparisonOperator(_ token: PolicyToken) -> PolicyExpression.BinaryOperator? {
        switch token.kind {
        case .equal: .equal
        case .notEqual: .notEqual
        case .identifier("in"): .in
        case .identifier("contains"): .contains
        default: nil
        }
    }

    private mutating func parseOperand() throws(PolicyExpressionSyntaxError) -> PolicyExpression {
        let token = current
        switch token.kind {
        case .string(let value):
            _ = advance()
            return .literal(.string(value), column: token.column)
        case .integer(let value):
            _ = advance()
            return .literal(.int(value), column: token.column)
        case .identifier("true"), .identifier("false"):
            _ = advance()
            return .literal(.bool(token.kind == .identifier("true")), column: token.column)
        case .openParen:
            _ = advance()
            let inner = try parseOr()
            guard current.kind == .closeParen else { throw unexpected("')'") }
            _ = advance()
            return inner
        case .openBracket:
            return try parseSetLiteral()
        case .identifier(let name):
            guard let scope = PolicyScope(rawValue: name) else {
                throw PolicyExpressionSyntaxError(
                    column: token.column,
                    message: "unknown name '\(name)'; an operand starts with principal., resource., context., "
                        + "a literal, '[' or '('")
            }
            _ = advance()
            guard current.kind == .dot else { throw unexpected("'.' after '\(name)'") }
            _ = advance()
            guard case .identifier(let attribute) = current.kind else { throw unexpected("an attribute name") }
            _ = advance()
            if current.kind == .dot {
                throw PolicyExpressionSyntaxError(
                    column: current.column, message: "nested attributes are not supported")
            }
            return .attribute(scope, attribute, column: token.column)
        default:
            throw unexpected("an operand")
        }
    }

    private mutating func parseSetLiteral() throws(PolicyExpressionSyntaxError) -> PolicyExpression {
        let column = advance().column
        var elements: [PolicyExpression] = []
        while current.kind != .closeBracket {
            let token = current
            switch token.kind {
            case .string(let value): elements.append(.literal(.string(value), column: token.column))
            case .integer(let value): elements.append(.literal(.int(value), column: token.column))
            default: throw unexpected("a string or number in the set literal")
            }
            _ = advance()
            if current.kind == .comma {
                _ = advance()
            } else if current.kind != .closeBracket {
                throw unexpected("',' or ']'")
            }
        }
        _ = advance()
        return .setLiteral(elements, column: column)
    }
}
