import Yams

extension PolicySet {
    /// Parses and validates the schema and every rule file, and compiles the rules.
    ///
    /// - Throws: `PolicyValidationError` with every problem found in any file, each with its path
    ///   and line, sorted by file (schema first, then `rules` in the order given) and line.
    public static func load(
        schema schemaSource: PolicySource, rules ruleSources: [PolicySource]
    ) throws(PolicyValidationError) -> PolicySet {
        let (schema, schemaProblems) = PolicySchema.parse(schemaSource)
        var problems = schemaProblems
        var rules: [PolicyRule] = []
        var definitions: [String: [(path: String, line: Int)]] = [:]
        var compiledByAction: [String: [CompiledRule]] = [:]

        for source in ruleSources {
            var file = PolicyYAMLFile(path: source.path)
            for parsed in parseRuleFile(source.text, schema: schema, in: &file) {
                if let id = parsed.id { definitions[id, default: []].append((source.path, parsed.line)) }
                guard let rule = parsed.rule else { continue }
                rules.append(rule)
                for (action, compiled) in parsed.compiled {
                    compiledByAction[action, default: []].append(compiled)
                }
            }
            problems += file.problems
        }
        problems += duplicateIdProblems(definitions)

        guard problems.isEmpty else {
            throw PolicyValidationError(problems: sorted(problems, fileOrder: [schemaSource] + ruleSources))
        }

        var rulesByAction: [String: ActionRules] = [:]
        for action in schema.actions.values {
            let compiled = (compiledByAction[action.name] ?? []).sorted { $0.id < $1.id }
            rulesByAction[action.name] = ActionRules(
                resourceType: action.resourceType,
                forbids: compiled.filter { $0.effect == .forbid },
                permits: compiled.filter { $0.effect == .permit })
        }
        return PolicySet(schema: schema, rules: rules.sorted { $0.id < $1.id }, rulesByAction: rulesByAction)
    }

    private struct ParsedRule {
        var id: String?
        var line: Int
        /// nil when the rule has problems.
        var rule: PolicyRule?
        var compiled: [(action: String, rule: CompiledRule)] = []
    }

    private static let ruleKeys: Set<String> = ["id", "description", "effect", "roles", "actions", "when", "unless"]

    private static func parseRuleFile(_ text: String, schema: PolicySchema, in file: inout PolicyYAMLFile) -> [ParsedRule] {
        guard let root = file.parse(text),
              let sections = file.mapping(root, "a rule file", allowedKeys: ["rules"])
        else { return [] }
        guard let rulesNode = sections.first?.value else {
            file.report("a rule file must have a 'rules' list", at: root)
            return []
        }
        guard case .sequence(let ruleNodes) = rulesNode else {
            file.report("'rules' must be a list", at: rulesNode)
            return []
        }
        return ruleNodes.map { parseRule($0, schema: schema, in: &file) }
    }

    private static func parseRule(_ node: Node, schema: PolicySchema, in file: inout PolicyYAMLFile) -> ParsedRule {
        let line = PolicyYAMLFile.line(of: node)
        var parsed = ParsedRule(line: line)
        let problemsBefore = file.problems.count
        guard let entries = file.mapping(node, "a rule", allowedKeys: ruleKeys) else { return parsed }
        let fields = Dictionary(entries.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })

        parsed.id = fields["id"].flatMap { file.string($0, "the rule id") }
        let name = parsed.id.map { "rule '\($0)'" } ?? "the rule"
        for key in ["id", "description", "effect", "roles", "actions"] where fields[key] == nil {
            file.report("\(name) has no '\(key)'", line: line)
        }

        let description = fields["description"].flatMap { file.string($0, "the description of \(name)") }
        let effect = fields["effect"].flatMap { parseEffect($0, of: name, in: &file) }
        let roles = fields["roles"].flatMap { parseRoles($0, of: name, in: &file) }
        let actions = fields["actions"].flatMap { parseActions($0, of: name, schema: schema, in: &file) }
        let when = fields["when"].flatMap { parseCondition($0, "when", of: name, in: &file) }
        let unless = fields["unless"].flatMap { parseCondition($0, "unless", of: name, in: &file) }

        // Conditions are type-checked even when other fields have problems, so that one load shows
        // everything that is wrong with the rule.
        var conditionsByAction: [(action: String, when: CompiledExpression?, unless: CompiledExpression?)] = []
        for action in actions ?? [] {
            guard let declaration = schema.actions[action] else { continue }
            var compiled: [String: CompiledExpression] = [:]
            for condition in [when, unless].compactMap({ $0 }) {
                var checker = PolicyTypeChecker(schema: schema, action: declaration)
                compiled[condition.key] = checker.compileCondition(condition.expression)
                for problem in checker.problems {
                    file.report("\(problem.message) (\(condition.key), column \(problem.column))", at: condition.node)
                }
            }
            conditionsByAction.append((action, compiled["when"], compiled["unless"]))
        }

