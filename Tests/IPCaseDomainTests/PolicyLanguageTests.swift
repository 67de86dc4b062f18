import Foundation
import Testing
@testable import IPCaseDomain

/// Shared by the `Policy*Tests` files.
enum PolicyFixtures {
    static let schemaPath = "Policies/schema.yaml"

    static let schema = """
    entities:
      principal:
        attributes:
          id: string
          organizationId: string
          organizationKind: string
          roles: set<string>
          level: int
      organization:
        attributes:
          id: string
          kind: string
      case:
        attributes:
          id: string
          partyOrganizationIds: set<string>
          assignedMediatorId: string?
          priority: int
          priorities: set<int>
          sealed: bool
    context:
      attributes:
        changesRoles: bool
    actions:
      organization.read: { resource: organization, description: "Read one organisation" }
      organization.update: { resource: organization, description: "Update one organisation" }
      case.read: { resource: case, description: "Read a case" }
      case.close: { resource: case, description: "Close a case" }
    """

    /// Each text becomes `Policies/access/rulesN.yaml`, N counting from 1.
    static func load(_ ruleFiles: String...) throws -> PolicySet {
        try PolicySet.load(
            schema: PolicySource(path: schemaPath, text: schema),
            rules: ruleFiles.enumerated().map { PolicySource(path: "Policies/access/rules\($0.offset + 1).yaml", text: $0.element) })
    }

    static func problems(schema: String = schema, _ ruleFiles: String...) -> [PolicyProblem] {
        do {
            _ = try PolicySet.load(
                schema: PolicySource(path: schemaPath, text: schema),
                rules: ruleFiles.enumerated().map { PolicySource(path: "Policies/access/rules\($0.offset + 1).yaml", text: $0.element) })
            return []
        } catch {
            return error.problems
        }
    }

    /// One permit rule for `case.read` open to everyone, guarded by `condition`.
    static func rule(when condition: String, id: String = "case.read.test") -> String {
        """
        rules:
          - id: \(id)
            description: test rule
            effect: permit
            roles: ["*"]
            actions: [case.read]
            when: '\(condition.replacingOccurrences(of: "'", with: "''"))'
        """
    }

    static func principal(
        id: String = "u1", organizationId: String = "o1", roles: Set<String> = ["enterprise"]
    ) -> PolicyEntity {
        PolicyEntity(type: "principal", attributes: [
            "id": .string(id),
            "organizationId": .string(organizationId),
            "organizationKind": .string("enterprise"),
            "roles": .stringSet(roles),
            "level": .int(3),
        ])
    }

    static func caseResource(assignedMediatorId: String? = "u1") -> PolicyEntity {
        var attributes: [String: PolicyValue] = [
            "id": .string("c1"),
            "partyOrganizationIds": .stringSet(["o1", "o2"]),
            "priority": .int(2),
            "priorities": .intSet([1, 2]),
            "sealed": .bool(false),
        ]
        attributes["assignedMediatorId"] = assignedMediatorId.map(PolicyValue.string)
        return PolicyEntity(type: "case", attributes: attributes)
    }

    static func organization(id: String = "o1", kind: String = "enterprise") -> PolicyEntity {
        PolicyEntity(type: "organization", attributes: ["id": .string(id), "kind": .string(kind)])
    }
}

