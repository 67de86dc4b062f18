// Measures `PolicySet.decide` latency with 100 rules over 10 actions.
// Run with `swift run -c release PolicyDecisions`; targets: median ≤ 2 µs, p99 ≤ 10 µs.
import IPCaseDomain

let schema = """
entities:
  principal:
    attributes:
      id: string
      organizationId: string
      organizationKind: string
      roles: set<string>
      jurisdictions: set<string>
  organization:
    attributes:
      id: string
      kind: string
  case:
    attributes:
      id: string
      status: string
      jurisdiction: string
      partyOrganizationIds: set<string>
      assignedMediatorId: string?
      assignedArbitratorId: string?
      confidential: bool
      claimAmount: int
  document:
    attributes:
      id: string
      caseId: string
      ownerOrganizationId: string
      partyOrganizationIds: set<string>
      visibility: string
  credit:
    attributes:
      id: string
      organizationId: string
      status: string
context:
  attributes:
    changesRoles: bool
    mfa: bool
actions:
  organization.read: { resource: organization, description: "Read an organisation" }
  organization.update: { resource: organization, description: "Update an organisation" }
  case.read: { resource: case, description: "Read a case" }
  case.update: { resource: case, description: "Update a case" }
  case.assignMediator: { resource: case, description: "Assign a mediator" }
  case.close: { resource: case, description: "Close a case" }
  document.read: { resource: document, description: "Read a document" }
  document.upload: { resource: document, description: "Upload a document" }
  credit.read: { resource: credit, description: "Read a credit" }
  credit.transfer: { resource: credit, description: "Transfer a credit" }
"""

/// Conditions typical for each resource type; every action gets ten rules drawn from its list.
let conditionsByResource: [String: [(effect: String, roles: String, when: String?, unless: String?)]] = [
    "organization": [
        ("permit", "[enterprise]", "principal.organizationId == resource.id", nil),
        ("permit", "[admin]", nil, nil),
        ("permit", "[regulator]", "resource.kind in [\"enterprise\", \"court\"]", nil),
        ("permit", "[judge, arbitrator]", "resource.kind == \"court\"", nil),
        ("forbid", "[\"*\"]", "resource.kind == \"suspended\"", nil),
        ("permit", "[mediator]", "principal.organizationKind == \"mediation\" and resource.kind != \"court\"", nil),
        ("forbid", "[enterprise]", "principal.organizationId != resource.id and resource.kind == \"enterprise\"", nil),
        ("permit", "[enterprise]", "principal.roles contains \"enterprise\"", "context.changesRoles"),
        ("forbid", "[\"*\"]", "not context.mfa and resource.kind == \"regulator\"", nil),
        ("permit", "[regulator]", "principal.organizationKind == \"regulator\"", nil),
    ],
    "case": [
        ("permit", "[enterprise]", "principal.organizationId in resource.partyOrganizationIds", nil),
        ("permit", "[mediator]", "resource has assignedMediatorId and resource.assignedMediatorId == principal.id", nil),
        ("permit", "[arbitrator]", "resource.assignedArbitratorId == principal.id", nil),
        ("permit", "[judge]", "resource.jurisdiction in principal.jurisdictions", nil),
        ("permit", "[regulator]", "not resource.confidential", nil),
        ("forbid", "[\"*\"]", "resource.status == \"sealed\"", "principal.roles contains \"judge\""),
        ("forbid", "[enterprise, mediator]", "resource.status in [\"closed\", \"archived\"]", nil),
        ("permit", "[admin]", nil, nil),
        ("forbid", "[regulator]", "resource.claimAmount == 0", nil),
        ("permit", "[enterprise]", "principal.organizationKind == \"law_firm\" and principal.organizationId in resource.partyOrganizationIds", nil),
    ],
    "document": [
        ("permit", "[enterprise]", "principal.organizationId == resource.ownerOrganizationId", nil),
        ("permit", "[enterprise]", "principal.organizationId in resource.partyOrganizationIds and resource.visibility == \"parties\"", nil),
        ("permit", "[mediator, arbitrator, judge]", "resource.visibility in [\"parties\", \"tribunal\"]", nil),
        ("forbid", "[\"*\"]", "resource.visibility == \"withdrawn\"", nil),
        ("permit", "[admin]", nil, nil),
        ("forbid", "[regulator]", "resource.visibility != \"public\"", nil),
        ("permit", "[regulator]", "resource.visibility == \"public\"", nil),
        ("forbid", "[enterprise]", "not (principal.organizationId in resource.partyOrganizationIds)", nil),
        ("permit", "[judge]", "resource.caseId != \"\"", "context.changesRoles"),
        ("forbid", "[\"*\"]", "not context.mfa and resource.visibility == \"tribunal\"", nil),
    ],
    "credit": [
        ("permit", "[enterprise]", "principal.organizationId == resource.organizationId", nil),
        ("permit", "[regulator]", nil, nil),
        ("forbid", "[\"*\"]", "resource.status == \"frozen\"", nil),
        ("permit", "[admin]", "context.mfa", nil),
        ("forbid", "[enterprise]", "principal.organizationId != resource.organizationId", nil),
        ("permit", "[enterprise]", "resource.status in [\"active\", \"pending\"] and principal.organizationKind == \"enterprise\"", nil),
        ("forbid", "[\"*\"]", "resource.status == \"revoked\" or resource.status == \"expired\"", nil),
        ("permit", "[judge, arbitrator]", "resource.status == \"disputed\"", nil),
        ("forbid", "[admin]", "not context.mfa", nil),
        ("permit", "[mediator]", "resource.status == \"disputed\" and principal.organizationKind == \"mediation\"", nil),
    ],
]

