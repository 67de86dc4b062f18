import Crypto
import Foundation
import HTTPTypes
import HummingbirdTesting
import IPCaseDomain
import NIOCore
import PostgresNIO
import Testing
@testable import IPCaseServer

/// Cases as people work them, through HTTP against PostgreSQL: directories instead of UUIDs, names beside
/// ids, recusal and hand-over (never a takeover), answers and rulings on the record, fair non-performance,
/// sessions and minutes, the printable agreement, search and export, statistics, notifications newest first,
/// and errors that say who may act.
@Suite("Case work")
struct CaseWorkTests {
    typealias W = CaseWorld

    static func fields(_ response: TestResponse) throws -> [String] {
        (try response.json()["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
    }

    static func upload(
        _ world: CaseWorld, _ id: String, as email: String, kind: String = "evidence", confidential: Bool, extra: String = "",
        ifMatch: String? = nil
    ) async throws -> TestResponse {
        world.clock.advance(by: 1)
        var headers = HTTPFields()
        headers[.authorization] = "Bearer \(world.token(email))"
        headers[.contentType] = "text/plain"
        if let ifMatch { headers[.ifMatch] = ifMatch }
        return try await world.client.execute(
            uri: "/v1/cases/\(id)/documents?filename=note.txt&kind=\(kind)&confidential=\(confidential)\(extra)", method: .post,
            headers: headers, body: ByteBuffer(string: "The secret recipe"))
    }

    @Test("an enterprise files a case with what the directories give it, and sees the names of who serves it")
    func directories() async throws {
        try await W.run { world in
            let found = try await world.client.call(
                .get, "/v1/directory/organizations?kind=mediation_body&q=mediation", token: world.token(W.complainant)).json()
            let bodies = try #require(found["items"] as? [[String: Any]])
            #expect(Set(bodies.compactMap { $0["name"] as? String }) == ["Mediation Body", "Other Mediation Body"])
            #expect(bodies.allSatisfy { Set($0.keys).isSubset(of: ["id", "name", "kind", "region"]) })
            let body = try #require(bodies.first { $0["name"] as? String == "Mediation Body" }?["id"] as? String)
            // Only neutral kinds: no enterprise or regulator is revealed.
            #expect(try await world.client.call(
                .get, "/v1/directory/organizations?kind=enterprise", token: world.token(W.complainant)).status == .badRequest)
            let courts = try await world.client.call(.get, "/v1/directory/organizations?kind=court", token: world.token(W.complainant)).json()
            #expect((courts["items"] as? [[String: Any]])?.map { $0["name"] as? String } == ["People's Court"])

            let filed = try await world.client.call(
                .post, "/v1/cases", token: world.token(W.complainant), json: W.filingJSON(mediationBodyId: body))
            #expect(filed.status == .created)
            let id = try #require(try filed.json()["id"] as? String)
            #expect((try filed.json()["neutrals"] as? [String: Any])?["mediationBodyName"] as? String == "Mediation Body")

            // A mediator lists the body's colleagues to assign one; an enterprise may not.
            let colleagues = try await world.client.call(.get, "/v1/directory/colleagues", token: world.token(W.mediator)).json()
            let mediators = try #require(colleagues["items"] as? [[String: Any]])
            #expect(Set(mediators.compactMap { $0["name"] as? String }) == ["Mediator", "Mediator Two"])
            #expect(mediators.allSatisfy { Set($0.keys) == ["id", "name", "roles"] })
            #expect(try await world.client.call(.get, "/v1/directory/colleagues", token: world.token(W.complainant)).status == .forbidden)
            let mediatorId = try #require(mediators.first { $0["name"] as? String == "Mediator" }?["id"] as? String)
            try await world.must(id, "accept", as: W.mediator)
            try await world.must(id, "respondentConsents", as: W.respondent, fields: ["answer": "We made the lens before their patent."])
            try await world.must(id, "assignMediator", as: W.mediator, fields: ["mediatorUserId": mediatorId])
            let read = try await world.read(id, as: W.respondent)
            #expect((read["neutrals"] as? [String: Any])?["mediatorName"] as? String == "Mediator")
            #expect((read["respondentAnswer"] as? [String: Any])?["text"] as? String == "We made the lens before their patent.")
        }
    }

