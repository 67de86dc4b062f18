import Foundation
import Testing
@testable import IPCaseDomain

/// Shared by the `Workflow*Tests` files: the real workflow file, a cast of users and organisations, and
/// a case that can be walked through the workflow step by step at fixed instants.
enum WorkflowFixtures {
    static let shanghai = TimeZone(identifier: "Asia/Shanghai")!
    static let utc = TimeZone(identifier: "UTC")!

    /// `Policies/workflows/cases.yaml`, found from this file (through any symlinked test folder).
    static var realWorkflowURL: URL {
        URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent()  // IPCaseDomainTests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()  // package root
            .appendingPathComponent("Policies/workflows/cases.yaml")
    }

    static func realWorkflowSource() throws -> PolicySource {
        PolicySource(path: "Policies/workflows/cases.yaml", text: try String(contentsOf: realWorkflowURL, encoding: .utf8))
    }

    static func realWorkflow() throws -> CaseWorkflow {
        try CaseWorkflow.load(realWorkflowSource())
    }

    /// The problems loading `text` reports, or `[]` when it loads.
    static func problems(_ text: String, path: String = "Policies/workflows/cases.yaml") -> [PolicyProblem] {
        do {
            _ = try CaseWorkflow.load(PolicySource(path: path, text: text))
            return []
        } catch {
            return error.problems
        }
    }

    /// A local time in Shanghai.
    static func shanghaiTime(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 10, _ minute: Int = 0, _ second: Int = 0) -> Date {
        time(year, month, day, hour, minute, second, in: shanghai)
    }

    /// A time in UTC.
    static func utcTime(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, _ second: Int = 0) -> Date {
        time(year, month, day, hour, minute, second, in: utc)
    }

    private static func time(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Int, in zone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second))!
    }

    static func id(_ suffix: String) -> UUID {
        UUID(uuidString: "00000000-0000-0000-0000-" + String(repeating: "0", count: 12 - suffix.count) + suffix)!
    }

    // Organisations.
    static let complainantOrg = id("a1")
    static let respondentOrg = id("a2")
    static let mediationBody = id("b1")
    static let otherMediationBody = id("b2")
    static let court = id("c1")
    static let arbitrationCommission = id("d1")

    // Users.
    static let complainantUser = id("1a1")
    static let respondentUser = id("1a2")
    static let mediator = id("1b1")
    static let secondMediator = id("1b2")
    static let foreignMediator = id("1b3")
    static let mediatorAtComplainant = id("1b4")
    static let judge = id("1c1")
    static let arbitrator = id("1d1")
    static let bodyStaff = id("1b9")

    static let complainant = WorkflowActor.user(id: complainantUser, organizationId: complainantOrg)
    static let respondent = WorkflowActor.user(id: respondentUser, organizationId: respondentOrg)
    static let body = WorkflowActor.user(id: bodyStaff, organizationId: mediationBody)
    static let mediatorActor = WorkflowActor.user(id: mediator, organizationId: mediationBody)
    static let judgeActor = WorkflowActor.user(id: judge, organizationId: court)

    /// Every user a field may name, as the server would look them up.
    static let users: [UUID: ReferencedUser] = Dictionary(uniqueKeysWithValues: [
        ReferencedUser(id: mediator, organizationId: mediationBody, roles: ["mediator"], active: true),
        ReferencedUser(id: secondMediator, organizationId: mediationBody, roles: ["mediator"], active: true),
        ReferencedUser(id: foreignMediator, organizationId: otherMediationBody, roles: ["mediator"], active: true),
        // A mediator employed by the complainant: a conflict of interest.
        ReferencedUser(id: mediatorAtComplainant, organizationId: complainantOrg, roles: ["mediator"], active: true),
        ReferencedUser(id: judge, organizationId: court, roles: ["judge"], active: true),
        ReferencedUser(id: arbitrator, organizationId: arbitrationCommission, roles: ["arbitrator"], active: true),
        ReferencedUser(id: complainantUser, organizationId: complainantOrg, roles: ["enterprise"], active: true),
    ].map { ($0.id, $0) })

    static let organizations: [UUID: ReferencedOrganization] = Dictionary(uniqueKeysWithValues: [
        ReferencedOrganization(id: complainantOrg, kind: "enterprise"),
        ReferencedOrganization(id: respondentOrg, kind: "enterprise"),
        ReferencedOrganization(id: mediationBody, kind: "mediation_body"),
        ReferencedOrganization(id: court, kind: "court"),
        ReferencedOrganization(id: arbitrationCommission, kind: "arbitration_commission"),
    ].map { ($0.id, $0) })

    /// A case filed at `filedAt`, in the initial state.
    static func newCase(filedAt: Date = shanghaiTime(2026, 3, 2, 9)) -> CaseSnapshot {
        CaseSnapshot(
            id: id("ca5e"), number: "MED-2026-000001", filedAt: filedAt, filedBy: complainantUser, state: "filed",
            complainant: .init(organizationId: complainantOrg, creditCode: "91110000100000000A", name: "Complainant Ltd"),
            respondent: .init(organizationId: respondentOrg, creditCode: "91310000200000000B", name: "Respondent Ltd"),
            mediationBodyId: mediationBody,
            ipRight: .init(type: "patent", identifier: "ZL202010000000.0", title: "A widget"),
            claims: "Stop infringing", amountClaimed: "100000.00")
    }

    static func context(
        _ actor: WorkflowActor, _ fields: [String: JSONValue] = [:], at now: Date
    ) -> TransitionContext {
        TransitionContext(actor: actor, fields: fields, now: now, timeZone: shanghai, users: users, organizations: organizations)
    }

    /// Runs `body` and returns the refusal it threw, or nil when it threw none.
    static func refusal(_ body: () throws(TransitionRefusal) -> Void) -> TransitionRefusal? {
        do {
            try body()
            return nil
        } catch {
            return error
        }
    }
}