let actions = [
    ("organization.read", "organization"), ("organization.update", "organization"),
    ("case.read", "case"), ("case.update", "case"), ("case.assignMediator", "case"), ("case.close", "case"),
    ("document.read", "document"), ("document.upload", "document"),
    ("credit.read", "credit"), ("credit.transfer", "credit"),
]

var ruleYAML = "rules:\n"
for (action, resourceType) in actions {
    for (index, rule) in conditionsByResource[resourceType]!.enumerated() {
        ruleYAML += """
          - id: \(action).\(index)
            description: benchmark rule \(index) for \(action)
            effect: \(rule.effect)
            roles: \(rule.roles)
            actions: [\(action)]

        """
        if let when = rule.when { ruleYAML += "    when: '\(when)'\n" }
        if let unless = rule.unless { ruleYAML += "    unless: '\(unless)'\n" }
    }
}

let policies: PolicySet
do {
    policies = try PolicySet.load(
        schema: PolicySource(path: "schema.yaml", text: schema),
        rules: [PolicySource(path: "access/benchmark.yaml", text: ruleYAML)])
} catch {
    fatalError("the benchmark policies do not load:\n\(error)")
}

/// A fixed-seed generator, so that runs are comparable.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

var random = SplitMix64(state: 42)
let organizationIds = (0..<20).map { "0190c5a2-7d3e-7b1a-9f00-0000000000\(String(format2: $0))" }
let roleNames = ["enterprise", "mediator", "arbitrator", "judge", "regulator", "admin"]

extension String {
    init(format2 value: Int) { self = value < 10 ? "0\(value)" : "\(value)" }
}