    @Test("a running mediation changes hands only by handing over or by a granted recusal; confidential evidence follows the neutral")
    func recusalAndHandOver() async throws {
        try await W.run { world in
            let id = try await world.inMediation()
            // A colleague may not take the case for themselves.
            let takeover = try await world.act(id, "assignMediator", as: W.mediator2, fields: ["mediatorUserId": world.userIds[W.mediator2]!])
            #expect(takeover.status == .unprocessableContent)
            #expect(try takeover.json()["guard"] as? String == "noMediatorYet")
            let handOverByColleague = try await world.act(id, "handOver", as: W.mediator2, fields: ["userId": world.userIds[W.mediator2]!])
            #expect(handOverByColleague.status == .forbidden)
            // The 403 says who may act, because the colleague may read the case.
            let mayAct = try handOverByColleague.json()["mayAct"] as? [[String: Any]] ?? []
            #expect(mayAct.map { $0["rule"] as? String } == ["case.mediator-acts"])

            let secret = try await Self.upload(world, id, as: W.complainant, confidential: true)
            let documentId = try #require(try secret.json()["id"] as? String)
            let path = "/v1/cases/\(id)/documents/\(documentId)"
            #expect(try await world.client.call(.get, path, token: world.token(W.mediator)).status == .ok)
            #expect(try await world.client.call(.get, path, token: world.token(W.mediator2)).status != .ok)

            // The assigned mediator hands over: the parties are told, and the confidential evidence follows.
            try await world.must(id, "handOver", as: W.mediator, fields: ["userId": world.userIds[W.mediator2]!, "reason": "Workload"])
            #expect(try await world.notifications(of: W.complainant).first?.contains("the mediator changed") == true)
            #expect(try await world.client.call(.get, path, token: world.token(W.mediator2)).status == .ok)
            #expect(try await world.client.call(.get, path, token: world.token(W.mediator)).status != .ok)

            // The respondent asks for the new mediator's recusal; who is recused may not decide it, and whoever
            // decides may not name themselves.
            #expect(try await world.act(id, "requestRecusal", as: W.respondent).status == .unprocessableContent)
            try await world.must(id, "requestRecusal", as: W.respondent, fields: ["reason": "The mediator advised the complainant last year."])
            #expect(try await world.notifications(of: W.complainant).contains { $0.contains("asks for the neutral's recusal") })
            let ownDecision = try await world.act(id, "grantRecusal", as: W.mediator2, fields: ["userId": world.userIds[W.mediator]!])
            #expect(ownDecision.status == .forbidden)
            let selfAppointed = try await world.act(id, "grantRecusal", as: W.mediator, fields: ["userId": world.userIds[W.mediator]!])
            #expect(try Self.fields(selfAppointed) == ["userId"])
            let provisioning = try AccountProvisioning(database: world.database, logger: TestPostgres.logger)
            _ = try await provisioning.createUser(
                email: "mediator3@body.test", displayName: "Mediator Three", password: Accounts.password, roles: [.mediator],
                organizationName: "Mediation Body", organizationKind: .mediationBody)
            var third = ""
            for try await userId in try await world.database.query(
                "SELECT id FROM users WHERE email = 'mediator3@body.test'", logger: TestPostgres.logger
            ).decode(UUID.self) { third = userId.uuidString.lowercased() }
            try await world.must(id, "grantRecusal", as: W.mediator, fields: ["userId": third, "reason": "A fair doubt."])
            let after = try await world.read(id)
            #expect((after["neutrals"] as? [String: Any])?["mediatorName"] as? String == "Mediator Three")
            #expect(after["recusal"] == nil)
            // The recused mediator loses the confidential evidence; the events show who was recused.
            #expect(try await world.client.call(.get, path, token: world.token(W.mediator2)).status != .ok)
            let events = try await world.events(id)
            let grant = try #require(events.last { $0["action"] as? String == "grantRecusal" })
            #expect((grant["payload"] as? [String: Any])?["recusedUserId"] as? String == world.userIds[W.mediator2]!)
        }
    }

