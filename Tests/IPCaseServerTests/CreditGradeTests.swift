import Foundation
import HTTPTypes
import HummingbirdTesting
import IPCaseDomain
import Testing
@testable import IPCaseServer

/// Regulators issue grades: the computed one is published at once, an override waits for a second
/// regulator, and nobody grades their own organisation. Through HTTP against PostgreSQL.
@Suite("Credit grades")
struct CreditGradeTests {
    typealias W = CaseWorld

    @Test("issuing the computed grade publishes a notice that keeps the model's hash, the records, reasons and range")
    func computedGradePublished() async throws {
        try await W.run { world in
            let regulator = world.token(W.regulator)
            let recorded = try await world.client.call(
                .post, "/v1/credit/records", token: regulator,
                json: CreditRecordTests.findingJSON(kind: "5", tier: "general", months: 6)).json()
            let recordId = try #require(recorded["id"] as? String)
            let issued = try await world.client.call(.post, "/v1/credit/subjects/\(W.respondentCode)/grades", token: regulator, json: "{}")
            #expect(issued.status == .created)
            let notice = try issued.json()
            #expect(notice["grade"] as? String == "A")
            #expect(notice["score"] as? Int == 90)
            #expect(notice["status"] as? String == "published")
            #expect(notice["scoreMinimum"] as? Int == 90)
            #expect(notice["recordIds"] as? [String] == [recordId])
            #expect(notice["issuingAuthority"] as? String == "Market Regulation")
            let model = try PolicyStore.load(from: TestApp.configuration().projectFiles.policies).creditModel
            #expect(notice["modelHash"] as? String == model.hash)
            #expect(model.hash.count == 64)
            #expect(((notice["reasons"] as? [[String: Any]])?.first?["points"] as? Int) == -10)
            #expect((notice["howToRepair"] as? [String: String])?["en"]?.contains("repair") == true)

            // The subject reads its notice and sees it as the grade in force; it was told.
            let own = try await world.client.call(
                .get, "/v1/credit/subjects/\(W.respondentCode)", token: world.token(W.respondent)).json()
            #expect((own["publishedGrade"] as? [String: Any])?["grade"] as? String == "A")
            let id = try #require(notice["id"] as? String)
            #expect(try await world.client.call(.get, "/v1/credit/grades/\(id)", token: world.token(W.respondent)).status == .ok)
            #expect(try await world.client.call(.get, "/v1/credit/grades/\(id)", token: world.token(W.outsider)).status == .notFound)
            let notices = try await world.client.call(.get, "/v1/notifications", token: world.token(W.respondent)).json()
            let texts = (notices["items"] as? [[String: Any]] ?? []).compactMap { ($0["text"] as? [String: String])?["en"] }
            #expect(texts.contains("Your IP credit grade is published: A."))

            // A new grade supersedes the one in force; both stay in the history.
            world.clock.advance(by: 60)
            _ = try await world.client.call(.post, "/v1/credit/subjects/\(W.respondentCode)/grades", token: regulator, json: "{}")
            let profile = try await world.client.call(.get, "/v1/credit/subjects/\(W.respondentCode)", token: regulator).json()
            let statuses = (profile["gradeHistory"] as? [[String: Any]] ?? []).compactMap { $0["status"] as? String }
            #expect(statuses == ["published", "superseded"])
        }
    }

