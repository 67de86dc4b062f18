import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PostgresNIO
import Testing
@testable import IPCaseServer
import IPCaseDomain

@Suite("Filing cases")
struct CaseFilingTests {
    typealias W = CaseWorld

    private func file(_ world: CaseWorld, key: String?, json: String? = nil) async throws -> TestResponse {
        var headers = HTTPFields()
        if let key { headers[IdempotencyKeys.header] = key }
        return try await world.client.call(
            .post, "/v1/cases", token: world.token(W.complainant),
            json: json ?? W.filingJSON(mediationBodyId: world.mediationBodyId), headers: headers)
    }

    private func caseCount(_ world: CaseWorld) async throws -> Int {
        let rows = try await world.database.query("SELECT count(*) FROM cases", logger: TestPostgres.logger)
        for try await count in rows.decode(Int.self) { return count }
        return -1
    }

    @Test("a filing gets a number of the district's year, an ETag, a Location, and a first event")
    func filing() async throws {
        try await W.run { world in
            let response = try await file(world, key: nil)
            #expect(response.status == .created)
            #expect(response.headers[.eTag] == "\"1\"")
            let body = try response.json()
            let id = try #require(body["id"] as? String)
            #expect(response.headers[.location] == "/v1/cases/\(id.lowercased())")
            #expect(body["number"] as? String == "MED-2026-000001")
            #expect(body["state"] as? String == "filed")
            #expect((body["respondent"] as? [String: Any])?["creditCode"] as? String == W.respondentCode)
            let second = try await file(world, key: nil)
            #expect(try second.json()["number"] as? String == "MED-2026-000002")
            let events = try await world.events(id.lowercased())
            #expect(events.map { $0["action"] as? String } == ["file"])
        }
    }

    @Test("a replay with the same Idempotency-Key returns the same response and files nothing more")
    func idempotentReplay() async throws {
        try await W.run { world in
            let first = try await file(world, key: "filing-0001")
            let replay = try await file(world, key: "filing-0001")
            #expect(first.status == .created)
            #expect(replay.status == .created)
            #expect(replay.text == first.text)
            #expect(replay.headers[.eTag] == first.headers[.eTag])
            #expect(replay.headers[.location] == first.headers[.location])
            #expect(replay.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            #expect(try await caseCount(world) == 1)
            // Another key files another case.
            #expect(try await file(world, key: "filing-0002").status == .created)
            #expect(try await caseCount(world) == 2)
        }
    }

    @Test("the same key with another body is refused with 422 and files nothing")
    func keyReusedWithAnotherBody() async throws {
        try await W.run { world in
            #expect(try await file(world, key: "k-1").status == .created)
            let other = W.filingJSON(mediationBodyId: world.mediationBodyId, ipType: "trademark")
            let refused = try await file(world, key: "k-1", json: other)
            #expect(refused.status == .unprocessableContent)
            #expect(try refused.json()["type"] as? String == "urn:ipcase:problem:idempotency-key-reused")
            #expect(try await caseCount(world) == 1)
        }
    }

    @Test("a key is remembered for 24 hours, then may be used for a new filing")
    func keysExpire() async throws {
        try await W.run { world in
            #expect(try await file(world, key: "daily").status == .created)
            try await world.advance(days: 1)
            world.clock.advance(by: -60)
            #expect(try await file(world, key: "daily").headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            world.clock.advance(by: 120)
            let fresh = try await file(world, key: "daily", json: W.filingJSON(mediationBodyId: world.mediationBodyId, ipType: "copyright"))
            #expect(fresh.status == .created)
            #expect(fresh.headers[HTTPField.Name("Idempotent-Replayed")!] == nil)
            #expect(try await caseCount(world) == 2)
        }
    }

    @Test("concurrent requests with one key file one case")
    func concurrentReplays() async throws {
        try await W.run { world in
            let bodies = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<8 { group.addTask { try await file(world, key: "same-key").text } }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(Set(bodies).count == 1)
            #expect(try await caseCount(world) == 1)
        }
    }