    @Test("non-performance is reported only after the due day, answered within 10 days with proof, and decided; a missed window lets the decision proceed")
    func fairNonPerformance() async throws {
        try await W.run { world in
            let id = try await world.confirmationRequested()
            try await world.must(id, "acceptConfirmationApplication", as: W.judge)
            try await world.must(id, "confirmAgreement", as: W.judge, fields: ["rulingNumber": "(2026)粤0305民特88号", "rulingDate": "2026-03-02"])
            let confirmed = try await world.read(id)
            #expect((confirmed["ruling"] as? [String: Any])?["number"] as? String == "(2026)粤0305民特88号")
            let due = try #require(confirmed["performanceDueOn"] as? String)

            let early = try await world.act(id, "reportNonPerformance", as: W.complainant, fields: ["reason": "Not paid"])
            #expect(early.status == .unprocessableContent)
            #expect(try early.json()["guard"] as? String == "performanceDue")
            #expect((try early.json()["detail"] as? String)?.contains(due) == true)

            try await world.advance(days: 1)
            #expect(try await world.must(id, "reportNonPerformance", as: W.complainant, fields: ["reason": "Not paid"]) == "non_performance_reported")
            #expect(try await world.notifications(of: W.respondent).contains { $0.contains("answer with proof of performance") })
            // Nothing is proposed on a report alone.
            var proposals = 0
            for try await count in try await world.database.query("SELECT count(*) FROM credit_proposals", logger: TestPostgres.logger).decode(Int.self) {
                proposals = count
            }
            #expect(proposals == 0)
            let tooSoon = try await world.act(id, "decideNotPerformed", as: W.mediator, fields: ["reason": "No proof"])
            #expect(try tooSoon.json()["guard"] as? String == "nonPerformanceDecidable")

            // The respondent did not answer; after the window the mediator decides.
            try await world.advance(days: 11)
            let late = try await world.act(id, "answerNonPerformance", as: W.respondent, fields: ["answer": "Paid"])
            #expect(try late.json()["guard"] as? String == "answersNonPerformance")
            #expect(try await world.must(id, "decideNotPerformed", as: W.mediator, fields: ["reason": "No proof in 10 days"]) == "closed")
            for try await count in try await world.database.query("SELECT count(*) FROM credit_proposals", logger: TestPostgres.logger).decode(Int.self) {
                proposals = count
            }
            #expect(proposals == 1)
        }
    }

    @Test("an answer with proof leads to a decision of performance, and no credit proposal")
    func answeredNonPerformance() async throws {
        try await W.run { world in
            let id = try await world.confirmationRequested()
            try await world.must(id, "acceptConfirmationApplication", as: W.judge)
            try await world.must(id, "confirmAgreement", as: W.judge)
            try await world.advance(days: 1)
            try await world.must(id, "reportNonPerformance", as: W.complainant, fields: ["reason": "Not paid"])
            #expect(try await world.act(id, "answerNonPerformance", as: W.complainant, fields: ["answer": "x"]).status == .unprocessableContent)
            try await world.must(id, "answerNonPerformance", as: W.respondent, fields: ["answer": "Paid on time; bank slip attached."])
            let read = try await world.read(id)
            #expect(((read["nonPerformance"] as? [String: Any])?["answer"] as? [String: Any])?["text"] as? String == "Paid on time; bank slip attached.")
            #expect(try await world.must(id, "decidePerformed", as: W.mediator, fields: ["reason": "The slip shows payment."]) == "closed")
            #expect(try await world.read(id)["outcome"] as? String == "performed")
        }
    }

