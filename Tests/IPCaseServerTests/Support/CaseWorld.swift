import Foundation
import HTTPTypes
import Synchronization
import Hummingbird
import HummingbirdTesting
import IPCaseDomain
import PostgresNIO
@testable import IPCaseServer

/// Everyone a dispute case involves, logged in against a running test app: two enterprises, the
/// mediation body, an arbitration commission, a court, a regulator and the admin, plus a second
/// mediation body whose mediators must see nothing of the first one's cases.
struct CaseWorld: Sendable {
    static let complainant = Accounts.alice  // Enterprise A
    static let respondent = Accounts.bob  // Enterprise B, credit code 914403001922038216
    static let respondentCode = "914403001922038216"
    static let outsider = "carol@ent-c.test"  // Enterprise C, party to nothing
    static let mediator = Accounts.mediator
    static let mediator2 = "mediator2@body.test"
    static let otherBodyMediator = "mediator@other-body.test"
    static let arbitrator = "arbitrator@commission.test"
    static let arbitrator2 = "arbitrator2@commission.test"
    static let judge = "judge@court.test"
    static let judge2 = "judge2@court.test"
    static let regulator = "regulator@amr.test"
    static let regulator2 = "regulator2@amr.test"
    /// Market Regulation's own credit code: a regulator may not grade it.
    static let regulatorCode = "11440300MB2C92050G"
    static let admin = Accounts.admin

    let client: any TestClientProtocol
    let database: Database
    let clock: ManualClock
    /// Sessions expire when the clock jumps days ahead, so `advance` logs everyone in again.
    let tokens: TokenBox
    let userIds: [String: String]
    let mediationBodyId: String
    let commissionId: String
    let courtId: String

    /// The clock starts at 10:00 in Shanghai on a fixed day, so deadline dates are known in advance.
    static let start = ISO8601DateFormatter().date(from: "2026-03-02T02:00:00Z")!

    static func configure(_ clock: ManualClock) -> (inout ServerConfiguration) -> Void {
        { $0.clock = clock }
    }

    static func seed(_ database: Database) async throws {
        try await Accounts.seed(database)
        let provisioning = try AccountProvisioning(database: database, logger: TestPostgres.logger)
        let password = Accounts.password
        _ = try await provisioning.createUser(
            email: outsider, displayName: "Carol", password: password, roles: [.enterprise], organizationName: "Enterprise C",
            organizationKind: .enterprise, creditCode: "91440300MA5H0HLK5U")
        _ = try await provisioning.createUser(
            email: mediator2, displayName: "Mediator Two", password: password, roles: [.mediator],
            organizationName: "Mediation Body", organizationKind: .mediationBody)
        _ = try await provisioning.createUser(
            email: otherBodyMediator, displayName: "Other Mediator", password: password, roles: [.mediator],
            organizationName: "Other Mediation Body", organizationKind: .mediationBody)
        for (email, name) in [(arbitrator, "Arbitrator"), (arbitrator2, "Arbitrator Two")] {
            _ = try await provisioning.createUser(
                email: email, displayName: name, password: password, roles: [.arbitrator],
                organizationName: "Arbitration Commission", organizationKind: .arbitrationCommission)
        }
        for (email, name) in [(judge, "Judge"), (judge2, "Judge Two")] {
            _ = try await provisioning.createUser(
                email: email, displayName: name, password: password, roles: [.judge], organizationName: "People's Court",
                organizationKind: .court)
        }
        _ = try await provisioning.createUser(
            email: regulator, displayName: "Regulator", password: password, roles: [.regulator],
            organizationName: "Market Regulation", organizationKind: .regulator, creditCode: regulatorCode)
        _ = try await provisioning.createUser(
            email: regulator2, displayName: "Regulator Two", password: password, roles: [.regulator],
            organizationName: "Market Regulation", organizationKind: .regulator)
    }

    static let emails = [
        complainant, respondent, outsider, mediator, mediator2, otherBodyMediator, arbitrator, arbitrator2, judge, judge2,
        regulator, regulator2, admin,
    ]

    /// The accounts come from the `world` template; each test opens its sessions straight in its
    /// database at the world's time, so no test spends Argon2id work on logging in a dozen users.
    static func make(client: any TestClientProtocol, database: Database, clock: ManualClock) async throws -> CaseWorld {
        try await seed(database)  // a no-op on the world template: provisioning skips existing accounts
        var userIds: [String: String] = [:]
        let rows = try await database.query("SELECT email, id FROM users", logger: TestPostgres.logger)
        for try await (email, id) in rows.decode((String, UUID).self) { userIds[email] = id.uuidString.lowercased() }
        let tokens = try await openSessions(for: userIds, database: database, at: clock.now)
        func organization(_ name: String) async throws -> String {
            let rows = try await database.query("SELECT id FROM organizations WHERE name = \(name)", logger: TestPostgres.logger)
            for try await id in rows.decode(UUID.self) { return id.uuidString.lowercased() }
            throw TestFailure("no organisation \(name)")
        }
        return CaseWorld(
            client: client, database: database, clock: clock, tokens: TokenBox(tokens), userIds: userIds,
            mediationBodyId: try await organization("Mediation Body"),
            commissionId: try await organization("Arbitration Commission"), courtId: try await organization("People's Court"))
    }

