import Crypto
import Foundation
import HTTPTypes
import HummingbirdTesting
import IPCaseDomain
import NIOCore
import PostgresNIO
import Testing
import ZIPFoundation
@testable import IPCaseServer

/// The whole life of a self-assessment through HTTP against PostgreSQL: answered, backed by dated evidence,
/// refused at submission and why, submitted, returned item by item, revised, approved under four eyes with
/// its hash in the chain, a positive credit proposal, evidence lapsing, expiry on the timers; then a
/// baseline and the comparison, the reports in their formats, the evidence package and the park summary.
@Suite("Compliance review, evidence and reports")
struct ComplianceReviewTests {
    typealias W = CaseWorld
    static let template = "db4403-t235-2022-enterprise"

    /// One assessment, as its enterprise (Enterprise B) and the regulators work on it.
    struct Assessment {
        let world: CaseWorld
        let id: String
        /// The enterprise user who answers it.
        var owner = W.respondent
        var path: String { "/v1/compliance/assessments/\(id)" }

        func read(as email: String? = nil) async throws -> (body: [String: Any], etag: String) {
            let response = try await world.client.call(.get, path, token: world.token(email ?? owner))
            guard response.status == .ok else { throw TestFailure("read: \(response.status) \(response.text)") }
            return (try response.json(), response.headers[.eTag] ?? "")
        }

        func answer(_ item: String, _ result: String) async throws -> TestResponse {
            try await world.client.call(
                .put, "\(path)/items/\(item)", token: world.token(owner), json: #"{"result": "\#(result)"}"#,
                headers: [.ifMatch: try await read().etag])
        }

        /// A raw upload with its evidence fields in the query.
        func upload(
            _ text: String, items: [String], effectiveOn: String?, expiresOn: String? = nil, supersedes: String? = nil,
            etag: String? = nil
        ) async throws -> TestResponse {
            var query = "filename=evidence.txt&items=\(items.joined(separator: ","))"
            if let effectiveOn { query += "&effectiveOn=\(effectiveOn)" }
            if let expiresOn { query += "&expiresOn=\(expiresOn)" }
            if let supersedes { query += "&supersedes=\(supersedes)" }
            var headers = HTTPFields()
            headers[.authorization] = "Bearer \(world.token(owner))"
            headers[.contentType] = "text/plain"
            headers[.acceptLanguage] = "en"
            if let etag { headers[.ifMatch] = etag } else { headers[.ifMatch] = try await read().etag }
            return try await world.client.execute(
                uri: "\(path)/evidence?\(query)", method: .post, headers: headers, body: ByteBuffer(string: text))
        }

        func post(_ action: String, json: String? = nil, as email: String) async throws -> TestResponse {
            try await world.client.call(.post, "\(path)/\(action)", token: world.token(email), json: json, headers: [.ifMatch: try await read(as: email).etag])
        }

        func state() async throws -> String { try await read().body["state"] as? String ?? "" }
    }

    /// The enterprise checklist's items in these implementation groups.
    static func items(in groups: Set<String>) throws -> [ChecklistTemplate.Item] {
        try #require(try PolicyStore.load(from: TestApp.configuration().projectFiles.policies).checklists.first { $0.id == template })
            .items(in: groups)
    }