    @Test("signatures name the SHA-256 of the text signed, and the printable agreement shows them")
    func signaturesAndAgreementPage() async throws {
        try await W.run { world in
            let id = try await world.inMediation()
            let terms = "B stops making the lens and pays 100000 CNY."
            try await world.must(id, "draftAgreement", as: W.mediator, fields: ["terms": terms, "determinesOwnershipOrValidity": false])
            let hash = SHA256.hash(data: Data(terms.utf8)).map { String(format: "%02x", $0) }.joined()
            #expect(((try await world.read(id))["agreement"] as? [String: Any])?["termsSha256"] as? String == hash)
            let stale = try await world.act(id, "signAgreement", as: W.complainant, fields: ["termsSha256": String(repeating: "a", count: 64)])
            #expect(try stale.json()["guard"] as? String == "signsCurrentTerms")
            try await world.must(id, "signAgreement", as: W.complainant, fields: ["termsSha256": hash])
            try await world.must(id, "signAgreement", as: W.respondent, fields: ["termsSha256": hash])
            let signatures = ((try await world.read(id))["agreement"] as? [String: Any])?["signatures"] as? [String: [String: Any]]
            #expect(signatures?["complainant"]?["termsSha256"] as? String == hash)
            #expect(signatures?["respondent"]?["userId"] as? String == world.userIds[W.respondent])

            let page = try await world.client.call(.get, "/v1/cases/\(id)/agreement", token: world.token(W.respondent), headers: [.acceptLanguage: "zh-CN"])
            #expect(page.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(page.text.contains("调解协议书") && page.text.contains(hash) && page.text.contains("Enterprise B"))
            let english = try await world.client.call(.get, "/v1/cases/\(id)/agreement", token: world.token(W.respondent))
            #expect(english.text.contains("Mediation agreement"))
            #expect(try await world.client.call(.get, "/v1/cases/\(id)/agreement", token: world.token(W.outsider)).status == .notFound)
        }
    }

    @Test("the mediator schedules sessions and records minutes tied to them; the parties are told")
    func sessionsAndMinutes() async throws {
        try await W.run { world in
            let id = try await world.inMediation()
            let past = try await world.act(id, "scheduleSession", as: W.mediator, fields: ["startsAt": "2026-03-01T09:00:00+08:00", "place": "Room 3"])
            #expect(try past.json()["guard"] as? String == "validDates")
            let nowhere = try await world.act(id, "scheduleSession", as: W.mediator, fields: ["startsAt": "2026-03-10T09:30:00+08:00"])
            #expect(nowhere.status == .unprocessableContent)
            try await world.must(
                id, "scheduleSession", as: W.mediator, fields: ["startsAt": "2026-03-10T09:30:00+08:00", "place": "南山区调解中心 3 号室"])
            #expect(try await world.notifications(of: W.respondent).contains { $0.contains("session is scheduled") })
            let sessions = try #require((try await world.read(id))["sessions"] as? [[String: Any]])
            let sessionId = try #require(sessions.first?["id"] as? String)

            let version = try await world.version(id)
            let minutes = try await Self.upload(
                world, id, as: W.mediator, kind: "minutes", confidential: false, extra: "&sessionId=\(sessionId)", ifMatch: "\"\(version)\"")
            #expect(minutes.status == .created, "\(minutes.text)")
            let documentId = try #require(try minutes.json()["id"] as? String)
            let after = try #require((try await world.read(id))["sessions"] as? [[String: Any]])
            #expect((after.first?["minutes"] as? [String])?.map { $0.lowercased() } == [documentId.lowercased()])
            // Minutes name a session of the case, and only the mediator records them.
            let unknown = try await Self.upload(
                world, id, as: W.mediator, kind: "minutes", confidential: false, extra: "&sessionId=\(UUID().uuidString)",
                ifMatch: "\"\(try await world.version(id))\"")
            #expect(unknown.status == .unprocessableContent)
            let byParty = try await Self.upload(
                world, id, as: W.complainant, kind: "minutes", confidential: false, extra: "&sessionId=\(sessionId)",
                ifMatch: "\"\(try await world.version(id))\"")
            #expect(byParty.status == .forbidden)
            // A sessionId that is not a UUID is refused naming it, even beside a kind that does not use it.
            let malformed = try await Self.upload(
                world, id, as: W.mediator, kind: "statement", confidential: false, extra: "&sessionId=not-a-session")
            #expect(malformed.status == .unprocessableContent)
            #expect(malformed.text.contains("sessionId"))
        }
    }

