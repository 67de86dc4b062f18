import Foundation
import HTTPTypes
import HummingbirdTesting
import IPCaseDomain
import Testing
@testable import IPCaseServer

/// The checklist templates through HTTP: listed a page at a time, read whole, cacheable.
@Suite("Checklist templates through HTTP")
struct ChecklistTemplateTests {
    typealias W = CaseWorld

    @Test("anyone logged in lists the templates and reads one with its items; 304 on If-None-Match")
    func templates() async throws {
        try await W.run { world in
            let token = world.token(W.complainant)
            let first = try await world.client.call(.get, "/v1/compliance/templates?limit=1", token: token)
            #expect(first.status == .ok)
            let page = try first.json()
            #expect((page["items"] as? [[String: Any]])?.map { $0["id"] as? String } == ["db4403-t235-2022-enterprise"])
            #expect((page["items"] as? [[String: Any]])?.first?["sections"] == nil)
            let cursor = try #require(page["nextCursor"] as? String)
            let second = try await world.client.call(.get, "/v1/compliance/templates?limit=1&cursor=\(cursor)", token: token).json()
            #expect((second["items"] as? [[String: Any]])?.map { $0["id"] as? String } == ["db4403-t461-2024-research"])
            #expect(second["nextCursor"] == nil)

            let one = try await world.client.call(.get, "/v1/compliance/templates/db4403-t235-2022-enterprise", token: token)
            let template = try one.json()
            #expect((template["sections"] as? [Any])?.count == 11)
            #expect((template["itemCount"] as? Int ?? 0) >= 40)
            let tag = try #require(one.headers[.eTag])
            let again = try await world.client.call(
                .get, "/v1/compliance/templates/db4403-t235-2022-enterprise", token: token, headers: [.ifNoneMatch: tag])
            #expect(again.status == .notModified)
            #expect(try await world.client.call(.get, "/v1/compliance/templates/none", token: token).status == .notFound)
            #expect(try await world.client.call(.get, "/v1/compliance/templates", token: nil).status == .unauthorized)
        }
    }
}
