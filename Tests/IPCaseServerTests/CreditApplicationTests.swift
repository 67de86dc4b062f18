import Foundation
import HTTPTypes
import HummingbirdTesting
import IPCaseDomain
import PostgresNIO
import Testing
@testable import IPCaseServer

/// Objections, repairs and commitments, each moved by its workflow in Policies/workflows/: through HTTP
/// against PostgreSQL, on the world's manual clock (it starts on Monday 2026-03-02).
@Suite("Credit objections, repairs and commitments")
struct CreditApplicationTests {
    typealias W = CaseWorld

    /// A general kind-5 finding against the respondent decided on `date`; its id.
    static func record(_ world: CaseWorld, date: String = "2026-02-20", kind: String = "5", tier: String = "general",
        months: Int? = 6
    ) async throws -> String {
        let created = try await world.client.call(
            .post, "/v1/credit/records", token: world.token(W.regulator),
            json: CreditRecordTests.findingJSON(kind: kind, tier: tier, date: date, months: months))
        guard created.status == .created else { throw TestFailure("record: \(created.status) \(created.text)") }
        return try #require(try created.json()["id"] as? String)
    }

    /// Takes an action on an application with its current version as If-Match.
    /// The respondent applies to repair `record` after its 58-day wait, and the regulator accepts and approves:
    /// the answer to the approval.
    @discardableResult
    static func repaired(_ world: CaseWorld, _ record: String) async throws -> TestResponse {
        try await world.advance(days: 58)
        let applied = try await world.client.call(
            .post, "/v1/credit/records/\(record)/repairs", token: world.token(CaseWorld.respondent),
            json: #"{"statement": "Returned the funding.", "commitment": "We commit."}"#)
        let path = "/v1/credit/repairs/\(try #require(try applied.json()["id"] as? String))"
        _ = try await act(world, path, "accept", as: CaseWorld.regulator)
        return try await act(world, path, "approve", as: CaseWorld.regulator)
    }

    static func act(
        _ world: CaseWorld, _ path: String, _ action: String, as email: String, fields: [String: Any] = [:]
    ) async throws -> TestResponse {
        let current = try await world.client.call(.get, path, token: world.token(email))
        guard let etag = current.headers[.eTag] else { throw TestFailure("no ETag for \(path): \(current.status)") }
        var body = fields
        body["action"] = action
        let json = String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self)
        return try await world.client.call(.post, path + "/transitions", token: world.token(email), json: json, headers: [.ifMatch: etag])
    }

    static func profile(_ world: CaseWorld) async throws -> [String: Any] {
        try await world.client.call(.get, "/v1/credit/subjects/\(W.respondentCode)", token: world.token(W.regulator)).json()
    }