@Suite("Policy expression parsing")
struct PolicyExpressionParsingTests {
    @Test(arguments: [
        ("context.a or context.b and context.c", "(context.a or (context.b and context.c))"),
        ("context.a and context.b or context.c", "((context.a and context.b) or context.c)"),
        ("context.a or context.b or context.c", "((context.a or context.b) or context.c)"),
        ("not context.a and context.b", "((not context.a) and context.b)"),
        ("not not context.a", "(not (not context.a))"),
        ("not principal.id == \"u1\"", "(not (principal.id == \"u1\"))"),
        ("(context.a or context.b) and context.c", "((context.a or context.b) and context.c)"),
        ("principal.id == \"a\" or resource.kind != \"b\" and not context.c",
         "((principal.id == \"a\") or ((resource.kind != \"b\") and (not context.c)))"),
        ("resource has assignedMediatorId and resource.assignedMediatorId == principal.id",
         "((resource has assignedMediatorId) and (resource.assignedMediatorId == principal.id))"),
        ("principal.roles contains \"admin\" or resource.kind in [\"court\", \"regulator\"]",
         "((principal.roles contains \"admin\") or (resource.kind in [\"court\", \"regulator\"]))"),
        ("resource.priority in [1, -2, 3]", "(resource.priority in [1, -2, 3])"),
        ("resource.in == true", "(resource.in == true)"),
        ("principal.name == \"say \\\"hi\\\"\"", "(principal.name == \"say \"hi\"\")"),
    ])
    func groupsByPrecedence(source: String, expected: String) throws {
        #expect(try PolicyExpressionParser.parse(source).description == expected)
    }

    @Test func keepsColumnsOfOperators() throws {
        let expression = try PolicyExpressionParser.parse("context.a and  principal.x == 1")
        guard case .binary(.and, let lhs, let rhs, let column) = expression else {
            Issue.record("expected an 'and' at the top, got \(expression)")
            return
        }
        #expect(column == 11)
        #expect(lhs.column == 1)
        #expect(rhs.column == 28)
    }

    @Test(arguments: [
        ("principal.id == ", 17, "expected an operand, found end of condition"),
        ("principal.id = \"x\"", 14, "unexpected '='; use '==' to compare"),
        ("principal..id", 11, "expected an attribute name, found '.'"),
        ("principal.id == \"abc", 17, "unterminated string"),
        ("principal.id == \"a\" == \"b\"", 21, "comparisons cannot be chained; add parentheses"),
        ("user.id == \"a\"", 1, "unknown name 'user'"),
        ("context.a && context.b", 11, "unexpected '&'; use 'and' / 'or'"),
        ("(context.a", 11, "expected ')', found end of condition"),
        ("principal.org.id == \"a\"", 14, "nested attributes are not supported"),
        ("context.a context.b", 11, "expected 'and', 'or' or end of condition, found 'context'"),
        ("resource.kind in [context.a]", 19, "expected a string or number in the set literal"),
        ("resource has", 13, "expected an attribute name after 'has'"),
        ("", 1, "empty condition"),
        ("principal.level == 12ab", 20, "malformed number"),
        ("resource.kind == 'x'", 18, "unexpected character '''"),
    ])
    func reportsSyntaxErrorsWithColumn(source: String, column: Int, message: String) {
        do {
            let expression = try PolicyExpressionParser.parse(source)
            Issue.record("expected a syntax error, parsed \(expression)")
        } catch {
            #expect(error.column == column)
            #expect(error.message.hasPrefix(message), "got: \(error.message)")
        }
    }
}

@Suite("Policy evaluation")
struct PolicyEvaluationTests {
    @Test(arguments: [
        ("principal.organizationId == \"o1\"", true),
        ("principal.organizationId == \"o2\"", false),
        ("principal.organizationId != \"o2\"", true),
        ("principal.organizationId != \"o1\"", false),
        ("principal.level == 3", true),
        ("principal.level != 3", false),
        ("resource.sealed == false", true),
        ("resource.partyOrganizationIds == [\"o2\", \"o1\"]", true),
        ("resource.priorities != [1]", true),
        ("principal.organizationId in resource.partyOrganizationIds", true),
        ("\"o3\" in resource.partyOrganizationIds", false),
        ("principal.organizationKind in [\"court\", \"regulator\"]", false),
        ("principal.organizationKind in [\"enterprise\", \"regulator\"]", true),
        ("resource.priority in resource.priorities", true),
        ("principal.level in [1, 2]", false),
        ("resource.partyOrganizationIds contains \"o2\"", true),
        ("principal.roles contains \"admin\"", false),
        ("resource.priorities contains 1", true),
        ("resource.priorities contains 7", false),
        ("resource has assignedMediatorId", true),
        ("resource has id", true),
        ("context has changesRoles", false),
        ("not resource.sealed", true),
        ("not (principal.level == 3)", false),
        ("resource.sealed or principal.level == 3", true),
        ("resource.sealed or principal.level == 4", false),
        ("resource.sealed and principal.level == 3", false),
        ("not resource.sealed and principal.level == 3", true),
        ("not (resource.sealed or principal.level == 3)", false),
        ("true", true),
        ("false or (true and not false)", true),
    ])
    func evaluatesEveryOperator(condition: String, expected: Bool) throws {
        let policies = try PolicyFixtures.load(PolicyFixtures.rule(when: condition))
        let decision = policies.decide(PolicyRequest(
            principal: PolicyFixtures.principal(), action: "case.read", resource: PolicyFixtures.caseResource()))
        #expect(decision.isAllowed == expected)
        #expect(decision.errors.isEmpty)
    }