    @Test("search by party name, number or credit code; CSV export; unknown parameters and a malformed If-Match are 400")
    func searchAndExport() async throws {
        try await W.run { world in
            let id = try await world.file()
            _ = try await world.file(ipType: "trademark")
            let number = try #require(try await world.read(id)["number"] as? String)
            for q in ["enterprise b", W.respondentCode, String(number.suffix(6))] {
                let found = try await world.client.call(
                    .get, "/v1/cases?q=\(q.replacingOccurrences(of: " ", with: "%20"))", token: world.token(W.mediator)).json()
                #expect(!((found["items"] as? [Any]) ?? []).isEmpty, "q=\(q)")
            }
            let none = try await world.client.call(.get, "/v1/cases?q=nothing-like-this", token: world.token(W.mediator)).json()
            #expect((none["items"] as? [Any])?.isEmpty == true)

            let unknown = try await world.client.call(.get, "/v1/cases?query=optics", token: world.token(W.mediator))
            #expect(unknown.status == .badRequest)
            #expect(try Self.fields(unknown) == ["query"])

            let csv = try await world.client.call(.get, "/v1/cases?format=csv", token: world.token(W.mediator))
            #expect(Array(csv.body.readableBytesView.prefix(3)) == [0xEF, 0xBB, 0xBF])
            #expect(csv.text.contains(number))

            let malformed = try await world.act(id, "accept", as: W.mediator, ifMatch: "1")
            #expect(malformed.status == .badRequest)
            #expect(try Self.fields(malformed) == ["If-Match"])
        }
    }

    @Test("regulators read aggregate statistics and nothing else of cases")
    func statistics() async throws {
        try await W.run { world in
            _ = try await world.settled()
            _ = try await world.mediationFailed()
            _ = try await world.file(ipType: "trademark")
            let response = try await world.client.call(.get, "/v1/statistics/cases?from=2026-01-01&to=2026-12-31", token: world.token(W.regulator))
            #expect(response.status == .ok)
            let body = try response.json()
            #expect(body["filed"] as? Int == 3)
            #expect((body["byIpType"] as? [String: Int])?["trademark"] == 1)
            #expect((body["byMonth"] as? [String: Int])?["2026-03"] == 3)
            #expect(body["mediationConcluded"] as? Int == 2 && body["settled"] as? Int == 1)
            #expect(body["settlementRate"] as? Double == 0.5)
            #expect((body["stages"] as? [[String: Any]])?.contains { $0["state"] as? String == "in_mediation" } == true)
            #expect(!response.text.contains("Enterprise B"))
            #expect(try await world.client.call(.get, "/v1/statistics/cases", token: world.token(W.complainant)).status == .forbidden)
            #expect(try await world.client.call(.get, "/v1/cases", token: world.token(W.regulator)).status == .forbidden)
            let backwards = try await world.client.call(.get, "/v1/statistics/cases?from=2026-12-31&to=2026-01-01", token: world.token(W.regulator))
            #expect(try Self.fields(backwards) == ["to"])
        }
    }

    @Test("notifications come newest first, with an unread count and mark-all-read")
    func notifications() async throws {
        try await W.run { world in
            let id = try await world.file()
            try await world.must(id, "accept", as: W.mediator)
            try await world.must(id, "respondentConsents", as: W.respondent)
            let page = try await world.client.call(.get, "/v1/notifications", token: world.token(W.complainant)).json()
            let texts = (page["items"] as? [[String: Any]] ?? []).compactMap { ($0["text"] as? [String: Any])?["en"] as? String }
            #expect(texts.first?.contains("consented") == true)
            let count = try await world.client.call(.get, "/v1/notifications/unread-count", token: world.token(W.complainant)).json()
            #expect(count["unread"] as? Int == texts.count)
            let marked = try await world.client.call(.post, "/v1/notifications/read-all", token: world.token(W.complainant)).json()
            #expect(marked["marked"] as? Int == texts.count)
            let none = try await world.client.call(.get, "/v1/notifications/unread-count", token: world.token(W.complainant)).json()
            #expect(none["unread"] as? Int == 0)
        }
    }
}