    static func fields(_ response: TestResponse) throws -> [String] {
        (try response.json()["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
    }

    static func notifications(_ world: CaseWorld, _ email: String) async throws -> [String] {
        let page = try await world.client.call(.get, "/v1/notifications?limit=100", token: world.token(email)).json()
        return (page["items"] as? [[String: Any]] ?? []).compactMap { ($0["text"] as? [String: Any])?["en"] as? String }
    }

    @Test("answered, refused at submission naming the items, evidenced, submitted, returned, revised, approved under four eyes; a positive credit proposal; evidence lapsing; expiry")
    func wholeLife() async throws {
        try await W.run { world in
            let template = try #require(
                try PolicyStore.load(from: TestApp.configuration().projectFiles.policies).checklists.first { $0.id == Self.template })
            let items = template.items(in: ["basic"])
            let mandatory = items.filter { $0.importance == .mandatory }
            let needEvidence = mandatory.filter(\.evidenceRequired).map(\.id)
            let recommended = items.filter { $0.importance == .recommended }.map(\.id)
            #expect(recommended.count >= 2 && !needEvidence.isEmpty)
            let (partial, missing) = (recommended[0], recommended[1])

            let started = try await world.client.call(
                .post, "/v1/compliance/assessments", token: world.token(W.respondent),
                json: #"{"templateId": "\#(Self.template)", "groups": ["basic"]}"#)
            let a = Assessment(world: world, id: try #require(try started.json()["id"] as? String))
            for item in items {
                let result = item.id == partial ? "partial" : item.id == missing ? "non_compliant" : "compliant"
                #expect(try await a.answer(item.id, result).status == .ok)
            }

            // Mandatory items answered compliant need evidence in force: the refusal names them.
            let early = try await a.post("submit", as: W.respondent)
            #expect(early.status == .unprocessableContent)
            let detail = try early.json()["detail"] as? String ?? ""
            #expect(detail.contains("without evidence in force") && needEvidence.allSatisfy(detail.contains))

            // Bad evidence is refused naming the field, and nothing is stored.
            let backwards = try await a.upload("NDA", items: needEvidence, effectiveOn: "2026-01-01", expiresOn: "2025-12-31")
            #expect(backwards.status == .unprocessableContent)
            #expect(try Self.fields(backwards) == ["expiresOn"])
            let unknown = try await a.upload("NDA", items: ["s99.99"], effectiveOn: "2026-01-01")
            #expect(try Self.fields(unknown) == ["items"])
            #expect(try Self.fields(try await a.upload("NDA", items: needEvidence, effectiveOn: nil)) == ["effectiveOn"])
            #expect(try await a.upload("NDA", items: needEvidence, effectiveOn: "2026-01-01", etag: "\"1\"").status == .preconditionFailed)
            var stored = 0
            for try await count in try await world.database.query("SELECT count(*) FROM documents", logger: TestPostgres.logger).decode(Int.self) {
                stored = count
            }
            #expect(stored == 0)

            // Evidence not yet in force does not count; a new version that is, does, and keeps the old in the history.
            let future = try await a.upload("Signed NDAs, from next year", items: needEvidence, effectiveOn: "2027-01-01")
            #expect(future.status == .created)
            let futureId = try #require((try future.json()["evidence"] as? [[String: Any]])?.first?["documentId"] as? String)
            #expect(try await a.post("submit", as: W.respondent).status == .unprocessableContent)
            let evidenceText = "Signed NDAs and the confidentiality policy"
            let current = try await a.upload(
                evidenceText, items: needEvidence, effectiveOn: "2026-01-01", expiresOn: "2026-12-31", supersedes: futureId)
            #expect(current.status == .created)
            let pieces = try #require(try current.json()["evidence"] as? [[String: Any]])
            #expect(pieces.map { $0["version"] as? Int } == [1, 2])
            #expect(pieces.map { $0["inForce"] as? Bool } == [false, true])
            #expect(pieces.first?["supersededBy"] as? String == pieces.last?["documentId"] as? String)
            let listed = try await world.client.call(.get, "\(a.path)/evidence?inForce=true", token: world.token(W.respondent)).json()
            let listedItems = try #require(listed["items"] as? [[String: Any]])
            #expect(listedItems.count == 1)
            let digest = SHA256.hash(data: Data(evidenceText.utf8)).map { String(format: "%02x", $0) }.joined()
            #expect(listedItems.first?["sha256"] as? String == digest)

            // Submitted: the enterprise may no longer answer.
            let submitted = try await a.post("submit", as: W.respondent)
            #expect(submitted.status == .ok)
            #expect(try submitted.json()["state"] as? String == "submitted")
            #expect(try await a.answer(partial, "compliant").status == .conflict)

            // Returned with a comment on one item; only that item is revised.
            let returned = try await a.post(
                "review",
                json: #"{"decision": "return", "findings": [{"itemId": "\#(missing)", "result": "non_compliant", "comment": "No signed policy.", "return": true}, {"itemId": "\#(partial)", "comment": "Good enough for now."}]}"#,
                as: W.regulator)
            #expect(returned.status == .ok)
            let afterReturn = try returned.json()
            #expect(afterReturn["state"] as? String == "returned")
            #expect(afterReturn["returnedItems"] as? [String] == [missing])
            #expect(((afterReturn["findings"] as? [String: Any])?[missing] as? [String: Any])?["comment"] as? String == "No signed policy.")
            // The finding stands beside the enterprise's own answer, which is unchanged.
            #expect(((afterReturn["answers"] as? [String: Any])?[missing] as? [String: Any])?["result"] as? String == "non_compliant")
            let notReturned = try await a.answer(partial, "compliant")
            #expect(notReturned.status == .unprocessableContent)
            #expect(try await a.answer(missing, "compliant").status == .ok)
            #expect(try await a.post("submit", as: W.respondent).status == .ok)
            #expect(try await Self.notifications(world, W.regulator).contains { $0.contains("revised and submitted again") })

            // Four eyes: who returned items does not approve; another regulator does.
            let own = try await a.post("review", json: #"{"decision": "approve"}"#, as: W.regulator)
            #expect(own.status == .forbidden)
            let before = try await a.read(as: W.regulator2).body
            let reviewed = try #require(before["reviewedScore"] as? [String: Any])
            let approved = try await a.post("review", json: #"{"decision": "approve"}"#, as: W.regulator2)
            #expect(approved.status == .ok)
            let body = try approved.json()
            #expect(body["state"] as? String == "approved")
            let approval = try #require(body["approval"] as? [String: Any])
            #expect(approval["score"] as? Double == reviewed["score"] as? Double)
            #expect(approval["level"] as? String == reviewed["level"] as? String)
            #expect(approval["level"] as? String == "demonstration")
            #expect(approval["validUntil"] as? String == "2027-03-02")
            let hash = try #require(approval["assessmentHash"] as? String)
            var chained: [String] = []
            for try await payload in try await world.database.query(
                """
                SELECT payload->>'assessmentHash' FROM events
                WHERE subject_type = 'complianceAssessment' AND subject_id = \(UUID(uuidString: a.id)!) AND action = 'approve'
                """, logger: TestPostgres.logger
            ).decode(String.self) { chained.append(payload) }
            #expect(chained == [hash])
            #expect(try await ChainVerification.verify(nil, on: world.database, logger: TestPostgres.logger).isIntact)

            // Demonstration level proposes the positive record, for the credit capability to decide.
            let proposals = try await world.client.call(.get, "/v1/credit/proposals", token: world.token(W.regulator)).json()
            let proposal = try #require((proposals["items"] as? [[String: Any]])?.first { $0["sourceId"] as? String == a.id })
            #expect(proposal["kind"] as? String == "compliance_demonstration")
            #expect(proposal["creditCode"] as? String == W.respondentCode)

            // The evidence in force lapses on 2026-12-31: the enterprise is told 30 days before.
            try await world.advance(days: 274)  // 2026-12-01
            try await world.runTimers()
            #expect(try await Self.notifications(world, W.respondent).contains { $0.contains("lapses after 2026-12-31") })

            // The validity runs out: expired on the timers, and the proposal nobody decided is withdrawn.
            try await world.advance(days: 92)  // 2027-03-03
            try await world.runTimers()
            #expect(try await a.state() == "expired")
            var statuses: [String] = []
            for try await status in try await world.database.query(
                "SELECT status FROM credit_proposals WHERE source_id = \(UUID(uuidString: a.id)!)", logger: TestPostgres.logger
            ).decode(String.self) { statuses.append(status) }
            #expect(statuses == ["withdrawn"])
        }
    }

    /// An approved assessment at demonstration level, every item compliant and backed where mandatory.
    static func approved(_ world: CaseWorld, groups: String = #"["basic"]"#) async throws -> Assessment {
        let started = try await world.client.call(
            .post, "/v1/compliance/assessments", token: world.token(W.respondent),
            json: #"{"templateId": "\#(Self.template)", "groups": \#(groups)}"#)
        let a = Assessment(world: world, id: try #require(try started.json()["id"] as? String))
        let scheme = try Self.items(in: ["basic"])
        for item in scheme { _ = try await a.answer(item.id, "compliant") }
        let mandatory = scheme.filter { $0.importance == .mandatory }.map(\.id)
        #expect(try await a.upload("Policy, NDAs, training records", items: mandatory, effectiveOn: "2026-01-01").status == .created)
        #expect(try await a.post("submit", as: W.respondent).status == .ok)
        #expect(try await a.post("review", json: #"{"decision": "approve"}"#, as: W.regulator).status == .ok)
        return a
    }

    @Test("a later approval at a lower level ends the positive record the earlier one brought, once confirmed")
    func laterLowerApprovalEndsCredit() async throws {
        try await W.run { world in
            let first = try await Self.approved(world)
            let proposals = try await world.client.call(.get, "/v1/credit/proposals?status=proposed", token: world.token(W.regulator)).json()
            let proposalId = try #require((proposals["items"] as? [[String: Any]])?.first?["id"] as? String, "\(proposals)")
            let confirmed = try await world.client.call(
                .post, "/v1/credit/proposals/\(proposalId)/confirm", token: world.token(W.regulator),
                json: #"{"decisionNumber": "深市监知〔2026〕1号", "legalBasis": "Nanshan compliance programme", "facts": "Approved at demonstration level.", "decisionDate": "2026-03-02"}"#)
            #expect(confirmed.status == .created || confirmed.status == .ok, "\(confirmed.text)")

            // A new round from the approved one, with one mandatory item now non-compliant: approved at a lower level.
            let next = try await world.client.call(
                .post, "/v1/compliance/assessments?baseline=\(first.id)", token: world.token(W.respondent),
                json: #"{"templateId": "\#(Self.template)", "groups": ["basic"]}"#)
            let b = Assessment(world: world, id: try #require(try next.json()["id"] as? String))
            let scheme = try Self.items(in: ["basic"])
            let weak = try #require(scheme.first { $0.importance == .mandatory }).id
            for item in scheme { _ = try await b.answer(item.id, item.id == weak ? "non_compliant" : "compliant") }
            #expect(try await b.post("submit", as: W.respondent).status == .ok)
            let approved = try await b.post("review", json: #"{"decision": "approve"}"#, as: W.regulator2)
            #expect(try approved.json()["approval"].flatMap { ($0 as? [String: Any])?["level"] as? String } == "insufficient")

            var statuses: [String] = []
            for try await status in try await world.database.query(
                "SELECT status FROM credit_records WHERE kind = 'compliance_demonstration'", logger: TestPostgres.logger
            ).decode(String.self) { statuses.append(status) }
            #expect(statuses == ["ended"])
            #expect(try await ChainVerification.verify(nil, on: world.database, logger: TestPostgres.logger).isIntact)
        }
    }

    @Test("a baseline carries answers and evidence over for re-confirmation; two assessments compare item by item")
    func baselineAndCompare() async throws {
        try await W.run { world in
            let first = try await Self.approved(world)
            let started = try await world.client.call(
                .post, "/v1/compliance/assessments?baseline=\(first.id)", token: world.token(W.respondent),
                json: #"{"templateId": "\#(Self.template)", "groups": ["basic"]}"#)
            #expect(started.status == .created)
            let body = try started.json()
            let b = Assessment(world: world, id: try #require(body["id"] as? String))
            #expect(body["baselineId"] as? String == first.id)
            let answers = try #require(body["answers"] as? [String: [String: Any]])
            #expect(!answers.isEmpty && answers.values.allSatisfy { $0["needsConfirmation"] as? Bool == true })
            #expect((body["evidence"] as? [[String: Any]])?.allSatisfy { $0["carriedOver"] as? Bool == true && $0["inForce"] as? Bool == true } == true)
            let refused = try await b.post("submit", as: W.respondent)
            #expect(try refused.json()["detail"].flatMap { ($0 as? String)?.contains("not yet confirmed") } == true)

            // A baseline that is not approved, or not the caller's, is refused naming it.
            let draft = try await world.client.call(
                .post, "/v1/compliance/assessments?baseline=\(b.id)", token: world.token(W.respondent),
                json: #"{"templateId": "\#(Self.template)", "groups": ["basic"]}"#)
            #expect(try Self.fields(draft) == ["baseline"])
            let theirs = try await world.client.call(
                .post, "/v1/compliance/assessments?baseline=\(first.id)", token: world.token(W.complainant),
                json: #"{"templateId": "\#(Self.template)", "groups": ["basic"]}"#)
            #expect(try Self.fields(theirs) == ["baseline"])

            let item = try #require(answers.keys.sorted().first)
            #expect(try await b.answer(item, "non_compliant").status == .ok)
            let compared = try await world.client.call(.get, "\(b.path)/compare/\(first.id)", token: world.token(W.respondent))
            #expect(compared.status == .ok)
            let comparison = try compared.json()
            let counts = try #require(comparison["counts"] as? [String: Int])
            #expect(counts["regressed"] == 1)
            #expect(counts["unchanged"] == answers.count - 1)
            let changed = (comparison["items"] as? [[String: Any]])?.filter { $0["change"] as? String == "regressed" }
            #expect(changed?.map { $0["itemId"] as? String } == [item])
            #expect(try await world.client.call(.get, "\(b.path)/compare/\(first.id)", token: world.token(W.outsider)).status == .notFound)
        }
    }

    @Test("the gap report as JSON, CSV with a BOM and a printable page with its SVG; the evidence package and its manifest")
    func reports() async throws {
        try await W.run { world in
            let started = try await world.client.call(
                .post, "/v1/compliance/assessments", token: world.token(W.respondent),
                json: #"{"templateId": "\#(Self.template)", "groups": ["basic"]}"#)
            let a = Assessment(world: world, id: try #require(try started.json()["id"] as? String))
            let scheme = try Self.items(in: ["basic"])
            let mandatory = try #require(scheme.first { $0.importance == .mandatory })
            let recommended = try #require(scheme.first { $0.importance == .recommended })
            _ = try await a.answer(recommended.id, "non_compliant")
            _ = try await a.answer(mandatory.id, "partial")

            let json = try await world.client.call(.get, "\(a.path)/gap-report", token: world.token(W.respondent)).json()
            let gaps = try #require(json["gaps"] as? [[String: Any]])
            // Mandatory first, whatever the result.
            #expect(gaps.map { $0["itemId"] as? String } == [mandatory.id, recommended.id])
            #expect((gaps.first?["typicalEvidence"] as? [String: Any])?["zh"] as? String == mandatory.evidence.zh)

            let csv = try await world.client.call(.get, "\(a.path)/gap-report?format=csv", token: world.token(W.respondent))
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(Array(csv.body.readableBytesView.prefix(3)) == [0xEF, 0xBB, 0xBF])
            #expect(csv.text.contains(mandatory.text.zh))
            #expect(csv.text.split(separator: "\r\n").count == 3)

            let page = try await world.client.call(
                .get, "\(a.path)/gap-report", token: world.token(W.respondent), headers: [.accept: "text/html", .acceptLanguage: "zh-CN"])
            #expect(page.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(page.text.contains("<svg") && page.text.contains("</svg>"))
            #expect(page.text.contains("商业秘密合规差距报告") && page.text.contains(mandatory.text.zh))
            let english = try await world.client.call(
                .get, "\(a.path)/gap-report?format=html", token: world.token(W.respondent), headers: [.acceptLanguage: "en"])
            #expect(english.text.contains("Trade-secret compliance gap report") && english.text.contains(mandatory.text.en))

            // The package holds the evidence in force, with its SHA-256 in the manifest.
            let text = "Confidentiality policy v3"
            #expect(try await a.upload(text, items: [mandatory.id], effectiveOn: "2026-01-01").status == .created)
            #expect(try await a.upload("Old training log", items: [recommended.id], effectiveOn: "2025-01-01", expiresOn: "2025-12-31").status == .created)
            let zip = try await world.client.call(.get, "\(a.path)/evidence-package", token: world.token(W.regulator))
            #expect(zip.headers[.contentType] == "application/zip")
            let archive = try Archive(data: Data(zip.body.readableBytesView), accessMode: .read)
            var manifest = Data()
            _ = try archive.extract(try #require(archive["manifest.json"])) { manifest.append($0) }
            let files = try #require((try JSONSerialization.jsonObject(with: manifest) as? [String: Any])?["files"] as? [[String: Any]])
            #expect(files.count == 1)  // the lapsed piece stays out
            let digest = SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
            #expect(files.first?["sha256"] as? String == digest)
            var content = Data()
            let path = try #require(files.first?["path"] as? String)
            _ = try archive.extract(try #require(archive[path])) { content.append($0) }
            #expect(String(decoding: content, as: UTF8.self) == text)
            #expect(try await world.client.call(.get, "\(a.path)/evidence-package", token: world.token(W.outsider)).status == .notFound)
        }
    }

    @Test("organisations get a park; regulators see the park's levels, expired and overdue assessments and frequent gaps, also as CSV")
    func parkSummary() async throws {
        try await W.run { world in
            // Both enterprises move into one park.
            var last: TestResponse?
            for email in [W.respondent, W.complainant] {
                let me = try await world.client.call(.get, "/v1/me", token: world.token(email)).json()
                let organizationId = try #require((me["organization"] as? [String: Any])?["id"] as? String)
                let organization = try await world.client.call(.get, "/v1/organizations/\(organizationId)", token: world.token(W.admin))
                let moved = try await world.client.call(
                    .patch, "/v1/organizations/\(organizationId)", token: world.token(W.admin), json: #"{"park": "南山智园"}"#,
                    headers: [.ifMatch: organization.headers[.eTag] ?? ""])
                #expect(try moved.json()["park"] as? String == "南山智园")
                last = moved
            }
            let moved = try #require(last)
            let tooLong = try await world.client.call(
                .patch, "/v1/organizations/\(try #require(try moved.json()["id"] as? String))", token: world.token(W.admin),
                json: #"{"park": "\#(String(repeating: "园", count: 101))"}"#, headers: [.ifMatch: moved.headers[.eTag] ?? ""])
            #expect(try Self.fields(tooLong) == ["park"])

            _ = try await Self.approved(world)
            // Enterprise A's, submitted, then left past its review's 30 days.
            let started = try await world.client.call(
                .post, "/v1/compliance/assessments", token: world.token(W.complainant), json: #"{"templateId": "\#(Self.template)"}"#)
            let waiting = Assessment(world: world, id: try #require(try started.json()["id"] as? String), owner: W.complainant)
            let scheme = try Self.items(in: ["basic", "advanced"])
            let gap = try #require(scheme.first { $0.importance == .recommended }).id
            for item in scheme { _ = try await waiting.answer(item.id, item.id == gap ? "non_compliant" : "compliant") }
            _ = try await waiting.upload("All of it", items: scheme.filter { $0.importance == .mandatory }.map(\.id), effectiveOn: "2026-01-01")
            #expect(try await waiting.post("submit", as: W.complainant).status == .ok)
            try await world.advance(days: 31)

            let park = "%E5%8D%97%E5%B1%B1%E6%99%BA%E5%9B%AD"
            let summary = try await world.client.call(.get, "/v1/compliance/summary?park=\(park)", token: world.token(W.regulator))
            #expect(summary.status == .ok)
            let body = try summary.json()
            #expect(body["organizations"] as? Int == 2)
            #expect((body["levels"] as? [String: Int])?["demonstration"] == 1)
            #expect((body["levels"] as? [String: Int])?["none"] == 1)
            #expect((body["overdue"] as? [[String: Any]])?.map { $0["assessmentId"] as? String } == [waiting.id])
            #expect((body["frequentGaps"] as? [[String: Any]])?.first?["itemId"] as? String == gap)
            let csv = try await world.client.call(.get, "/v1/compliance/summary?park=\(park)&format=csv", token: world.token(W.regulator))
            #expect(Array(csv.body.readableBytesView.prefix(3)) == [0xEF, 0xBB, 0xBF])
            #expect(csv.text.contains("overdue,") && csv.text.contains("level,demonstration,1"))
            #expect(try await world.client.call(.get, "/v1/compliance/summary?park=\(park)", token: world.token(W.respondent)).status == .forbidden)
            #expect(try Self.fields(try await world.client.call(.get, "/v1/compliance/summary", token: world.token(W.regulator))) == ["park"])

            // Lists filter by park and level.
            let listed = try await world.client.call(
                .get, "/v1/compliance/assessments?park=\(park)&level=demonstration", token: world.token(W.regulator)).json()
            #expect((listed["items"] as? [[String: Any]])?.count == 1)
            let elsewhere = try await world.client.call(.get, "/v1/compliance/assessments?park=nowhere", token: world.token(W.regulator)).json()
            #expect((elsewhere["items"] as? [Any])?.isEmpty == true)
        }
    }

    @Test("a review names what is wrong: the decision, a finding's item, a return without a comment, an approval that returns")
    func reviewInput() async throws {
        try await W.run { world in
            let first = try await Self.approved(world)
            let next = try await world.client.call(
                .post, "/v1/compliance/assessments?baseline=\(first.id)", token: world.token(W.respondent),
                json: #"{"templateId": "\#(Self.template)", "groups": ["basic"]}"#)
            let b = Assessment(world: world, id: try #require(try next.json()["id"] as? String))
            let carried = (try await b.read().body["answers"] as? [String: Any] ?? [:]).keys.sorted()
            for item in carried { _ = try await b.answer(item, "compliant") }
            #expect(try await b.post("submit", as: W.respondent).status == .ok)
            #expect(try Self.fields(try await b.post("review", json: #"{"decision": "maybe"}"#, as: W.regulator)) == ["decision"])
            #expect(try Self.fields(try await b.post(
                "review", json: #"{"decision": "return", "findings": [{"itemId": "s99.99", "comment": "?"}]}"#, as: W.regulator)) == ["findings[0]"])
            let item = try #require(carried.first)
            #expect(try Self.fields(try await b.post(
                "review", json: #"{"decision": "return", "findings": [{"itemId": "\#(item)", "return": true}]}"#, as: W.regulator)) == ["findings[0]"])
            let approveReturning = try await b.post(
                "review", json: #"{"decision": "approve", "findings": [{"itemId": "\#(item)", "comment": "redo", "return": true}]}"#,
                as: W.regulator)
            #expect(approveReturning.status == .unprocessableContent)
            let nothing = try await b.post("review", json: #"{"decision": "return", "findings": []}"#, as: W.regulator)
            #expect(nothing.status == .unprocessableContent)
            #expect(try await b.state() == "submitted")
        }
    }
}