    static let organizationRules = """
    rules:
      - id: organization.read.admin
        description: Admins read every organisation.
        effect: permit
        roles: [admin]
        actions: [organization.read, organization.update]
      - id: organization.read.own
        description: An enterprise user may read its own organisation.
        effect: permit
        roles: [enterprise]
        actions: [organization.read]
        when: principal.organizationId == resource.id
      - id: organization.suspended
        description: Nobody touches a suspended organisation.
        effect: forbid
        roles: ["*"]
        actions: [organization.read, organization.update]
        when: resource.kind == "suspended"
      - id: organization.update.no-role-changes
        description: Role changes go through a separate flow.
        effect: forbid
        roles: [admin]
        actions: [organization.update]
        when: context.changesRoles
    """

    @Test func forbidBeatsPermit() throws {
        let policies = try PolicyFixtures.load(Self.organizationRules)
        let decision = policies.decide(PolicyRequest(
            principal: PolicyFixtures.principal(roles: ["admin", "enterprise"]),
            action: "organization.read",
            resource: PolicyFixtures.organization(kind: "suspended")))
        #expect(decision == PolicyDecision(outcome: .forbidden, ruleIds: ["organization.suspended"]))
        #expect(!decision.isAllowed)
    }

    @Test func permitReportsEveryMatchingRuleSorted() throws {
        let policies = try PolicyFixtures.load(Self.organizationRules)
        let decision = policies.decide(PolicyRequest(
            principal: PolicyFixtures.principal(roles: ["enterprise", "admin"]),
            action: "organization.read",
            resource: PolicyFixtures.organization()))
        #expect(decision.outcome == .permitted)
        #expect(decision.isAllowed)
        #expect(decision.ruleIds == ["organization.read.admin", "organization.read.own"])
    }

    @Test func deniesByDefault() throws {
        let policies = try PolicyFixtures.load(Self.organizationRules)
        let foreign = policies.decide(PolicyRequest(
            principal: PolicyFixtures.principal(), action: "organization.read",
            resource: PolicyFixtures.organization(id: "o2")))
        #expect(foreign == PolicyDecision(outcome: .notPermitted))

        let actionWithoutRules = policies.decide(PolicyRequest(
            principal: PolicyFixtures.principal(roles: ["admin"]), action: "case.close",
            resource: PolicyFixtures.caseResource()))
        #expect(actionWithoutRules == PolicyDecision(outcome: .notPermitted))

        let noRoles = policies.decide(PolicyRequest(
            principal: PolicyFixtures.principal(roles: []), action: "organization.read",
            resource: PolicyFixtures.organization()))
        #expect(noRoles.outcome == .notPermitted)
    }

