import Testing
@testable import IPCaseDomain

@Suite("Policy test files")
struct PolicyTestSuiteTests {
    private let testsPath = "Policies/tests/organization.yaml"

    private let rules = """
    rules:
      - id: organization.read.own
        description: An enterprise user may read its own organisation.
        effect: permit
        roles: [enterprise]
        actions: [organization.read]
        when: principal.organizationId == resource.id
      - id: case.read.high-priority
        description: Mediators read urgent cases they are assigned to.
        effect: permit
        roles: [mediator]
        actions: [case.read]
        when: resource.priority in [1, 2] and resource.assignedMediatorId == principal.id
        unless: resource.sealed
    """

    private let cases = """
    cases:
      - name: an enterprise user reads its own organisation
        principal: { id: u1, organizationId: o1, organizationKind: enterprise, roles: [enterprise], level: 1 }
        action: organization.read
        resource: { type: organization, id: o1, kind: enterprise }
        context: {}
        expect: permitted
        rules: [organization.read.own]
      - name: an enterprise user cannot read another organisation
        principal: { id: u1, organizationId: o1, organizationKind: enterprise, roles: [enterprise], level: 1 }
        action: organization.read
        resource: { type: organization, id: o2, kind: enterprise }
        expect: not_permitted
      - name: a mediator reads an urgent case assigned to them
        principal: { id: u7, organizationId: o9, organizationKind: mediation, roles: [mediator], level: 2 }
        action: case.read
        resource:
          type: case
          id: c1
          partyOrganizationIds: [o1, o2]
          assignedMediatorId: u7
          priority: 1
          priorities: [1, 3]
          sealed: false
        expect: permitted
        rules: [case.read.high-priority]
      - name: a wrong expectation
        principal: { id: u1, organizationId: o1, organizationKind: enterprise, roles: [enterprise], level: 1 }
        action: organization.read
        resource: { type: organization, id: o1, kind: enterprise }
        expect: forbidden
        rules: [organization.read.own]
    """