    @Test("an override needs a reason and a different regulator's approval; self-approval and self-grading are forbidden")
    func fourEyes() async throws {
        try await W.run { world in
            let regulator = world.token(W.regulator), second = world.token(W.regulator2)
            let path = "/v1/credit/subjects/\(W.respondentCode)/grades"

            let noReason = try await world.client.call(.post, path, token: regulator, json: #"{"grade": "B"}"#)
            #expect(noReason.status == .unprocessableContent)
            #expect((try noReason.json()["errors"] as? [[String: Any]])?.first?["field"] as? String == "reason")
            let unknown = try await world.client.call(.post, path, token: regulator, json: #"{"grade": "E", "reason": "x"}"#)
            #expect((try unknown.json()["errors"] as? [[String: Any]])?.first?["field"] as? String == "grade")

            let override = try await world.client.call(
                .post, path, token: regulator, json: #"{"grade": "B", "reason": "Repeated late fee payments seen on inspection."}"#)
            #expect(override.status == .created)
            let pending = try override.json()
            #expect(pending["status"] as? String == "pending")
            #expect(pending["computedGrade"] as? String == "A")
            let id = try #require(pending["id"] as? String)
            // Nothing is published while it waits.
            let waiting = try await world.client.call(.get, "/v1/credit/subjects/\(W.respondentCode)", token: regulator).json()
            #expect(waiting["publishedGrade"] == nil || waiting["publishedGrade"] is NSNull)

            let own = try await world.client.call(.post, "/v1/credit/grades/\(id)/approval", token: regulator, json: #"{"approved": true}"#)
            #expect(own.status == .forbidden)
            #expect(try own.json()["ruleIds"] as? [String] == ["credit.no-self-approval"])
            let enterprise = try await world.client.call(
                .post, "/v1/credit/grades/\(id)/approval", token: world.token(W.respondent), json: #"{"approved": true}"#)
            #expect(enterprise.status == .forbidden)  // it may read its notice, but not review it

            let approved = try await world.client.call(.post, "/v1/credit/grades/\(id)/approval", token: second, json: #"{"approved": true}"#)
            #expect(approved.status == .ok)
            let published = try approved.json()
            #expect(published["status"] as? String == "published")
            #expect(published["reviewedByUserId"] as? String == world.userIds[W.regulator2])
            let again = try await world.client.call(.post, "/v1/credit/grades/\(id)/approval", token: second, json: #"{"approved": true}"#)
            #expect(again.status == .conflict)

            let own2 = try await world.client.call(.post, "/v1/credit/subjects/\(W.regulatorCode)/grades", token: regulator, json: "{}")
            #expect(own2.status == .forbidden)
            #expect(try own2.json()["ruleIds"] as? [String] == ["credit.no-self-grading"])
        }
    }

    @Test("an active serious record forces D, and no override lifts it; a rejection needs a reason")
    func seriousIsD() async throws {
        try await W.run { world in
            let regulator = world.token(W.regulator)
            _ = try await world.client.call(.post, "/v1/credit/records", token: regulator, json: CreditRecordTests.findingJSON())
            let path = "/v1/credit/subjects/\(W.respondentCode)/grades"
            let lifted = try await world.client.call(.post, path, token: regulator, json: #"{"grade": "B", "reason": "Paid since."}"#)
            #expect(lifted.status == .unprocessableContent)
            #expect((try lifted.json()["errors"] as? [[String: Any]])?.first?["field"] as? String == "grade")
            let issued = try await world.client.call(.post, path, token: regulator, json: "{}").json()
            #expect(issued["grade"] as? String == "D")
            #expect(issued["seriouslyDishonest"] as? Bool == true)

            _ = try await world.client.call(.post, "/v1/credit/records", token: regulator, json: CreditRecordTests.findingJSON(
                code: "91440300MA5H0HLK5U", kind: "1", tier: "minor", months: nil))
            let override = try await world.client.call(
                .post, "/v1/credit/subjects/91440300MA5H0HLK5U/grades", token: regulator, json: #"{"grade": "C", "reason": "x"}"#
            ).json()
            let id = try #require(override["id"] as? String)
            let bare = try await world.client.call(
                .post, "/v1/credit/grades/\(id)/approval", token: world.token(W.regulator2), json: #"{"approved": false}"#)
            #expect(bare.status == .unprocessableContent)
            let rejected = try await world.client.call(
                .post, "/v1/credit/grades/\(id)/approval", token: world.token(W.regulator2),
                json: #"{"approved": false, "reason": "Nothing on record supports C."}"#).json()
            #expect(rejected["status"] as? String == "rejected")
        }
    }
}
