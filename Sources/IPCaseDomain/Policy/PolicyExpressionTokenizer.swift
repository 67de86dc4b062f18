/// A syntax error in a condition; `column` is 1-based, counted in Unicode scalars of the condition text.
struct PolicyExpressionSyntaxError: Error, Sendable, Equatable {
    var column: Int
    var message: String
}

struct PolicyToken: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        /// Also keywords (`and`, `in`, `true`, ...): whether a word is a keyword depends on where it
        /// stands, e.g. `resource.in` is a plain attribute name.
        case identifier(String)
        case string(String)
        case integer(Int)
        case dot, comma, openParen, closeParen, openBracket, closeBracket
        case equal, notEqual
        case end
    }

    var kind: Kind
    var column: Int

    var spelling: String {
        switch kind {
        case .identifier(let name): "'\(name)'"
        case .string(let value): "string \"\(value)\""
        case .integer(let value): "number \(value)"
        case .dot: "'.'"
        case .comma: "','"
        case .openParen: "'('"
        case .closeParen: "')'"
        case .openBracket: "'['"
        case .closeBracket: "']'"
        case .equal: "'=='"
        case .notEqual: "'!='"
        case .end: "end of condition"
        }
    }
}

enum PolicyExpressionTokenizer {
    static func tokenize(_ text: String) throws(PolicyExpressionSyntaxError) -> [PolicyToken] {
        let scalars = Array(text.unicodeScalars)
        var tokens: [PolicyToken] = []
        var index = 0

        func peek(_ offset: Int = 0) -> Unicode.Scalar? {
            index + offset < scalars.count ? scalars[index + offset] : nil
        }

        while index < scalars.count {
            let scalar = scalars[index]
            let column = index + 1
            func add(_ kind: PolicyToken.Kind, length: Int = 1) {
                tokens.append(PolicyToken(kind: kind, column: column))
                index += length
            }

            switch scalar {
            case " ", "\t", "\n", "\r":
                index += 1
            case ".": add(.dot)
            case ",": add(.comma)
            case "(": add(.openParen)
            case ")": add(.closeParen)
            case "[": add(.openBracket)
            case "]": add(.closeBracket)
            case "=" where peek(1) == "=": add(.equal, length: 2)
            case "!" where peek(1) == "=": add(.notEqual, length: 2)
            case "=":
                throw PolicyExpressionSyntaxError(column: column, message: "unexpected '='; use '==' to compare")
            case "!":
                throw PolicyExpressionSyntaxError(column: column, message: "unexpected '!'; use 'not' or '!='")
            case "&", "|":
                throw PolicyExpressionSyntaxError(
                    column: column, message: "unexpected '\(scalar)'; use 'and' / 'or'")
            case "\"":
                let value = try readString(scalars, from: &index)
                tokens.append(PolicyToken(kind: .string(value), column: column))
            case "-" where peek(1).map(isDigit) == true, _ where isDigit(scalar):
                let value = try readInteger(scalars, from: &index)
                tokens.append(PolicyToken(kind: .integer(value), column: column))
            case _ where isIdentifierStart(scalar):
                var name = String.UnicodeScalarView()
                while let next = peek(), isIdentifierStart(next) || isDigit(next) {
                    name.append(next)
                    index += 1
                }
                tokens.append(PolicyToken(kind: .identifier(String(name)), column: column))
            default:
                throw PolicyExpressionSyntaxError(column: column, message: "unexpected character '\(scalar)'")
            }
        }
        tokens.append(PolicyToken(kind: .end, column: scalars.count + 1))
        return tokens
    }

    private static func readString(
        _ scalars: [Unicode.Scalar], from index: inout Int
    ) throws(PolicyExpressionSyntaxError) -> String {
        let openingColumn = index + 1
        var value = String.UnicodeScalarView()
        index += 1
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            switch scalar {
            case "\"":
                return String(value)
            case "\\":
                guard index < scalars.count else { break }
                let escaped = scalars[index]
                index += 1
                switch escaped {
                case "\"", "\\": value.append(escaped)
                case "n": value.append("\n")
                case "t": value.append("\t")
                default:
                    throw PolicyExpressionSyntaxError(column: index - 1, message: "unknown escape '\\\(escaped)'")
                }
            default:
                value.append(scalar)
            }
        }
        throw PolicyExpressionSyntaxError(column: openingColumn, message: "unterminated string")
    }

    private static func readInteger(
        _ scalars: [Unicode.Scalar], from index: inout Int
    ) throws(PolicyExpressionSyntaxError) -> Int {
        let column = index + 1
        var digits = ""
        if scalars[index] == "-" {
            digits.append("-")
            index += 1
        }
        while index < scalars.count, isDigit(scalars[index]) {
            digits.unicodeScalars.append(scalars[index])
            index += 1
        }
        if index < scalars.count, isIdentifierStart(scalars[index]) {
            throw PolicyExpressionSyntaxError(column: column, message: "malformed number")
        }
        guard let value = Int(digits) else {
            throw PolicyExpressionSyntaxError(column: column, message: "number \(digits) is out of range")
        }
        return value
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(scalar)
    }

    private static func isIdentifierStart(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || scalar == "_"
    }
}
