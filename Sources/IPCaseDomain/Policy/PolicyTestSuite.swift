import Yams

/// One case from a `Policies/tests/*.yaml` file: a request and the decision it should get.
public struct PolicyTestCase: Sendable, Hashable {
    public var name: String
    public var path: String
    public var line: Int
    public var request: PolicyRequest
    public var expectedOutcome: PolicyDecision.Outcome
    /// The deciding rule ids the case expects; nil only for `not_permitted` cases that leave it out.
    public var expectedRuleIds: [String]?
}

public struct PolicyTestResult: Sendable, Hashable, CustomStringConvertible {
    public var testCase: PolicyTestCase
    public var actual: PolicyDecision
    public var passed: Bool

    /// `path:line: name: expected ..., got ...`; nil when the case passed.
    public var failureMessage: String? {
        guard !passed else { return nil }
        let expectedRules = testCase.expectedRuleIds.map { " by [\($0.sorted().joined(separator: ", "))]" } ?? ""
        var message = "\(testCase.path):\(testCase.line): \(testCase.name): expected "
            + "\(testCase.expectedOutcome.rawValue)\(expectedRules), got \(actual.outcome.rawValue) "
            + "by [\(actual.ruleIds.joined(separator: ", "))]"
        if !actual.errors.isEmpty {
            message += "; errors: " + actual.errors.map(\.description).joined(separator: "; ")
        }
        return message
    }

    public var description: String {
        failureMessage ?? "\(testCase.path):\(testCase.line): \(testCase.name): passed"
    }
}

/// The policy tests: requests with expected decisions, checked against a loaded `PolicySet`.
public struct PolicyTestSuite: Sendable, Hashable {
    public var cases: [PolicyTestCase]

    public init(cases: [PolicyTestCase]) {
        self.cases = cases
    }

    public func run(against policies: PolicySet) -> [PolicyTestResult] {
        cases.map { testCase in
            let actual = policies.decide(testCase.request)
            var passed = actual.outcome == testCase.expectedOutcome
            if let expected = testCase.expectedRuleIds, expected.sorted() != actual.ruleIds {
                passed = false
            }
            return PolicyTestResult(testCase: testCase, actual: actual, passed: passed)
        }
    }

    /// - Throws: `PolicyValidationError` with every problem in every file.
    public static func parse(sources: [PolicySource]) throws(PolicyValidationError) -> PolicyTestSuite {
        var cases: [PolicyTestCase] = []
        var problems: [PolicyProblem] = []
        for source in sources {
            var file = PolicyYAMLFile(path: source.path)
            if let root = file.parse(source.text),
               let sections = file.mapping(root, "a test file", allowedKeys: ["cases"]) {
                if let casesNode = sections.first?.value {
                    if case .sequence(let caseNodes) = casesNode {
                        cases += caseNodes.compactMap { parseCase($0, in: &file) }
                    } else {
                        file.report("'cases' must be a list", at: casesNode)
                    }
                } else {
                    file.report("a test file must have a 'cases' list", at: root)
                }
            }
            problems += file.problems
        }
        guard problems.isEmpty else {
            throw PolicyValidationError(problems: PolicySet.sorted(problems, fileOrder: sources))
        }
        return PolicyTestSuite(cases: cases)
    }

    private static let caseKeys: Set<String> = ["name", "principal", "action", "resource", "context", "expect", "rules"]

    private static func parseCase(_ node: Node, in file: inout PolicyYAMLFile) -> PolicyTestCase? {
        let line = PolicyYAMLFile.line(of: node)
        let problemsBefore = file.problems.count
        guard let entries = file.mapping(node, "a test case", allowedKeys: caseKeys) else { return nil }
        let fields = Dictionary(entries.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })

        let name = fields["name"].flatMap { file.string($0, "the case name") }
        let label = name.map { "case '\($0)'" } ?? "the case"
        for key in ["name", "principal", "action", "resource", "expect"] where fields[key] == nil {
            file.report("\(label) has no '\(key)'", line: line)
        }

        let principal = fields["principal"].flatMap { parseAttributes($0, "the principal of \(label)", in: &file) }
        let action = fields["action"].flatMap { file.string($0, "the action of \(label)") }
        let resource = fields["resource"].flatMap { parseResource($0, of: label, in: &file) }
        let context: [String: PolicyValue]? = if let node = fields["context"] {
            parseAttributes(node, "the context of \(label)", in: &file)
        } else {
            [:]
        }
        let outcome = fields["expect"].flatMap { parseOutcome($0, of: label, in: &file) }
        let ruleIds = fields["rules"].flatMap { parseRuleIds($0, of: label, in: &file) }
        if fields["rules"] == nil, let outcome, outcome != .notPermitted {
            file.report("\(label) expects \(outcome.rawValue) but lists no deciding 'rules'", line: line)
        }