    @Test("keys belong to their user: another user's identical key files its own case")
    func keysPerUser() async throws {
        try await W.run { world in
            #expect(try await file(world, key: "shared").status == .created)
            var headers = HTTPFields()
            headers[IdempotencyKeys.header] = "shared"
            let carol = try await world.client.call(
                .post, "/v1/cases", token: world.token(W.outsider),
                json: W.filingJSON(mediationBodyId: world.mediationBodyId), headers: headers)
            #expect(carol.status == .created)
            #expect(try await caseCount(world) == 2)
        }
    }

    @Test("invalid filings name every field at fault")
    func validation() async throws {
        try await W.run { world in
            let json = """
                {"respondent": {"creditCode": "91440300708461136X", "name": ""},
                 "mediationBodyId": "\(world.courtId)",
                 "ipRight": {"type": "design", "identifier": "", "title": "t"},
                 "claims": "c", "amountClaimed": "12.345"}
                """
            let response = try await file(world, key: nil, json: json)
            #expect(response.status == .unprocessableContent)
            let fields = Set((try response.json()["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String })
            #expect(fields == ["respondent.creditCode", "respondent.name", "mediationBodyId", "ipRight.type", "ipRight.identifier", "amountClaimed"])
            let own = W.filingJSON(respondentCode: "91440300708461136T", mediationBodyId: world.mediationBodyId)
            let againstSelf = try await file(world, key: nil, json: own)
            #expect(againstSelf.status == .unprocessableContent)
            #expect(try await caseCount(world) == 0)
        }
    }

    @Test("a respondent without an account can be named by its credit code, and sees the case once it registers")
    func respondentWithoutAccount() async throws {
        try await W.run { world in
            let unknownCode = "91330100716105852F"  // a real code no organisation here has
            let response = try await file(
                world, key: nil, json: W.filingJSON(respondentCode: unknownCode, mediationBodyId: world.mediationBodyId))
            #expect(response.status == .created)
            let body = try response.json()
            #expect((body["respondent"] as? [String: Any])?["organizationId"] == nil)
            let id = try #require((body["id"] as? String)?.lowercased())

            // The respondent registers later and finds the case waiting for it.
            let provisioning = try AccountProvisioning(database: world.database, logger: TestPostgres.logger)
            _ = try await provisioning.createUser(
                email: "dan@ent-d.test", displayName: "Dan", password: Accounts.password, roles: [.enterprise],
                organizationName: "Enterprise D", organizationKind: .enterprise, creditCode: unknownCode)
            let dan = try await world.client.token("dan@ent-d.test")
            let seen = try await world.client.call(.get, "/v1/cases/\(id)", token: dan)
            #expect(seen.status == .ok)
            #expect((try seen.json()["respondent"] as? [String: Any])?["organizationId"] != nil)
        }
    }

    @Test("an oversized filing gets 413, and a forged cursor beyond any time 400, not 500")
    func hostileInput() async throws {
        try await W.run { world in
            let huge = W.filingJSON(mediationBodyId: world.mediationBodyId)
                .replacingOccurrences(of: "Stop making", with: String(repeating: "x", count: 2 << 20))
            let response = try await world.client.call(.post, "/v1/cases", token: world.token(W.complainant), json: huge)
            #expect(response.status == .contentTooLarge)
            // base64url of "-999999999999999999|00000000-0000-0000-0000-000000000001"
            let forged = "LTk5OTk5OTk5OTk5OTk5OTk5OXwwMDAwMDAwMC0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMDAwMDE"
            for path in ["/v1/cases", "/v1/notifications"] {
                let listed = try await world.client.call(.get, "\(path)?cursor=\(forged)", token: world.token(W.mediator))
                #expect(listed.status == .badRequest, "\(path)")
            }
        }
    }

    @Test("only enterprises file")
    func onlyEnterprises() async throws {
        try await W.run { world in
            for email in [W.mediator, W.regulator, W.judge, W.admin] {
                let response = try await world.client.call(
                    .post, "/v1/cases", token: world.token(email), json: W.filingJSON(mediationBodyId: world.mediationBodyId))
                #expect(response.status == .forbidden, "\(email)")
            }
        }
    }
}