        guard file.problems.count == problemsBefore,
              let id = parsed.id, let description, let effect, let roles, let actions
        else { return parsed }

        let roleMask = roles.contains(PolicyRule.anyRole)
            ? UInt64.max
            : roles.reduce(0) { $0 | (PolicyRoles.bit(of: $1) ?? 0) }
        parsed.compiled = conditionsByAction.map { conditions in
            (conditions.action, CompiledRule(
                id: id, effect: effect, roleMask: roleMask, when: conditions.when, unless: conditions.unless))
        }
        parsed.rule = PolicyRule(
            id: id, description: description, effect: effect, roles: roles, actions: actions,
            when: when?.text, unless: unless?.text, path: file.path, line: line)
        return parsed
    }

    private static func parseEffect(_ node: Node, of name: String, in file: inout PolicyYAMLFile) -> PolicyRule.Effect? {
        guard let spelling = file.string(node, "the effect of \(name)") else { return nil }
        guard let effect = PolicyRule.Effect(rawValue: spelling) else {
            file.report("\(name) has unknown effect '\(spelling)' (expected permit or forbid)", at: node)
            return nil
        }
        return effect
    }

    private static func parseRoles(_ node: Node, of name: String, in file: inout PolicyYAMLFile) -> [String]? {
        guard let roles = file.stringList(node, "the roles of \(name)") else { return nil }
        var valid = true
        for (role, roleNode) in roles where role != PolicyRule.anyRole && PolicyRoles.bit(of: role) == nil {
            let known = (PolicyRoles.known + [PolicyRule.anyRole]).joined(separator: ", ")
            file.report("\(name) names unknown role '\(role)' (known: \(known))", at: roleNode)
            valid = false
        }
        return valid ? roles.map(\.0) : nil
    }

    /// The known actions; unknown ones are reported and left out, so that the rule's conditions can
    /// still be checked against the rest.
    private static func parseActions(
        _ node: Node, of name: String, schema: PolicySchema, in file: inout PolicyYAMLFile
    ) -> [String]? {
        guard let actions = file.stringList(node, "the actions of \(name)") else { return nil }
        var known: [String] = []
        for (action, actionNode) in actions {
            if schema.actions[action] == nil {
                file.report("\(name) names unknown action '\(action)'", at: actionNode)
            } else if known.contains(action) {
                file.report("\(name) lists action '\(action)' twice", at: actionNode)
            } else {
                known.append(action)
            }
        }
        return known
    }

    private struct ParsedCondition {
        var key: String
        var text: String
        var node: Node
        var expression: PolicyExpression
    }

    private static func parseCondition(
        _ node: Node, _ key: String, of name: String, in file: inout PolicyYAMLFile
    ) -> ParsedCondition? {
        guard let text = file.string(node, "the '\(key)' condition of \(name)") else { return nil }
        do {
            let expression = try PolicyExpressionParser.parse(text)
            return ParsedCondition(key: key, text: text, node: node, expression: expression)
        } catch {
            file.report("syntax error in '\(key)' at column \(error.column): \(error.message)", at: node)
            return nil
        }
    }

    private static func duplicateIdProblems(_ definitions: [String: [(path: String, line: Int)]]) -> [PolicyProblem] {
        var problems: [PolicyProblem] = []
        for (id, places) in definitions where places.count > 1 {
            for (index, place) in places.enumerated() {
                let others = places.enumerated().filter { $0.offset != index }
                    .map { "\($0.element.path):\($0.element.line)" }.joined(separator: ", ")
                problems.append(PolicyProblem(
                    path: place.path, line: place.line, message: "duplicate rule id '\(id)' (also defined at \(others))"))
            }
        }
        return problems
    }

    /// Schema first, then rule files in the order given; by line within a file. Problems reported
    /// once per action of a rule collapse into one.
    static func sorted(_ problems: [PolicyProblem], fileOrder: [PolicySource]) -> [PolicyProblem] {
        var rank: [String: Int] = [:]
        for (index, source) in fileOrder.enumerated() where rank[source.path] == nil {
            rank[source.path] = index
        }
        var seen: Set<PolicyProblem> = []
        let unique = problems.filter { seen.insert($0).inserted }
        return unique.enumerated().sorted { lhs, rhs in
            let left = (rank[lhs.element.path] ?? .max, lhs.element.line, lhs.offset)
            let right = (rank[rhs.element.path] ?? .max, rhs.element.line, rhs.offset)
            return left < right
        }.map(\.element)
    }
}