    @Test func ruleOrderDoesNotMatter() throws {
        let rules = Self.organizationRules.components(separatedBy: "  - id: ").dropFirst()
            .map { "  - id: " + $0 + ($0.hasSuffix("\n") ? "" : "\n") }
        let forwards = try PolicyFixtures.load("rules:\n" + rules.joined())
        let backwards = try PolicyFixtures.load("rules:\n" + rules.reversed().joined())
        let split = try PolicyFixtures.load("rules:\n" + rules[2...].joined(), "rules:\n" + rules[..<2].joined())

        for roles: Set<String> in [["admin"], ["enterprise"], ["admin", "enterprise"], []] {
            for kind in ["enterprise", "suspended"] {
                for action in ["organization.read", "organization.update"] {
                    for changesRoles in [true, false] {
                        let request = PolicyRequest(
                            principal: PolicyFixtures.principal(roles: roles), action: action,
                            resource: PolicyFixtures.organization(kind: kind),
                            context: ["changesRoles": .bool(changesRoles)])
                        let expected = forwards.decide(request)
                        #expect(backwards.decide(request) == expected)
                        #expect(split.decide(request) == expected)
                    }
                }
            }
        }
    }

    @Test func wildcardRoleMatchesAnyPrincipal() throws {
        let policies = try PolicyFixtures.load(PolicyFixtures.rule(when: "true"))
        let decision = policies.decide(PolicyRequest(
            principal: PolicyFixtures.principal(roles: []), action: "case.read", resource: PolicyFixtures.caseResource()))
        #expect(decision.isAllowed)
    }

    @Test func unlessVetoesTheRule() throws {
        let policies = try PolicyFixtures.load("""
        rules:
          - id: organization.update.admin
            description: Admins update organisations, but not their roles.
            effect: permit
            roles: [admin]
            actions: [organization.update]
            when: resource.kind == "enterprise"
            unless: context.changesRoles
        """)
        func decide(changesRoles: Bool) -> PolicyDecision.Outcome {
            policies.decide(PolicyRequest(
                principal: PolicyFixtures.principal(roles: ["admin"]), action: "organization.update",
                resource: PolicyFixtures.organization(), context: ["changesRoles": .bool(changesRoles)])).outcome
        }
        #expect(decide(changesRoles: false) == .permitted)
        #expect(decide(changesRoles: true) == .notPermitted)
    }

