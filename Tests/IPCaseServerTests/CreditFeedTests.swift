import Foundation
import HTTPTypes
import HummingbirdTesting
import IPCaseDomain
import Testing
@testable import IPCaseServer

/// The partner feed with admin-issued API tokens, and supervision by grade. Through HTTP against PostgreSQL.
@Suite("Credit feed and supervision")
struct CreditFeedTests {
    typealias W = CaseWorld

    /// An API token for Market Regulation, issued by the admin.
    static func token(_ world: CaseWorld) async throws -> (id: String, secret: String) {
        let rows = try await world.client.call(.get, "/v1/organizations?limit=100", token: world.token(W.admin)).json()
        let regulatorOrg = try #require((rows["items"] as? [[String: Any]])?.first { $0["name"] as? String == "Market Regulation" }?["id"] as? String)
        let issued = try await world.client.call(
            .post, "/v1/admin/api-tokens", token: world.token(W.admin),
            json: #"{"organizationId": "\#(regulatorOrg)", "name": "Provincial credit platform"}"#)
        guard issued.status == .created else { throw TestFailure("issue: \(issued.status) \(issued.text)") }
        let body = try issued.json()
        return (try #require(body["id"] as? String), try #require(body["token"] as? String))
    }

    static func feed(_ world: CaseWorld, _ secret: String, after: String? = nil) async throws -> [[String: Any]] {
        let path = "/v1/credit/feed" + (after.map { "?after=\($0)" } ?? "")
        let response = try await world.client.call(.get, path, token: secret)
        guard response.status == .ok else { throw TestFailure("feed: \(response.status) \(response.text)") }
        return try response.json()["items"] as? [[String: Any]] ?? []
    }

    @Test("partners see published records added, disputed, and removed as repaired, revoked or expired; never an unpublished one")
    func feed() async throws {
        try await W.run { world in
            let (tokenId, secret) = try await Self.token(world)
            let repaired = try await CreditApplicationTests.record(world, date: "2026-01-20", kind: "5", tier: "general", months: 6)
            _ = try await CreditApplicationTests.record(world, kind: "1", tier: "minor", months: nil)
            let revoked = try await CreditApplicationTests.record(world, kind: "2", tier: "general", months: 3)

            var entries = try await Self.feed(world, secret)
            #expect(entries.map { $0["change"] as? String } == ["added", "added"])
            let first = try #require(entries.first)
            let penalty = try #require(first["record"] as? [String: Any])
            #expect(penalty["cf_xdr_shxym"] as? String == W.respondentCode)
            #expect(penalty["cf_xdr_mc"] as? String == "Enterprise B")
            #expect(penalty["cf_wfxw"] as? String == "信用承诺不实或未履行")
            #expect(penalty["cf_cflb"] as? String == "一般")
            #expect(penalty["cf_gsjzq"] as? String == "2026-07-19")
            #expect(penalty["cf_cfjg"] as? String == "Market Regulation")
            let cursor = try #require(entries.last?["cursor"] as? String)

            // An objection marks the record disputed; upheld, it is removed as revoked.
            _ = try await world.client.call(
                .post, "/v1/credit/records/\(revoked)/objections", token: world.token(W.respondent), json: #"{"grounds": "Not ours."}"#)
            let objections = try await world.client.call(.get, "/v1/credit/objections", token: world.token(W.regulator)).json()
            let objection = try #require((objections["items"] as? [[String: Any]])?.first?["id"] as? String)
            _ = try await CreditApplicationTests.act(
                world, "/v1/credit/objections/\(objection)", "uphold", as: W.regulator, fields: ["reason": "Wrong subject."])
            entries = try await Self.feed(world, secret, after: cursor)
            #expect(entries.map { $0["change"] as? String } == ["amended", "removed"])
            #expect(entries.first?["disputed"] as? Bool == true)
            #expect(entries.last?["reason"] as? String == "revoked")
            #expect(entries.last?["recordId"] as? String == revoked)

            // Repaired: removed, reason repaired.
            try await CreditApplicationTests.repaired(world, repaired)
            let later = try await Self.feed(world, secret, after: try #require(entries.last?["cursor"] as? String))
            #expect(later.map { $0["change"] as? String } == ["removed"])
            #expect(later.first?["reason"] as? String == "repaired")
            #expect(later.first?["recordId"] as? String == repaired)

            // Past its period a record is removed as expired, by its timer.
            let expiring = try await CreditApplicationTests.record(world, kind: "3", tier: "general", months: 3)
            try await world.advance(days: 95)
            _ = try await world.runTimers()
            let all = try await Self.feed(world, secret)
            #expect(all.contains { $0["recordId"] as? String == expiring && $0["reason"] as? String == "expired" })

            // The token is the only way in, and a revoked one is refused.
            #expect(try await world.client.call(.get, "/v1/credit/feed", token: world.token(W.regulator)).status == .unauthorized)
            #expect(try await world.client.call(.get, "/v1/credit/feed?after=nonsense", token: secret).status == .badRequest)
            #expect(try await world.client.call(.get, "/v1/credit/subjects/\(W.respondentCode)", token: secret).status == .unauthorized)
            let listed = try await world.client.call(.get, "/v1/admin/api-tokens", token: world.token(W.admin)).json()
            #expect((listed["items"] as? [[String: Any]])?.first?["token"] == nil)
            #expect(try await world.client.call(.get, "/v1/admin/api-tokens", token: world.token(W.regulator)).status == .forbidden)
            #expect(try await world.client.call(.delete, "/v1/admin/api-tokens/\(tokenId)", token: world.token(W.admin)).status == .ok)
            #expect(try await world.client.call(.get, "/v1/credit/feed", token: secret).status == .unauthorized)
        }
    }

    @Test("a token is only issued to a regulator-kind organisation, with a name")
    func tokenChecks() async throws {
        try await W.run { world in
            let refused = try await world.client.call(
                .post, "/v1/admin/api-tokens", token: world.token(W.admin),
                json: #"{"organizationId": "\#(world.mediationBodyId)", "name": " "}"#)
            #expect(refused.status == .unprocessableContent)
            let fields = Set((try refused.json()["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String })
            #expect(fields == ["organizationId", "name"])
        }
    }

    @Test("supervision lists the subjects of a published grade with the measures it brings")
    func supervision() async throws {
        try await W.run { world in
            _ = try await world.client.call(.post, "/v1/credit/records", token: world.token(W.regulator), json: CreditRecordTests.findingJSON())
            _ = try await world.client.call(
                .post, "/v1/credit/subjects/\(W.respondentCode)/grades", token: world.token(W.regulator), json: "{}")
            let answer = try await world.client.call(.get, "/v1/credit/supervision?grade=D", token: world.token(W.regulator)).json()
            #expect((answer["items"] as? [[String: Any]])?.map { $0["creditCode"] as? String } == [W.respondentCode])
            #expect((answer["supervision"] as? [String: Any])?["inspections"] as? String == "increased")
            #expect((answer["measures"] as? [Any])?.count == 5)
            let a = try await world.client.call(.get, "/v1/credit/supervision?grade=A", token: world.token(W.regulator)).json()
            #expect((a["items"] as? [Any])?.isEmpty == true)
            #expect(a["measures"] == nil)
            #expect(try await world.client.call(.get, "/v1/credit/supervision?grade=E", token: world.token(W.regulator)).status == .badRequest)
            #expect(try await world.client.call(.get, "/v1/credit/supervision?grade=D", token: world.token(W.respondent)).status == .forbidden)
        }
    }
}