    @Test func runsPassingAndFailingCases() throws {
        let policies = try PolicyFixtures.load(rules)
        let suite = try PolicyTestSuite.parse(sources: [PolicySource(path: testsPath, text: cases)])
        let results = suite.run(against: policies)

        #expect(results.map(\.passed) == [true, true, true, false])
        #expect(results[0].failureMessage == nil)
        let failure = results[3]
        #expect(failure.testCase.expectedOutcome == .forbidden)
        #expect(failure.actual.outcome == .permitted)
        #expect(failure.actual.ruleIds == ["organization.read.own"])
        #expect(failure.failureMessage == "\(testsPath):27: a wrong expectation: expected forbidden "
            + "by [organization.read.own], got permitted by [organization.read.own]")
    }

    /// The formats exactly as documented for `Policies/`.
    @Test func loadsTheDocumentedExample() throws {
        let policies = try PolicySet.load(
            schema: PolicySource(path: "Policies/schema.yaml", text: """
            entities:
              principal:            # always present; the authenticated user
                attributes:
                  id: string
                  organizationId: string
                  organizationKind: string
                  roles: set<string>
              organization:
                attributes:
                  id: string
                  kind: string
              user:
                attributes:
                  id: string
                  organizationId: string
            context:
              attributes:
                changesRoles: bool
            actions:
              organization.read: { resource: organization, description: "Read one organisation" }
              user.update: { resource: user, description: "..." }
            """),
            rules: [PolicySource(path: "Policies/access/organization.yaml", text: """
            rules:
              - id: organization.read.own
                description: An enterprise user may read its own organisation.
                effect: permit            # or forbid
                roles: [enterprise]       # or ["*"] = any authenticated principal
                actions: [organization.read]
                when: principal.organizationId == resource.id     # optional
                unless: context.changesRoles                      # optional
            """)])
        let suite = try PolicyTestSuite.parse(sources: [PolicySource(path: testsPath, text: """
            cases:
              - name: an enterprise user reads its own organisation
                principal: { id: u1, organizationId: o1, organizationKind: enterprise, roles: [enterprise] }
                action: organization.read
                resource: { type: organization, id: o1, kind: enterprise }   # every key except `type` is an attribute
                context: { changesRoles: false }
                expect: permitted      # permitted | forbidden | not_permitted
                rules: [organization.read.own]   # expected deciding rule ids (optional for not_permitted)
            """)])
        #expect(suite.run(against: policies).map(\.passed) == [true])
        #expect(policies.actions(forResourceType: "user").map(\.name) == ["user.update"])
    }

    @Test func failsWhenTheDecidingRulesDiffer() throws {
        let policies = try PolicyFixtures.load(rules)
        let suite = try PolicyTestSuite.parse(sources: [PolicySource(path: testsPath, text: """
        cases:
          - name: right outcome, wrong rule
            principal: { id: u1, organizationId: o1, roles: [enterprise] }
            action: organization.read
            resource: { type: organization, id: o1, kind: enterprise }
            expect: permitted
            rules: [organization.read.admin]
        """)])
        let result = try #require(suite.run(against: policies).first)
        #expect(!result.passed)
        #expect(result.actual.outcome == .permitted)
    }

    @Test func convertsYAMLValuesToPolicyValues() throws {
        let suite = try PolicyTestSuite.parse(sources: [PolicySource(path: testsPath, text: cases)])
        let resource = suite.cases[2].request.resource
        #expect(resource.type == "case")
        #expect(resource.attributes == [
            "id": .string("c1"),
            "partyOrganizationIds": .stringSet(["o1", "o2"]),
            "assignedMediatorId": .string("u7"),
            "priority": .int(1),
            "priorities": .intSet([1, 3]),
            "sealed": .bool(false),
        ])
        #expect(suite.cases[0].request.principal["roles"] == .stringSet(["enterprise"]))
        #expect(suite.cases[0].request.context.isEmpty)
        #expect(suite.cases[1].expectedRuleIds == nil)
        #expect(suite.cases[2].line == 14)
    }

    @Test func reportsMalformedCasesWithFileAndLine() {
        let text = """
        cases:
          - name: no expectation
            principal: { id: u1 }
            action: organization.read
            resource: { id: o1 }
          - name: odd values
            principal: { id: u1, tags: [a, 1], score: 1.5, manager: null, nested: { a: b } }
            action: organization.read
            resource: { type: organization }
            expect: allowed
          - name: permitted without rules
            principal: {}
            action: organization.read
            resource: { type: organization }
            expect: permitted
            rule: [organization.read.own]
        """
        do {
            _ = try PolicyTestSuite.parse(sources: [PolicySource(path: testsPath, text: text)])
            Issue.record("expected problems")
        } catch {
            #expect(error.problems.map(\.description) == [
                "\(testsPath):2: case 'no expectation' has no 'expect'",
                "\(testsPath):5: the resource of case 'no expectation' needs a string 'type'",
                "\(testsPath):7: 'tags' in the principal of case 'odd values' mixes strings and numbers",
                "\(testsPath):7: 'score' in the principal of case 'odd values' is a fraction; only whole numbers are supported",
                "\(testsPath):7: 'manager' in the principal of case 'odd values' is null; leave the key out to test a missing attribute",
                "\(testsPath):7: 'nested' in the principal of case 'odd values' must be a string, number, bool or list; attributes are not nested",
                "\(testsPath):10: case 'odd values' expects unknown outcome 'allowed' (expected one of: permitted, forbidden, not_permitted)",
                "\(testsPath):11: case 'permitted without rules' expects permitted but lists no deciding 'rules'",
                "\(testsPath):16: unknown key 'rule' in a test case "
                    + "(expected one of: action, context, expect, name, principal, resource, rules)",
            ])
        }
    }
}