        guard file.problems.count == problemsBefore,
              let name, let principal, let action, let resource, let context, let outcome
        else { return nil }
        return PolicyTestCase(
            name: name, path: file.path, line: line,
            request: PolicyRequest(
                principal: PolicyEntity(type: PolicySchema.principalEntity, attributes: principal),
                action: action, resource: resource, context: context),
            expectedOutcome: outcome, expectedRuleIds: ruleIds)
    }

    private static func parseResource(_ node: Node, of label: String, in file: inout PolicyYAMLFile) -> PolicyEntity? {
        guard var attributes = parseAttributes(node, "the resource of \(label)", in: &file) else { return nil }
        guard case .string(let type) = attributes.removeValue(forKey: "type") else {
            file.report("the resource of \(label) needs a string 'type'", at: node)
            return nil
        }
        return PolicyEntity(type: type, attributes: attributes)
    }

    private static func parseOutcome(
        _ node: Node, of label: String, in file: inout PolicyYAMLFile
    ) -> PolicyDecision.Outcome? {
        guard let spelling = file.string(node, "'expect' of \(label)") else { return nil }
        guard let outcome = PolicyDecision.Outcome(rawValue: spelling) else {
            let known = PolicyDecision.Outcome.allCases.map(\.rawValue).joined(separator: ", ")
            file.report("\(label) expects unknown outcome '\(spelling)' (expected one of: \(known))", at: node)
            return nil
        }
        return outcome
    }

    /// An empty list is allowed here (a `not_permitted` case may spell out `rules: []`).
    private static func parseRuleIds(_ node: Node, of label: String, in file: inout PolicyYAMLFile) -> [String]? {
        if case .sequence(let sequence) = node, sequence.isEmpty { return [] }
        return file.stringList(node, "the rules of \(label)")?.map(\.0)
    }

    private static func parseAttributes(
        _ node: Node, _ what: String, in file: inout PolicyYAMLFile
    ) -> [String: PolicyValue]? {
        if case .scalar(let scalar) = node, scalar.tag.rawValue == Tag.Name.null.rawValue { return [:] }
        guard let entries = file.mapping(node, what) else { return nil }
        var attributes: [String: PolicyValue] = [:]
        var valid = true
        for (name, _, valueNode) in entries {
            if let value = parseValue(valueNode, "'\(name)' in \(what)", in: &file) {
                attributes[name] = value
            } else {
                valid = false
            }
        }
        return valid ? attributes : nil
    }

    private static func parseValue(_ node: Node, _ what: String, in file: inout PolicyYAMLFile) -> PolicyValue? {
        switch node {
        case .scalar(let scalar):
            return parseScalar(scalar, node, what, in: &file)
        case .sequence(let sequence):
            var values: [PolicyValue] = []
            for element in sequence {
                guard case .scalar(let scalar) = element else {
                    file.report("\(what) may only hold strings or numbers", at: element)
                    return nil
                }
                guard let value = parseScalar(scalar, element, "each element of \(what)", in: &file) else { return nil }
                values.append(value)
            }
            var strings: Set<String> = []
            var ints: Set<Int> = []
            for value in values {
                switch value {
                case .string(let string): strings.insert(string)
                case .int(let int): ints.insert(int)
                default:
                    file.report("\(what) may only hold strings or numbers", at: node)
                    return nil
                }
            }
            guard strings.isEmpty || ints.isEmpty else {
                file.report("\(what) mixes strings and numbers", at: node)
                return nil
            }
            return ints.isEmpty ? .stringSet(strings) : .intSet(ints)
        default:
            file.report("\(what) must be a string, number, bool or list; attributes are not nested", at: node)
            return nil
        }
    }

    private static func parseScalar(
        _ scalar: Node.Scalar, _ node: Node, _ what: String, in file: inout PolicyYAMLFile
    ) -> PolicyValue? {
        switch node.tag.rawValue {
        case Tag.Name.int.rawValue:
            if let int = Int(scalar.string.hasPrefix("+") ? String(scalar.string.dropFirst()) : scalar.string) {
                return .int(int)
            }
            file.report("\(what) is out of range", at: node)
        case Tag.Name.bool.rawValue:
            return .bool(scalar.string == "true")
        case Tag.Name.null.rawValue:
            file.report("\(what) is null; leave the key out to test a missing attribute", at: node)
        case Tag.Name.float.rawValue:
            file.report("\(what) is a fraction; only whole numbers are supported", at: node)
        default:
            return .string(scalar.string)
        }
        return nil
    }
}
