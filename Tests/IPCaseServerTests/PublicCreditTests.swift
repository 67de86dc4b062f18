import Foundation
import HTTPTypes
import HummingbirdTesting
import IPCaseDomain
import Testing
@testable import IPCaseServer

/// The public credit views, without logging in: what they show and hide, caching and the per-address
/// limit. Through HTTP against PostgreSQL.
@Suite("Public credit views")
struct PublicCreditTests {
    typealias W = CaseWorld

    @Test("the public sees published records only: not minor ones, revoked, repaired or past their period; a pending objection marks a record disputed")
    func whatThePublicSees() async throws {
        try await W.run { world in
            let serious = try await CreditApplicationTests.record(world, kind: "6", tier: "serious", months: 12)
            let general = try await CreditApplicationTests.record(world, date: "2025-08-20", kind: "5", tier: "general", months: 6)
            _ = try await CreditApplicationTests.record(world, kind: "1", tier: "minor", months: nil)  // unpublished by default
            let revoked = try await CreditApplicationTests.record(world, kind: "2", tier: "general", months: 12)
            _ = try await world.client.call(
                .post, "/v1/credit/records/\(revoked)/objections", token: world.token(W.respondent), json: #"{"grounds": "Not ours."}"#)
            _ = try await world.client.call(
                .post, "/v1/credit/records/\(serious)/objections", token: world.token(W.respondent), json: #"{"grounds": "Paid."}"#)
            let objections = try await world.client.call(.get, "/v1/credit/objections", token: world.token(W.regulator)).json()
            let revokedObjection = try #require((objections["items"] as? [[String: Any]])?.first { $0["recordId"] as? String == revoked }?["id"] as? String)
            let upheld = try await CreditApplicationTests.act(
                world, "/v1/credit/objections/\(revokedObjection)", "uphold", as: W.regulator, fields: ["reason": "Wrong subject."])
            #expect(upheld.status == .ok)

            let response = try await world.client.call(.get, "/v1/public/credit/\(W.respondentCode)", token: nil)
            #expect(response.status == .ok)
            let entry = try response.json()
            let records = entry["records"] as? [[String: Any]] ?? []
            // The general one of 2025-08-20 was published until 2026-02-19: past its period on 2026-03-02.
            #expect(records.map { $0["id"] as? String } == [serious])
            #expect(records.first?["disputed"] as? Bool == true)
            #expect(records.first?["publishedUntil"] as? String == "2027-02-19")
            #expect(records.first?["facts"] == nil)  // the facts stay with regulators and the subject
            #expect(entry["seriouslyDishonest"] as? Bool == true)
            #expect(entry["name"] as? String == "Enterprise B")
            _ = general

            // Cacheable: the same tag answers 304 without a body.
            let tag = try #require(response.headers[.eTag])
            #expect(response.headers[.cacheControl] == "public, max-age=60")
            let again = try await world.client.call(.get, "/v1/public/credit/\(W.respondentCode)", token: nil, headers: [.ifNoneMatch: tag])
            #expect(again.status == .notModified)

            let list = try await world.client.call(.get, "/v1/public/credit/dishonest-list", token: nil).json()
            #expect((list["items"] as? [[String: Any]])?.map { $0["creditCode"] as? String } == [W.respondentCode])
            #expect(try await world.client.call(.get, "/v1/public/credit/not-a-code", token: nil).status == .notFound)
        }
    }

    @Test("a repaired record leaves the public view")
    func repairedLeaves() async throws {
        try await W.run { world in
            let recordId = try await CreditApplicationTests.record(world, date: "2026-01-20", kind: "5", tier: "general", months: 6)
            let before = try await world.client.call(.get, "/v1/public/credit/\(W.respondentCode)", token: nil).json()
            #expect((before["records"] as? [Any])?.count == 1)
            #expect(try await CreditApplicationTests.repaired(world, recordId).status == .ok)
            let after = try await world.client.call(.get, "/v1/public/credit/\(W.respondentCode)", token: nil).json()
            #expect((after["records"] as? [Any])?.isEmpty == true)
        }
    }

    @Test("each client address is limited: past the limit, 429 with Retry-After")
    func rateLimited() async throws {
        try await W.run(adjust: { $0.publicRequestsPerMinute = 3 }) { world in
            for _ in 0..<3 {
                #expect(try await world.client.call(.get, "/v1/public/credit/\(W.respondentCode)", token: nil).status == .ok)
            }
            let limited = try await world.client.call(.get, "/v1/public/credit/dishonest-list", token: nil)
            #expect(limited.status == .tooManyRequests)
            #expect(limited.headers[.retryAfter] == "20")
            #expect(try limited.json()["type"] as? String == "urn:ipcase:problem:too-many-requests")
            world.clock.advance(by: 20)
            #expect(try await world.client.call(.get, "/v1/public/credit/dishonest-list", token: nil).status == .ok)
        }
    }
}
