import Foundation
import HTTPTypes
import HummingbirdTesting
import IPCaseDomain
import PostgresNIO
import Testing
@testable import IPCaseServer

/// Self-assessments through HTTP against PostgreSQL: started against a template, answered item by item
/// with If-Match, progress and score apart, and every change in the chain.
@Suite("Compliance self-assessments")
struct ComplianceAssessmentTests {
    typealias W = CaseWorld
    static let template = "db4403-t235-2022-enterprise"

    static func start(_ world: CaseWorld, groups: String = #"["basic"]"#, as email: String = W.respondent) async throws -> [String: Any] {
        let response = try await world.client.call(
            .post, "/v1/compliance/assessments", token: world.token(email),
            json: #"{"templateId": "\#(template)", "groups": \#(groups)}"#)
        guard response.status == .created else { throw TestFailure("start: \(response.status) \(response.text)") }
        return try response.json()
    }

    static func put(
        _ world: CaseWorld, _ id: String, item: String, _ body: String, etag: String? = nil, as email: String = W.respondent
    ) async throws -> TestResponse {
        var tag = etag
        if tag == nil {
            tag = try await world.client.call(.get, "/v1/compliance/assessments/\(id)", token: world.token(email)).headers[.eTag]
        }
        return try await world.client.call(
            .put, "/v1/compliance/assessments/\(id)/items/\(item)", token: world.token(email), json: body,
            headers: [.ifMatch: tag ?? "\"0\""])
    }

    @Test("an enterprise starts a self-assessment bound to the template's version and hash, answers items and sees progress apart from score")
    func answerItems() async throws {
        try await W.run { world in
            let started = try await Self.start(world)
            let id = try #require(started["id"] as? String)
            let model = try PolicyStore.load(from: TestApp.configuration().projectFiles.policies).checklists.first { $0.id == Self.template }
            #expect(started["templateHash"] as? String == model?.hash)
            #expect(started["state"] as? String == "draft")
            let total = (started["progress"] as? [String: Any])?["total"] as? Int ?? 0
            #expect(total == model?.items(in: ["basic"]).count)
            #expect(Set((started["availableActions"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }) == ["answer", "attachEvidence", "discard"])

            // The first mandatory item of the basic group, answered compliant, and a recommended one partial.
            let first = try #require(model?.items(in: ["basic"]).first { $0.importance == .mandatory }?.id)
            let answered = try await Self.put(world, id, item: first, #"{"result": "compliant", "note": "Signed by the CEO."}"#)
            #expect(answered.status == .ok)
            let body = try answered.json()
            #expect((body["progress"] as? [String: Any])?["answered"] as? Int == 1)
            #expect((body["score"] as? [String: Any])?["score"] as? Double == 100)
            #expect((body["answers"] as? [String: Any])?[first] != nil)
            // Progress is not compliance: the other mandatory items keep the level down.
            #expect((body["score"] as? [String: Any])?["level"] as? String == "insufficient")

            // Bad input names the field or the item.
            let unknown = try await Self.put(world, id, item: "s99.99", #"{"result": "compliant"}"#)
            #expect(unknown.status == .notFound)
            #expect(try unknown.json()["itemId"] as? String == "s99.99")
            let outside = try await Self.put(world, id, item: first, #"{"result": "mostly"}"#)
            #expect(outside.status == .unprocessableContent)
            #expect((try outside.json()["errors"] as? [[String: Any]])?.first?["field"] as? String == "result")
            let unjustified = try await Self.put(world, id, item: first, #"{"result": "not_applicable"}"#)
            #expect((try unjustified.json()["errors"] as? [[String: Any]])?.first?["field"] as? String == "justification")
            let stale = try await Self.put(world, id, item: first, #"{"result": "partial"}"#, etag: "\"1\"")
            #expect(stale.status == .preconditionFailed)
            let justified = try await Self.put(
                world, id, item: first, #"{"result": "not_applicable", "justification": "No employees yet."}"#)
            #expect(justified.status == .ok)

            // Others may not read it; regulators may, but not answer.
            #expect(try await world.client.call(.get, "/v1/compliance/assessments/\(id)", token: world.token(W.outsider)).status == .notFound)
            #expect(try await Self.put(world, id, item: first, #"{"result": "compliant"}"#, as: W.regulator).status == .forbidden)
            let all = try await world.client.call(.get, "/v1/compliance/assessments?state=draft", token: world.token(W.regulator)).json()
            #expect((all["items"] as? [[String: Any]])?.map { $0["id"] as? String } == [id])
            let theirs = try await world.client.call(.get, "/v1/compliance/assessments", token: world.token(W.outsider)).json()
            #expect((theirs["items"] as? [Any])?.isEmpty == true)

            let events = try await world.database.query(
                "SELECT action FROM events WHERE subject_type = 'complianceAssessment' AND subject_id = \(UUID(uuidString: id)!) ORDER BY seq",
                logger: TestPostgres.logger)
            var actions: [String] = []
            for try await action in events.decode(String.self) { actions.append(action) }
            #expect(actions == ["start", "answer", "answer"])
            #expect(try await ChainVerification.verify(nil, on: world.database, logger: TestPostgres.logger).isIntact)
        }
    }

    @Test("a start names an unknown template or groups; a draft may be discarded, and then takes no answers")
    func startAndDiscard() async throws {
        try await W.run { world in
            let bad = try await world.client.call(
                .post, "/v1/compliance/assessments", token: world.token(W.respondent), json: #"{"templateId": "iso-27001"}"#)
            #expect((try bad.json()["errors"] as? [[String: Any]])?.first?["field"] as? String == "templateId")
            let groups = try await world.client.call(
                .post, "/v1/compliance/assessments", token: world.token(W.respondent),
                json: #"{"templateId": "\#(Self.template)", "groups": ["expert"]}"#)
            #expect((try groups.json()["errors"] as? [[String: Any]])?.first?["field"] as? String == "groups")
            #expect(try await world.client.call(
                .post, "/v1/compliance/assessments", token: world.token(W.mediator), json: #"{"templateId": "\#(Self.template)"}"#
            ).status == .forbidden)

            let started = try await Self.start(world, groups: #"["advanced"]"#)
            let id = try #require(started["id"] as? String)
            let discarded = try await world.client.call(
                .post, "/v1/compliance/assessments/\(id)/transitions", token: world.token(W.respondent), json: #"{"action": "discard"}"#,
                headers: [.ifMatch: "\"1\""])
            #expect(discarded.status == .ok)
            #expect(try discarded.json()["outcome"] as? String == "discarded")
            let late = try await Self.put(world, id, item: "s01.01", #"{"result": "compliant"}"#)
            #expect(late.status == .conflict)
        }
    }
}