    /// Runs the app with a manual clock and a world in it; `adjust` changes the configuration further.
    static func run<Value: Sendable>(
        adjust: @escaping @Sendable (inout ServerConfiguration) -> Void = { _ in },
        _ test: @Sendable (CaseWorld) async throws -> Value
    ) async throws -> Value {
        let clock = ManualClock(start)
        let configure = configure(clock)
        return try await TestApp.run(template: .world, configure: { configure(&$0); adjust(&$0) }) { client, database in
            try await test(try await make(client: client, database: database, clock: clock))
        }
    }

    func token(_ email: String) -> String { tokens.get(email) }

    static func filingJSON(respondentCode: String = respondentCode, mediationBodyId: String, ipType: String = "patent") -> String {
        """
        {"respondent": {"creditCode": "\(respondentCode)", "name": "Enterprise B"},
         "mediationBodyId": "\(mediationBodyId)",
         "ipRight": {"type": "\(ipType)", "identifier": "ZL202310001234.5", "title": "Optical lens assembly"},
         "claims": "Stop making the infringing lens and pay damages.", "amountClaimed": "250000.00"}
        """
    }

    /// Files a case as the complainant and returns its id. The clock moves on a second, so that cases
    /// filed one after the other have distinct filing times, as they would in life.
    func file(ipType: String = "patent", as email: String = complainant) async throws -> String {
        clock.advance(by: 1)
        let response = try await client.call(
            .post, "/v1/cases", token: token(email), json: Self.filingJSON(mediationBodyId: mediationBodyId, ipType: ipType))
        guard response.status == .created, let id = try response.json()["id"] as? String else {
            throw TestFailure("filing failed: \(response.status) \(response.text)")
        }
        return id.lowercased()
    }

    func read(_ caseId: String, as email: String = complainant) async throws -> [String: Any] {
        let response = try await client.call(.get, "/v1/cases/\(caseId)", token: token(email))
        guard response.status == .ok else { throw TestFailure("read failed: \(response.status) \(response.text)") }
        return try response.json()
    }

    func state(_ caseId: String) async throws -> String {
        try await read(caseId, as: Self.admin)["state"] as? String ?? "?"
    }

    func version(_ caseId: String) async throws -> Int {
        try await read(caseId, as: Self.admin)["version"] as? Int ?? 0
    }

