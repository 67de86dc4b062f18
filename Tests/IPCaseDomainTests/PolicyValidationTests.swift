import Foundation
import Testing
@testable import IPCaseDomain

@Suite("Policy load-time validation")
struct PolicyValidationTests {
    private let rulesPath = "Policies/access/rules1.yaml"

    /// A valid rule for `organization.read` with `extra` lines appended (already indented).
    private func rule(id: String = "r1", actions: String = "[organization.read]", _ extra: String = "") -> String {
        """
        rules:
          - id: \(id)
            description: test rule
            effect: permit
            roles: [enterprise]
            actions: \(actions)
        \(extra)
        """
    }

    @Test func acceptsAValidRuleFile() throws {
        let policies = try PolicyFixtures.load(rule("    when: principal.organizationId == resource.id"))
        #expect(policies.ruleCount == 1)
    }

    @Test func reportsUnknownAction() {
        let problems = PolicyFixtures.problems(rule(actions: "[organization.read, organization.delete]"))
        #expect(problems.map(\.description) == [
            "\(rulesPath):6: rule 'r1' names unknown action 'organization.delete'",
        ])
    }

    @Test func reportsUnknownAttributeWithFileAndLine() {
        let problems = PolicyFixtures.problems(rule("    when: resource.foo == \"x\""))
        #expect(problems.map(\.description) == [
            "\(rulesPath):7: unknown attribute 'resource.foo' for action organization.read (when, column 1)",
        ])
        #expect(problems.first?.path == rulesPath)
        #expect(problems.first?.line == 7)
    }

    @Test func reportsUnknownPrincipalAndContextAttributesOnce() {
        let problems = PolicyFixtures.problems(rule(
            actions: "[organization.read, organization.update]",
            "    when: principal.nickname == \"x\"\n    unless: context.urgent"))
        #expect(problems.map(\.description) == [
            "\(rulesPath):7: unknown attribute 'principal.nickname' (when, column 1)",
            "\(rulesPath):8: unknown attribute 'context.urgent' (unless, column 1)",
        ])
    }

    @Test func checksARuleAgainstEveryResourceTypeOfItsActions() {
        let problems = PolicyFixtures.problems(rule(
            actions: "[organization.read, case.read, case.close]", "    when: resource.kind == \"court\""))
        #expect(problems.map(\.description) == [
            "\(rulesPath):7: unknown attribute 'resource.kind' for action case.read (when, column 1)",
            "\(rulesPath):7: unknown attribute 'resource.kind' for action case.close (when, column 1)",
        ])
    }

    @Test(arguments: [
        ("principal.level == \"3\"", "type mismatch: '==' compares int with string (when, column 17)"),
        ("principal.level != resource.id", "type mismatch: '!=' compares int with string (when, column 17)"),
        ("principal.id in \"abc\"", "type mismatch: 'in' needs a set on its right, found string (when, column 14)"),
        ("principal.level in [\"a\"]", "type mismatch: 'in' checks int against set<string> (when, column 17)"),
        ("principal.id contains \"a\"", "type mismatch: 'contains' needs a set on its left, found string (when, column 14)"),
        ("principal.roles contains 1", "type mismatch: 'contains' checks int against set<string> (when, column 17)"),
        ("principal.id and context.changesRoles", "type mismatch: 'and' needs bool operands, found string (when, column 14)"),
        ("context.changesRoles or principal.level", "type mismatch: 'or' needs bool operands, found int (when, column 22)"),
        ("not principal.id", "'not' needs a bool operand, found string (when, column 1)"),
        ("principal.id", "a condition must be a bool, found string (when, column 1)"),
        ("principal.level in [1, \"a\"]", "type mismatch: a set literal mixes strings and numbers (when, column 20)"),
    ])
    func reportsTypeMismatches(condition: String, message: String) {
        let problems = PolicyFixtures.problems(rule("    when: '\(condition)'"))
        #expect(problems.map(\.description) == ["\(rulesPath):7: \(message)"])
    }

    @Test func optionalAttributeTypeChecksWithoutHas() throws {
        _ = try PolicyFixtures.load(rule(actions: "[case.read]", "    when: resource.assignedMediatorId == principal.id"))
    }

    @Test func reportsDuplicateIdsAtBothLocations() {
        let problems = PolicyFixtures.problems(
            rule(id: "shared"),
            "# another file\n" + rule(id: "shared"))
        #expect(problems.map(\.description) == [
            "Policies/access/rules1.yaml:2: duplicate rule id 'shared' (also defined at Policies/access/rules2.yaml:3)",
            "Policies/access/rules2.yaml:3: duplicate rule id 'shared' (also defined at Policies/access/rules1.yaml:2)",
        ])
    }

    @Test func reportsSyntaxErrorsWithLineAndColumn() {
        let problems = PolicyFixtures.problems(rule("    when: principal.organizationId = resource.id"))
        #expect(problems.map(\.description) == [
            "\(rulesPath):7: syntax error in 'when' at column 26: unexpected '='; use '==' to compare",
        ])
    }

    @Test func reportsUnknownRoleOnItsOwnLine() {
        let problems = PolicyFixtures.problems("""
        rules:
          - id: r1
            description: test rule
            effect: permit
            roles:
              - admin
              - superuser
            actions: [organization.read]
        """)
        #expect(problems.map(\.description) == [
            "\(rulesPath):7: rule 'r1' names unknown role 'superuser' "
                + "(known: enterprise, mediator, arbitrator, judge, regulator, admin, *)",
        ])
    }

    @Test func reportsMissingFieldsAtTheRule() {
        let problems = PolicyFixtures.problems("""
        rules:
          - id: complete
            description: test rule
            effect: permit
            roles: [admin]
            actions: [organization.read]
          - id: sketchy
            when: context.changesRoles
          - description: no id at all
            effect: forbid
            roles: [admin]
            actions: [organization.read]
        """)
        #expect(problems.map(\.description) == [
            "\(rulesPath):7: rule 'sketchy' has no 'description'",
            "\(rulesPath):7: rule 'sketchy' has no 'effect'",
            "\(rulesPath):7: rule 'sketchy' has no 'roles'",
            "\(rulesPath):7: rule 'sketchy' has no 'actions'",
            "\(rulesPath):9: the rule has no 'id'",
        ])
    }

    @Test func reportsEmptyListsAndBadEffect() {
        let problems = PolicyFixtures.problems("""
        rules:
          - id: r1
            description: test rule
            effect: allow
            roles: []
            actions: [organization.read]
        """)
        #expect(problems.map(\.description) == [
            "\(rulesPath):4: rule 'r1' has unknown effect 'allow' (expected permit or forbid)",
            "\(rulesPath):5: the roles of rule 'r1' must not be empty",
        ])
    }

    @Test func reportsUnknownKeysSoThatATypoCannotDropACondition() {
        let problems = PolicyFixtures.problems(rule("    wehn: context.changesRoles"))
        #expect(problems.map(\.description) == [
            "\(rulesPath):7: unknown key 'wehn' in a rule "
                + "(expected one of: actions, description, effect, id, roles, unless, when)",
        ])
    }

    @Test func reportsInvalidYAMLWithItsLine() {
        let problems = PolicyFixtures.problems("rules:\n  - id: r1\n    description: [unclosed\n")
        #expect(problems.count == 1)
        #expect(problems.first?.path == rulesPath)
        #expect(problems.first?.message.hasPrefix("invalid YAML") == true)
        #expect(problems.first.map { $0.line >= 3 } == true)
    }

    @Test func collectsEveryProblemAcrossFilesInOrder() {
        let brokenSchema = PolicyFixtures.schema.replacingFirst("kind: string", with: "kind: strng")
        let problems = PolicyFixtures.problems(
            schema: brokenSchema,
            rule(id: "a", "    when: principal.level == true"),
            rule(id: "b", actions: "[organization.nope]"))
        #expect(problems.map(\.description) == [
            "Policies/schema.yaml:12: unknown type 'strng' for attribute 'kind' of entity 'organization' "
                + "(known: string, int, bool, set<string>, set<int>)",
            "Policies/access/rules1.yaml:7: type mismatch: '==' compares int with bool (when, column 17)",
            "Policies/access/rules2.yaml:6: rule 'b' names unknown action 'organization.nope'",
        ])
    }

    @Test func reportsEveryProblemOfOneRule() {
        let problems = PolicyFixtures.problems("""
        rules:
          - id: r1
            description: test rule
            effect: permit
            roles: [superuser]
            actions: [organization.read, organization.nope]
            when: resource.foo == "x"
        """)
        #expect(problems.map(\.description) == [
            "\(rulesPath):5: rule 'r1' names unknown role 'superuser' "
                + "(known: enterprise, mediator, arbitrator, judge, regulator, admin, *)",
            "\(rulesPath):6: rule 'r1' names unknown action 'organization.nope'",
            "\(rulesPath):7: unknown attribute 'resource.foo' for action organization.read (when, column 1)",
        ])
    }

    @Test func reportsMalformedSchemas() {
        let problems = PolicyFixtures.problems(schema: """
        entities:
          organization:
            attributes:
              id: string
              tags: list<string>
        context:
          attributes:
            changesRoles: bool
        actions:
          organization.read: { resource: organization }
          case.read: { resource: case, description: "Read a case" }
          user.update: { description: "no resource" }
        """)
        #expect(problems.map(\.description) == [
            "Policies/schema.yaml:1: the schema must declare the 'principal' entity",
            "Policies/schema.yaml:5: unknown type 'list<string>' for attribute 'tags' of entity 'organization' "
                + "(known: string, int, bool, set<string>, set<int>)",
            "Policies/schema.yaml:11: action 'case.read' names unknown entity 'case'",
            "Policies/schema.yaml:12: action 'user.update' has no 'resource'",
        ])
    }

    @Test func parsesOptionalAttributeTypes() throws {
        let policies = try PolicyFixtures.load()
        let caseEntity = try #require(policies.schema.entities["case"])
        #expect(caseEntity.attributes["assignedMediatorId"] == AttributeDeclaration(type: .string, isOptional: true))
        #expect(caseEntity.attributes["priorities"] == AttributeDeclaration(type: .intSet))
        #expect(policies.schema.context["changesRoles"] == AttributeDeclaration(type: .bool))
    }

    @Test func validationErrorDescribesEveryProblem() {
        let error = PolicyValidationError(problems: [
            PolicyProblem(path: "Policies/access/admin.yaml", line: 12,
                          message: "unknown attribute 'resource.foo' for action organization.read"),
            PolicyProblem(path: "Policies/access/admin.yaml", line: 14, message: "rule 'x' has no 'effect'"),
        ])
        #expect(error.description == """
        Policies/access/admin.yaml:12: unknown attribute 'resource.foo' for action organization.read
        Policies/access/admin.yaml:14: rule 'x' has no 'effect'
        """)
    }
}

private extension String {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}