func randomResource(_ type: String, _ random: inout SplitMix64) -> PolicyEntity {
    let org = organizationIds.randomElement(using: &random)!
    let parties = Set((0..<3).map { _ in organizationIds.randomElement(using: &random)! })
    switch type {
    case "organization":
        return PolicyEntity(type: type, attributes: [
            "id": .string(org),
            "kind": .string(["enterprise", "court", "regulator", "mediation", "suspended"].randomElement(using: &random)!),
        ])
    case "case":
        var attributes: [String: PolicyValue] = [
            "id": .string("case-\(Int.random(in: 0..<1000, using: &random))"),
            "status": .string(["open", "closed", "sealed", "archived"].randomElement(using: &random)!),
            "jurisdiction": .string(["FR", "DE", "US"].randomElement(using: &random)!),
            "partyOrganizationIds": .stringSet(parties),
            "confidential": .bool(Bool.random(using: &random)),
            "claimAmount": .int(Int.random(in: 0..<100_000, using: &random)),
        ]
        if Bool.random(using: &random) { attributes["assignedMediatorId"] = .string("user-\(Int.random(in: 0..<10, using: &random))") }
        if Bool.random(using: &random) { attributes["assignedArbitratorId"] = .string("user-\(Int.random(in: 0..<10, using: &random))") }
        return PolicyEntity(type: type, attributes: attributes)
    case "document":
        return PolicyEntity(type: type, attributes: [
            "id": .string("doc-\(Int.random(in: 0..<1000, using: &random))"),
            "caseId": .string("case-\(Int.random(in: 0..<1000, using: &random))"),
            "ownerOrganizationId": .string(org),
            "partyOrganizationIds": .stringSet(parties),
            "visibility": .string(["parties", "tribunal", "public", "withdrawn"].randomElement(using: &random)!),
        ])
    default:
        return PolicyEntity(type: type, attributes: [
            "id": .string("credit-\(Int.random(in: 0..<1000, using: &random))"),
            "organizationId": .string(org),
            "status": .string(["active", "pending", "frozen", "disputed", "revoked"].randomElement(using: &random)!),
        ])
    }
}

var requests: [PolicyRequest] = []
for _ in 0..<4096 {
    let (action, resourceType) = actions.randomElement(using: &random)!
    let principal = PolicyEntity(type: "principal", attributes: [
        "id": .string("user-\(Int.random(in: 0..<10, using: &random))"),
        "organizationId": .string(organizationIds.randomElement(using: &random)!),
        "organizationKind": .string(["enterprise", "law_firm", "mediation", "regulator"].randomElement(using: &random)!),
        "roles": .stringSet([roleNames.randomElement(using: &random)!]),
        "jurisdictions": .stringSet(["FR", "DE"]),
    ])
    requests.append(PolicyRequest(
        principal: principal, action: action, resource: randomResource(resourceType, &random),
        context: ["changesRoles": .bool(Bool.random(using: &random)), "mfa": .bool(Bool.random(using: &random))]))
}

let clock = ContinuousClock()
var outcomes: [PolicyDecision.Outcome: Int] = [:]
for request in requests.prefix(4096) {
    outcomes[policies.decide(request).outcome, default: 0] += 1
}
for index in 0..<50_000 { // warm-up
    _ = policies.decide(requests[index & 4095])
}

let iterations = 200_000
var nanoseconds = [Int64](repeating: 0, count: iterations)
var allowed = 0
for index in 0..<iterations {
    let request = requests[index & 4095]
    let start = clock.now
    let decision = policies.decide(request)
    let elapsed = start.duration(to: clock.now)
    if decision.isAllowed { allowed += 1 }
    nanoseconds[index] = elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000
}

nanoseconds.sort()
func microseconds(_ nanoseconds: Int64) -> String {
    let hundredths = Int((nanoseconds + 5) / 10)
    return "\(hundredths / 100).\(String(format2: hundredths % 100)) µs"
}
print("rules: \(policies.ruleCount) over \(policies.actions.count) actions")
print("decisions: \(iterations) (allowed \(allowed)); outcome mix over the request pool: "
    + outcomes.map { "\($0.key.rawValue) \($0.value)" }.sorted().joined(separator: ", "))
print("median: \(microseconds(nanoseconds[iterations / 2]))")
print("p99:    \(microseconds(nanoseconds[iterations * 99 / 100]))")
print("max:    \(microseconds(nanoseconds[iterations - 1]))")
