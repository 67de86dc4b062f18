/// One policy file handed in by the caller; `path` is only used in problem reports.
public struct PolicySource: Sendable, Hashable {
    public var path: String
    public var text: String

    public init(path: String, text: String) {
        self.path = path
        self.text = text
    }
}

/// One thing wrong with a policy, schema or policy-test file.
public struct PolicyProblem: Sendable, Hashable, CustomStringConvertible {
    public var path: String
    /// 1-based; for a problem inside a condition, the line of that `when:`/`unless:` value.
    public var line: Int
    public var message: String

    public init(path: String, line: Int, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    public var description: String { "\(path):\(line): \(message)" }
}

/// Every problem found while loading, so that one run shows all of them.
public struct PolicyValidationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var problems: [PolicyProblem]

    public init(problems: [PolicyProblem]) {
        self.problems = problems
    }

    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}