/// One case walked through a workflow; each `take` keeps the new snapshot.
struct CaseWalk {
    let workflow: CaseWorkflow
    var snapshot: CaseSnapshot

    init(_ workflow: CaseWorkflow, snapshot: CaseSnapshot = WorkflowFixtures.newCase()) {
        self.workflow = workflow
        self.snapshot = snapshot
    }

    @discardableResult
    mutating func take(
        _ action: String, by actor: WorkflowActor, _ fields: [String: JSONValue] = [:], at now: Date
    ) throws(TransitionRefusal) -> TransitionOutcome<CaseSnapshot> {
        let fields = completed(fields, for: action)
        let outcome = try workflow.take(action, on: snapshot, context: WorkflowFixtures.context(actor, fields, at: now))
        snapshot = outcome.snapshot
        return outcome
    }

    /// What a client fills in from what it was shown, unless the test gives it: a signature names the hash of
    /// the terms as they stand; an agreement or award has a performance due day; a ruling its number and date.
    func completed(_ fields: [String: JSONValue], for action: String) -> [String: JSONValue] {
        var fields = fields
        switch action {
        case "signAgreement" where fields["termsSha256"] == nil:
            if let hash = snapshot.agreement?.termsSha256 { fields["termsSha256"] = .string(hash) }
        case "draftAgreement", "issueAward":
            if fields["performanceDueOn"] == nil { fields["performanceDueOn"] = .string("2026-12-31") }
        case "confirmAgreement", "denyConfirmation":
            if fields["rulingNumber"] == nil { fields["rulingNumber"] = .string("(2026)粤0305民特1号") }
            if fields["rulingDate"] == nil { fields["rulingDate"] = .string("2026-03-02") }
        default: break
        }
        return fields
    }

    /// What taking `action` would refuse, without changing the walk; its texts in English only
    /// (see `TransitionRefusal.inEnglish`).
    func refusal(
        _ action: String, by actor: WorkflowActor, _ fields: [String: JSONValue] = [:], at now: Date
    ) -> TransitionRefusal? {
        WorkflowFixtures.refusal { () throws(TransitionRefusal) in
            _ = try workflow.take(action, on: snapshot, context: WorkflowFixtures.context(actor, completed(fields, for: action), at: now))
        }?.inEnglish
    }

    /// accept (2026-03-02) → respondentConsents (2026-03-03): in mediation, no mediator assigned yet.
    static func consented(_ workflow: CaseWorkflow) throws -> CaseWalk {
        var walk = CaseWalk(workflow)
        try walk.take("accept", by: WorkflowFixtures.body, at: WorkflowFixtures.shanghaiTime(2026, 3, 2))
        try walk.take("respondentConsents", by: WorkflowFixtures.respondent, at: WorkflowFixtures.shanghaiTime(2026, 3, 3))
        return walk
    }

    /// accept (2026-03-02) → respondentConsents (2026-03-03) → assignMediator (2026-03-04): in mediation with a mediator.
    static func inMediation(_ workflow: CaseWorkflow) throws -> CaseWalk {
        var walk = try consented(workflow)
        try walk.take(
            "assignMediator", by: WorkflowFixtures.body, ["mediatorUserId": .string(WorkflowFixtures.mediator.uuidString)],
            at: WorkflowFixtures.shanghaiTime(2026, 3, 4))
        return walk
    }

    /// `inMediation`, then draft (2026-03-10) and both sign (2026-03-11, 2026-03-12): settled on 2026-03-12.
    static func settled(_ workflow: CaseWorkflow, decidesOwnership: Bool = false) throws -> CaseWalk {
        var walk = try inMediation(workflow)
        try walk.take(
            "draftAgreement", by: WorkflowFixtures.mediatorActor,
            ["terms": "Respondent pays 50000 CNY", "determinesOwnershipOrValidity": .bool(decidesOwnership)],
            at: WorkflowFixtures.shanghaiTime(2026, 3, 10))
        try walk.take("signAgreement", by: WorkflowFixtures.complainant, at: WorkflowFixtures.shanghaiTime(2026, 3, 11))
        try walk.take("signAgreement", by: WorkflowFixtures.respondent, at: WorkflowFixtures.shanghaiTime(2026, 3, 12))
        return walk
    }
}

// MARK: - Comparing the English texts

/// Refusals carry their texts in both languages; these tests compare the English a client reads, as
/// they always have. The Chinese of each message is checked once, in `MessageCatalogueTests`.
extension LocalizedText {
    /// A text standing for its English alone: the same words in both slots.
    static func english(_ text: String) -> LocalizedText { LocalizedText(zh: text, en: text) }
}

extension FieldProblem {
    init(_ field: String, _ english: String) { self.init(field, .english(english)) }
}

extension TransitionRefusal {
    /// The refusal with every text reduced to its English, comparable with `.english(…)` expectations.
    var inEnglish: TransitionRefusal {
        switch self {
        case .invalidFields(let problems): .invalidFields(problems.map { FieldProblem($0.field, $0.message.en) })
        case .guardFailed(let name, let reason): .guardFailed(guard: name, reason: .english(reason.en))
        default: self
        }
    }
}