    /// Takes an action with the case's current ETag (or the one given) and returns the raw response.
    func act(
        _ caseId: String, _ action: String, as email: String, fields: [String: Any] = [:], ifMatch: String? = nil
    ) async throws -> TestResponse {
        let today = CalendarDay(clock.now, in: TimeZone(identifier: "Asia/Shanghai")!).description
        var body = try await Self.completed(fields, for: action, today: today) { try await self.read(caseId, as: email) }
        body["action"] = action
        let json = String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self)
        let etag = if let ifMatch { ifMatch } else { "\"\(try await version(caseId))\"" }
        return try await client.call(
            .post, "/v1/cases/\(caseId)/transitions", token: token(email), json: json, headers: [.ifMatch: etag])
    }

    /// What a client fills in from what it was shown, unless the test gives it: a signature names the hash of
    /// the terms the case shows; an agreement or award is to be performed by today (so that non-performance may
    /// be reported from tomorrow); a ruling has its number and today's date.
    static func completed(
        _ fields: [String: Any], for action: String, today: String, read: () async throws -> [String: Any]
    ) async throws -> [String: Any] {
        var body = fields
        switch action {
        case "signAgreement" where body["termsSha256"] == nil:
            if let hash = (try await read()["agreement"] as? [String: Any])?["termsSha256"] as? String { body["termsSha256"] = hash }
        case "draftAgreement", "issueAward":
            if body["performanceDueOn"] == nil { body["performanceDueOn"] = today }
        case "confirmAgreement", "denyConfirmation":
            if body["rulingNumber"] == nil { body["rulingNumber"] = "(2026)粤0305民特1号" }
            if body["rulingDate"] == nil { body["rulingDate"] = today }
        default: break
        }
        return body
    }

    /// Takes an action that must succeed, and returns the case's new state.
    @discardableResult
    func must(_ caseId: String, _ action: String, as email: String, fields: [String: Any] = [:]) async throws -> String {
        let response = try await act(caseId, action, as: email, fields: fields)
        guard response.status == .ok else {
            throw TestFailure("\(action) by \(email) failed: \(response.status) \(response.text)")
        }
        return try response.json()["state"] as? String ?? "?"
    }

    /// The English texts of a user's notifications, newest first.
    func notifications(of email: String) async throws -> [String] {
        let page = try await client.call(.get, "/v1/notifications?limit=100", token: token(email)).json()
        return (page["items"] as? [[String: Any]] ?? []).compactMap { ($0["text"] as? [String: Any])?["en"] as? String }
    }

    func events(_ caseId: String, as email: String = complainant) async throws -> [[String: Any]] {
        let response = try await client.call(.get, "/v1/cases/\(caseId)/events?limit=100", token: token(email))
        guard response.status == .ok else { throw TestFailure("events failed: \(response.status) \(response.text)") }
        return try response.json()["items"] as? [[String: Any]] ?? []
    }

    func advance(days: Int) async throws {
        clock.advance(by: TimeInterval(days) * 86_400)
        let renewed = try await Self.openSessions(for: userIds, database: database, at: clock.now)
        for email in tokens.emails { tokens.set(email, renewed[email]!) }
    }

    /// A fresh session for each of the world's people, as a login would open it.
    static func openSessions(
        for userIds: [String: String], database: Database, at now: Date
    ) async throws -> [String: String] {
        let sessions = SessionStore(database: database)
        var tokens: [String: String] = [:]
        for email in emails {
            guard let id = userIds[email].flatMap(UUID.init(uuidString:)) else { throw TestFailure("no user \(email)") }
            tokens[email] = try await sessions.create(
                userId: id, now: now, lifetime: .init(), clientAddress: "127.0.0.1", userAgent: "tests", logger: TestPostgres.logger
            ).token
        }
        return tokens
    }

    /// Fires every due timer, as the server's scheduler would on its next tick.
    @discardableResult
    func runTimers() async throws -> Int {
        try await runTimersReportingMetrics().fired
    }

    /// Fires what is due, and says what the scheduler's `/metrics` text showed afterwards.
    func runTimersReportingMetrics() async throws -> (fired: Int, metrics: String) {
        var configuration = TestApp.configuration()
        configuration.clock = clock
        let dependencies = try AppDependencies(configuration: configuration, database: database, logger: TestPostgres.logger)
        let fired = await dependencies.timerScheduler(interval: .seconds(60)).runDue()
        return (fired, dependencies.metrics.text)
    }

    // The common beginnings of every path.

    /// Filed, accepted and consented to: in mediation with the first mediator assigned.
    func inMediation() async throws -> String {
        let id = try await file()
        try await must(id, "accept", as: Self.mediator)
        try await must(id, "respondentConsents", as: Self.respondent)
        try await must(id, "assignMediator", as: Self.mediator, fields: ["mediatorUserId": userIds[Self.mediator]!])
        return id
    }

    /// Settled by an agreement both parties signed.
    func settled(decidesOwnership: Bool = false) async throws -> String {
        let id = try await inMediation()
        try await must(
            id, "draftAgreement", as: Self.mediator,
            fields: ["terms": "B stops and pays 100000 CNY by 2026-06-30.", "determinesOwnershipOrValidity": decidesOwnership])
        try await must(id, "signAgreement", as: Self.complainant)
        let state = try await must(id, "signAgreement", as: Self.respondent)
        guard state == "settled" else { throw TestFailure("expected settled, got \(state)") }
        return id
    }

    /// Mediation failed: the mediator declared it.
    func mediationFailed() async throws -> String {
        let id = try await inMediation()
        try await must(id, "declareMediationFailed", as: Self.mediator, fields: ["reason": "No common ground on damages."])
        return id
    }

    /// Confirmed by the court, reported as not performed the day after the performance due day, answered by the
    /// respondent and decided not performed by the mediator: the case closes and proposes a kind-6 credit record.
    @discardableResult
    func decidedNotPerformed(_ id: String, reason: String = "B has not paid.") async throws -> String {
        try await advance(days: 1)
        try await must(id, "reportNonPerformance", as: Self.complainant, fields: ["reason": reason])
        try await must(id, "answerNonPerformance", as: Self.respondent, fields: ["answer": "We are short of cash."])
        return try await must(id, "decideNotPerformed", as: Self.mediator, fields: ["reason": reason])
    }

    /// Both parties applied to the court.
    func confirmationRequested() async throws -> String {
        let id = try await settled()
        try await must(id, "applyForConfirmation", as: Self.complainant, fields: ["courtId": courtId])
        let state = try await must(id, "consentToConfirmation", as: Self.respondent)
        guard state == "confirmation_requested" else { throw TestFailure("expected confirmation_requested, got \(state)") }
        return id
    }
}

/// The world's bearer tokens, renewed when the clock moves past their lifetime.
final class TokenBox: Sendable {
    private let tokens: Mutex<[String: String]>

    init(_ tokens: [String: String]) { self.tokens = Mutex(tokens) }

    var emails: [String] { tokens.withLock { Array($0.keys) } }
    func get(_ email: String) -> String { tokens.withLock { $0[email]! } }
    func set(_ email: String, _ token: String) { tokens.withLock { $0[email] = token } }
}