    @Test("an objection within the window goes to the recording authority; upheld, it revokes the record in the record's own chain")
    func objectionUpheld() async throws {
        try await W.run { world in
            let recordId = try await Self.record(world)
            #expect(try await Self.profile(world)["score"] as? Int == 90)
            let refused = try await world.client.call(
                .post, "/v1/credit/records/\(recordId)/objections", token: world.token(W.outsider), json: #"{"grounds": "x"}"#)
            #expect(refused.status == .notFound)  // not its record, and it may not even read it

            let submitted = try await world.client.call(
                .post, "/v1/credit/records/\(recordId)/objections", token: world.token(W.respondent),
                json: #"{"grounds": "The commitment was kept: the report was filed on time."}"#)
            #expect(submitted.status == .created)
            let objection = try submitted.json()
            let id = try #require(objection["id"] as? String)
            #expect(objection["state"] as? String == "pending")
            #expect((objection["availableActions"] as? [Any])?.isEmpty == true)  // the subject may not decide it
            let second = try await world.client.call(
                .post, "/v1/credit/records/\(recordId)/objections", token: world.token(W.respondent), json: #"{"grounds": "again"}"#)
            #expect(second.status == .unprocessableContent)

            // The recording authority is told and sees what it may do.
            let notices = try await world.client.call(.get, "/v1/notifications", token: world.token(W.regulator)).json()
            #expect((notices["items"] as? [[String: Any]] ?? []).contains { $0["subjectType"] as? String == "creditObjection" })
            let asRegulator = try await world.client.call(.get, "/v1/credit/objections/\(id)", token: world.token(W.regulator)).json()
            let offered = (asRegulator["availableActions"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            #expect(Set(offered) == ["uphold", "reject"])
            let pending = try await world.client.call(.get, "/v1/credit/objections?state=pending", token: world.token(W.regulator)).json()
            #expect((pending["items"] as? [[String: Any]])?.map { $0["id"] as? String } == [id])
            let own = try await world.client.call(.get, "/v1/credit/objections", token: world.token(W.outsider)).json()
            #expect((own["items"] as? [Any])?.isEmpty == true)
            let unknown = try await world.client.call(.get, "/v1/credit/objections?q=optics", token: world.token(W.regulator))
            #expect(unknown.status == .badRequest)

            let bare = try await world.client.call(
                .post, "/v1/credit/objections/\(id)/decision", token: world.token(W.regulator), json: #"{"decision": "upheld", "reason": "ok"}"#)
            #expect(bare.status == .preconditionRequired)
            let etag = try #require(try await world.client.call(.get, "/v1/credit/objections/\(id)", token: world.token(W.regulator)).headers[.eTag])
            let decided = try await world.client.call(
                .post, "/v1/credit/objections/\(id)/decision", token: world.token(W.regulator),
                json: #"{"decision": "upheld", "reason": "The report was filed on 2026-02-18."}"#, headers: [.ifMatch: etag])
            #expect(decided.status == .ok)
            let body = try decided.json()
            #expect(body["state"] as? String == "decided")
            #expect(body["outcome"] as? String == "upheld")

            let record = try await world.client.call(.get, "/v1/credit/records/\(recordId)", token: world.token(W.regulator)).json()
            #expect(record["status"] as? String == "revoked")
            #expect(try await Self.profile(world)["score"] as? Int == 100)
            let events = try await world.database.query(
                "SELECT action FROM events WHERE subject_type = 'creditRecord' AND subject_id = \(UUID(uuidString: recordId)!) ORDER BY seq",
                logger: TestPostgres.logger)
            var actions: [String] = []
            for try await action in events.decode(String.self) { actions.append(action) }
            #expect(actions == ["record", "submit", "uphold", "revoke"])
            #expect(try await ChainVerification.verify(nil, on: world.database, logger: TestPostgres.logger).isIntact)
        }
    }

    @Test("an objection after its window is refused, naming the record and the day it closed")
    func objectionWindowCloses() async throws {
        try await W.run { world in
            let recordId = try await Self.record(world)
            try await world.advance(days: 16)
            let late = try await world.client.call(
                .post, "/v1/credit/records/\(recordId)/objections", token: world.token(W.respondent), json: #"{"grounds": "late"}"#)
            #expect(late.status == .unprocessableContent)
            let error = try #require((try late.json()["errors"] as? [[String: Any]])?.first)
            #expect(error["field"] as? String == "recordId")
            #expect((error["message"] as? String)?.contains("2026-03-17") == true)
        }
    }

    @Test("repair is refused before eligibility; its working-day limits skip Labour Day and count the adjusted Saturday; approved, the record is repaired")
    func repairAcrossHolidays() async throws {
        try await W.run { world in
            // A general finding decided 2026-01-20: repair may be applied for from 2026-04-20.
            let recordId = try await Self.record(world, date: "2026-01-20")
            let body = #"{"statement": "The false statement was corrected and the funding returned.", "commitment": "本企业承诺所提交材料真实有效。"}"#
            let early = try await world.client.call(
                .post, "/v1/credit/records/\(recordId)/repairs", token: world.token(W.respondent), json: body)
            #expect(early.status == .unprocessableContent)
            #expect((try early.json()["errors"] as? [[String: Any]])?.first?["message"] as? String == "repair may be applied for from 2026-04-20")

            // Wednesday 2026-04-29: 3 working days skip the Labour Day holiday (May 1–5) and end on Thursday May 7.
            try await world.advance(days: 58)
            let applied = try await world.client.call(
                .post, "/v1/credit/records/\(recordId)/repairs", token: world.token(W.respondent), json: body)
            #expect(applied.status == .created)
            let repair = try applied.json()
            let id = try #require(repair["id"] as? String)
            #expect(repair["dueOn"] as? String == "2026-05-07")
            let path = "/v1/credit/repairs/\(id)"

            // The day before the limit (the working day Wednesday May 6), the authority is reminded.
            try await world.advance(days: 7)
            _ = try await world.runTimers()
            let notices = try await world.client.call(.get, "/v1/notifications", token: world.token(W.regulator)).json()
            let texts = (notices["items"] as? [[String: Any]] ?? []).compactMap { ($0["text"] as? [String: String])?["en"] }
            #expect(texts.contains("The repair application \(String(id.prefix(8))) must be accepted or returned by 2026-05-07."))

            // Accepted on Thursday May 7: 7 working days count Saturday May 9 (adjusted) and end on Friday May 15.
            try await world.advance(days: 1)
            let accepted = try await Self.act(world, path, "accept", as: W.regulator)
            #expect(accepted.status == .ok)
            #expect(try accepted.json()["dueOn"] as? String == "2026-05-15")
            let extended = try await Self.act(world, path, "extendDecision", as: W.regulator, fields: ["reason": "Waiting for the court's certificate."])
            #expect(try extended.json()["dueOn"] as? String == "2026-05-26")
            let twice = try await Self.act(world, path, "extendDecision", as: W.regulator, fields: ["reason": "again"])
            #expect(twice.status == .unprocessableContent)

            // Past the limit it shows as overdue.
            try await world.advance(days: 20)
            let late = try await world.client.call(.get, path, token: world.token(W.respondent)).json()
            #expect(late["overdue"] as? Bool == true)

            let approved = try await Self.act(world, path, "approve", as: W.regulator)
            #expect(approved.status == .ok)
            #expect(try approved.json()["outcome"] as? String == "approved")
            let record = try await world.client.call(.get, "/v1/credit/records/\(recordId)", token: world.token(W.respondent)).json()
            #expect(record["status"] as? String == "repaired")
            let profile = try await Self.profile(world)
            #expect(profile["score"] as? Int == 100)
            #expect((profile["records"] as? [[String: Any]])?.first?["notCounting"] as? String == "repaired")
            #expect(try await ChainVerification.verify(nil, on: world.database, logger: TestPostgres.logger).isIntact)
        }
    }

    @Test("a working-day limit that would run into a year the calendar does not cover is refused, not guessed")
    func beyondTheCalendar() async throws {
        try await W.run { world in
            let recordId = try await Self.record(world, kind: "1", tier: "minor", months: nil)  // repairable at once
            try await world.advance(days: 302)  // Tuesday 2026-12-29: the third working day falls in 2027
            let refused = try await world.client.call(
                .post, "/v1/credit/records/\(recordId)/repairs", token: world.token(W.respondent),
                json: #"{"statement": "Corrected.", "commitment": "We commit."}"#)
            #expect(refused.status == .serviceUnavailable)
            #expect(try refused.json()["detail"] as? String == "This limit counts working days into 2027, which the working-day calendar does not cover yet (covered: 2026–2026). An administrator must add 2027 to Policies/calendar/.")
        }
    }

    @Test("a breached commitment becomes a kind-5 record; a kept one a positive record; enterprises list their own")
    func commitments() async throws {
        try await W.run { world in
            let sign = #"{"purpose": "funding", "text": "本企业承诺申报材料真实，资助资金专款专用。", "validUntil": "2026-12-31"}"#
            let signed = try await world.client.call(.post, "/v1/credit/commitments", token: world.token(W.respondent), json: sign)
            #expect(signed.status == .created)
            let id = try #require(try signed.json()["id"] as? String)
            let other = try await world.client.call(.post, "/v1/credit/commitments", token: world.token(W.outsider), json: sign)
            let otherId = try #require(try other.json()["id"] as? String)
            let bad = try await world.client.call(
                .post, "/v1/credit/commitments", token: world.token(W.respondent),
                json: #"{"purpose": "lottery", "text": "", "validUntil": "2020-01-01"}"#)
            #expect(Set((try bad.json()["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }) == ["purpose", "text", "validUntil"])

            let mine = try await world.client.call(.get, "/v1/credit/commitments", token: world.token(W.respondent)).json()
            #expect((mine["items"] as? [[String: Any]])?.map { $0["id"] as? String } == [id])
            let all = try await world.client.call(.get, "/v1/credit/commitments?purpose=funding", token: world.token(W.regulator)).json()
            #expect((all["items"] as? [Any])?.count == 2)

            let breach = try await Self.act(world, "/v1/credit/commitments/\(id)", "reportBreach", as: W.regulator, fields: [
                "decisionNumber": "深市监知信〔2026〕40号", "legalBasis": "知识产权信用管理规定 第六条第（五）项",
                "facts": "资助资金挪作他用。",
            ])
            #expect(breach.status == .ok)
            #expect(try breach.json()["outcome"] as? String == "breached")
            let profile = try await Self.profile(world)
            let records = profile["records"] as? [[String: Any]] ?? []
            #expect(records.count == 1)
            #expect((records.first?["record"] as? [String: Any])?["kind"] as? String == "5")
            #expect(profile["score"] as? Int == 90)

            let kept = try await Self.act(world, "/v1/credit/commitments/\(otherId)", "confirmKept", as: W.regulator, fields: [
                "decisionNumber": "深市监知信〔2026〕41号", "legalBasis": "信用承诺管理办法", "facts": "承诺事项均已履行。",
            ])
            #expect(kept.status == .ok)
            let outsider = try await world.client.call(
                .get, "/v1/credit/subjects/91440300MA5H0HLK5U", token: world.token(W.regulator)).json()
            #expect(outsider["grade"] as? String == "A+")
            #expect(outsider["score"] as? Int == 102)
        }
    }
}

@Suite("Credit documents, idempotency and recompute")
struct CreditDocumentTests {
    typealias W = CaseWorld

    /// A raw text upload as `email`.
    static func upload(_ world: CaseWorld, _ uri: String, as email: String, _ text: String) async throws -> TestResponse {
        var headers = HTTPFields()
        headers[.authorization] = "Bearer \(world.token(email))"
        headers[.contentType] = "text/plain"
        return try await world.client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: text))
    }

    @Test("a repair's proof is uploaded on the shared document store and recorded in the record's chain; a decided one takes no more")
    func repairDocuments() async throws {
        try await W.run { world in
            let recordId = try await CreditApplicationTests.record(world, kind: "1", tier: "minor", months: nil)
            let applied = try await world.client.call(
                .post, "/v1/credit/records/\(recordId)/repairs", token: world.token(W.respondent),
                json: #"{"statement": "Corrected.", "commitment": "We commit."}"#)
            let id = try #require(try applied.json()["id"] as? String)
            let path = "/v1/credit/repairs/\(id)"
            let uploaded = try await Self.upload(world, "\(path)/documents?filename=receipt.txt&kind=proof", as: W.respondent, "fee paid on 2026-02-27")
            #expect(uploaded.status == .created)
            let outsider = try await Self.upload(world, "\(path)/documents?filename=x.txt&kind=proof", as: W.outsider, "x")
            #expect(outsider.status == .notFound)
            let listed = try await world.client.call(.get, "\(path)/documents", token: world.token(W.regulator)).json()
            let document = try #require((listed["items"] as? [[String: Any]])?.first)
            #expect(document["kind"] as? String == "proof")
            let content = try await world.client.call(
                .get, "\(path)/documents/\(try #require(document["id"] as? String))/content", token: world.token(W.regulator))
            #expect(content.text == "fee paid on 2026-02-27")

            let events = try await world.database.query(
                "SELECT action FROM events WHERE subject_type = 'creditRecord' AND subject_id = \(UUID(uuidString: recordId)!) ORDER BY seq",
                logger: TestPostgres.logger)
            var actions: [String] = []
            for try await action in events.decode(String.self) { actions.append(action) }
            #expect(actions == ["record", "submit", "submitDocument"])

            _ = try await CreditApplicationTests.act(world, path, "return", as: W.regulator, fields: ["reason": "The receipt is unsigned."])
            let late = try await Self.upload(world, "\(path)/documents?filename=y.txt&kind=proof", as: W.respondent, "y")
            #expect(late.status == .conflict)
            #expect(try await ChainVerification.verify(nil, on: world.database, logger: TestPostgres.logger).isIntact)
        }
    }

    @Test("the recording authority adds the decision to a record; its subject reads it; nobody else does")
    func recordDocuments() async throws {
        try await W.run { world in
            let recordId = try await CreditApplicationTests.record(world)
            let path = "/v1/credit/records/\(recordId)/documents"
            let added = try await Self.upload(world, "\(path)?filename=decision.txt&kind=decision", as: W.regulator, "决定书正文")
            #expect(added.status == .created)
            #expect(try await Self.upload(world, "\(path)?filename=x.txt&kind=decision", as: W.respondent, "x").status == .forbidden)
            #expect(try await Self.upload(world, "\(path)?filename=x.txt&kind=proof", as: W.regulator, "x").status == .unprocessableContent)
            let listed = try await world.client.call(.get, path, token: world.token(W.respondent)).json()
            let id = try #require((listed["items"] as? [[String: Any]])?.first?["id"] as? String)
            #expect(try await world.client.call(.get, "\(path)/\(id)/content", token: world.token(W.respondent)).text == "决定书正文")
            #expect(try await world.client.call(.get, path, token: world.token(W.outsider)).status == .notFound)
        }
    }

    @Test("a finding sent twice with one Idempotency-Key is recorded once")
    func idempotentFinding() async throws {
        try await W.run { world in
            let body = CreditRecordTests.findingJSON()
            let first = try await world.client.call(
                .post, "/v1/credit/records", token: world.token(W.regulator), json: body, headers: [IdempotencyKeys.header: "finding-1"])
            let second = try await world.client.call(
                .post, "/v1/credit/records", token: world.token(W.regulator), json: body, headers: [IdempotencyKeys.header: "finding-1"])
            #expect(first.status == .created)
            #expect(second.status == .created)
            #expect(try first.json()["id"] as? String == (try second.json()["id"] as? String))
            let profile = try await CreditApplicationTests.profile(world)
            #expect((profile["records"] as? [Any])?.count == 1)
        }
    }

    @Test("recompute names the subjects whose published grade the model would now change")
    func recompute() async throws {
        try await W.run { world in
            let regulator = world.token(W.regulator)
            _ = try await CreditApplicationTests.record(world, kind: "5", tier: "general")
            _ = try await world.client.call(.post, "/v1/credit/subjects/\(W.respondentCode)/grades", token: regulator, json: "{}")
            _ = try await world.client.call(.post, "/v1/credit/subjects/91440300MA5H0HLK5U/grades", token: regulator, json: "{}")
            let model = try CreditRecompute.model(policies: TestPostgres.projectFiles.policies)
            let now = try await CreditRecompute.run(model: model, asOf: CalendarDay("2026-03-02")!, on: world.database, logger: TestPostgres.logger)
            #expect(now.differences.isEmpty)
            #expect(now.subjects == 2)
            // A year on, the finding's measures have ended: 90 points become 100 and A stays A; a second
            // finding before then makes it B, which differs from the published A.
            _ = try await CreditApplicationTests.record(world, date: "2026-03-01", kind: "2", tier: "general")
            let later = try await CreditRecompute.run(model: model, asOf: CalendarDay("2026-03-02")!, on: world.database, logger: TestPostgres.logger)
            #expect(later.differences == [.init(creditCode: W.respondentCode, published: "A", computed: "C", score: 75)])
        }
    }
}