    @Test func missingOptionalAttributeMakesTheRuleNotMatchAndIsReported() throws {
        let policies = try PolicyFixtures.load(
            PolicyFixtures.rule(when: "resource.assignedMediatorId == principal.id", id: "case.read.mediator"))
        let decision = policies.decide(PolicyRequest(
            principal: PolicyFixtures.principal(), action: "case.read",
            resource: PolicyFixtures.caseResource(assignedMediatorId: nil)))
        #expect(decision.outcome == .notPermitted)
        #expect(decision.ruleIds.isEmpty)
        #expect(decision.errors == [PolicyEvaluationError(
            ruleId: "case.read.mediator", message: "attribute 'resource.assignedMediatorId' is missing")])

        let assigned = policies.decide(PolicyRequest(
            principal: PolicyFixtures.principal(), action: "case.read", resource: PolicyFixtures.caseResource()))
        #expect(assigned == PolicyDecision(outcome: .permitted, ruleIds: ["case.read.mediator"]))
    }

    @Test func hasGuardsAnOptionalAttribute() throws {
        let policies = try PolicyFixtures.load(PolicyFixtures.rule(
            when: "resource has assignedMediatorId and resource.assignedMediatorId == principal.id"))
        let decision = policies.decide(PolicyRequest(
            principal: PolicyFixtures.principal(), action: "case.read",
            resource: PolicyFixtures.caseResource(assignedMediatorId: nil)))
        #expect(decision == PolicyDecision(outcome: .notPermitted))
    }

    @Test func failingForbidDoesNotMatchButIsReported() throws {
        let policies = try PolicyFixtures.load("""
        rules:
          - id: case.read.all
            description: Everyone reads cases.
            effect: permit
            roles: ["*"]
            actions: [case.read]
          - id: case.read.not-own-mediator
            description: Mediators do not read cases assigned to someone else.
            effect: forbid
            roles: ["*"]
            actions: [case.read]
            when: resource.assignedMediatorId != principal.id
        """)
        let decision = policies.decide(PolicyRequest(
            principal: PolicyFixtures.principal(), action: "case.read",
            resource: PolicyFixtures.caseResource(assignedMediatorId: nil)))
        #expect(decision.outcome == .permitted)
        #expect(decision.ruleIds == ["case.read.all"])
        #expect(decision.errors.map(\.ruleId) == ["case.read.not-own-mediator"])
    }

    @Test func attributeOfTheWrongTypeIsAnError() throws {
        let policies = try PolicyFixtures.load(PolicyFixtures.rule(when: "principal.level == 3", id: "r"))
        var principal = PolicyFixtures.principal()
        principal["level"] = .string("3")
        let decision = policies.decide(PolicyRequest(
            principal: principal, action: "case.read", resource: PolicyFixtures.caseResource()))
        #expect(decision.outcome == .notPermitted)
        #expect(decision.errors == [PolicyEvaluationError(
            ruleId: "r", message: "attribute 'principal.level' is string, but the schema declares int")])
    }

    @Test func emptySetOfEitherKindIsAccepted() throws {
        let policies = try PolicyFixtures.load(PolicyFixtures.rule(when: "not (1 in resource.priorities)"))
        var resource = PolicyFixtures.caseResource()
        resource["priorities"] = .stringSet([])
        let decision = policies.decide(PolicyRequest(
            principal: PolicyFixtures.principal(), action: "case.read", resource: resource))
        #expect(decision == PolicyDecision(outcome: .permitted, ruleIds: ["case.read.test"]))
    }

    @Test func unknownActionIsNotPermittedAndReported() throws {
        let policies = try PolicyFixtures.load(Self.organizationRules)
        let decision = policies.decide(PolicyRequest(
            principal: PolicyFixtures.principal(roles: ["admin"]), action: "organization.delete",
            resource: PolicyFixtures.organization()))
        #expect(decision == PolicyDecision(outcome: .notPermitted, errors: [
            PolicyEvaluationError(ruleId: nil, message: "unknown action 'organization.delete'"),
        ]))
    }

    @Test func resourceOfTheWrongTypeIsNotPermitted() throws {
        let policies = try PolicyFixtures.load(Self.organizationRules)
        let decision = policies.decide(PolicyRequest(
            principal: PolicyFixtures.principal(roles: ["admin"]), action: "organization.read",
            resource: PolicyFixtures.caseResource()))
        #expect(decision.outcome == .notPermitted)
        #expect(decision.errors.first?.message == "action 'organization.read' works on 'organization' resources, not 'case'")
    }

    @Test func listsActionsAndPermittedActions() throws {
        let policies = try PolicyFixtures.load(Self.organizationRules)
        #expect(policies.ruleCount == 4)
        #expect(policies.rules.map(\.id) == [
            "organization.read.admin", "organization.read.own", "organization.suspended",
            "organization.update.no-role-changes",
        ])
        #expect(policies.actions.count == 4)
        #expect(policies.actions(forResourceType: "organization").map(\.name) == ["organization.read", "organization.update"])
        #expect(policies.actions["case.read"]?.description == "Read a case")
        #expect(policies.permittedActions(
            principal: PolicyFixtures.principal(roles: ["admin"]), resource: PolicyFixtures.organization(),
            context: ["changesRoles": .bool(true)]) == ["organization.read"])
        #expect(policies.permittedActions(
            principal: PolicyFixtures.principal(roles: ["admin"]), resource: PolicyFixtures.organization(),
            context: ["changesRoles": .bool(false)]) == ["organization.read", "organization.update"])
    }

    @Test func keepsRuleTextForReports() throws {
        let policies = try PolicyFixtures.load(Self.organizationRules)
        let rule = try #require(policies.rules.first { $0.id == "organization.read.own" })
        #expect(rule.effect == .permit)
        #expect(rule.roles == ["enterprise"])
        #expect(rule.when == "principal.organizationId == resource.id")
        #expect(rule.unless == nil)
        #expect(rule.path == "Policies/access/rules1.yaml")
        #expect(rule.line == 7)
    }
}
