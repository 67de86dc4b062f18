import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PostgresNIO
import Testing
@testable import IPCaseServer

@Suite("Pagination")
struct PaginationTests {
    /// 150 organisations at random microsecond times, some sharing a time: paging through them in
    /// pages of 7 must return each exactly once, in (created_at, id) order.
    @Test func pagingVisitsEveryRowOnceAtAnyBoundary() async throws {
        try await TestApp.run { client, database in
            try await Accounts.seed(database)
            try await database.query(
                """
                INSERT INTO organizations (id, name, kind, version, created_at, updated_at)
                SELECT gen_random_uuid(), 'Court ' || n, 'court', 1,
                       timestamptz '2026-01-01' + (floor(random() * 1e9) * (n % 5)) * interval '1 microsecond', now()
                FROM generate_series(1, 150) AS n
                """, logger: TestPostgres.logger)
            var expected: [String] = []
            for try await id in try await database.query(
                "SELECT id FROM organizations ORDER BY created_at, id", logger: TestPostgres.logger
            ).decode(UUID.self) {
                expected.append(id.uuidString.lowercased())
            }
            let admin = try await client.token(Accounts.admin)
            var seen: [String] = []
            var cursor: String?
            repeat {
                let uri = "/v1/organizations?limit=7" + (cursor.map { "&cursor=\($0)" } ?? "")
                let page = try await client.call(.get, uri, token: admin).json()
                seen += (page["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                cursor = page["nextCursor"] as? String
            } while cursor != nil
            #expect(seen == expected)
        }
    }

    @Test func cursorKeepsWholeMicroseconds() throws {
        let cursor = OrganizationStore.keyset.cursor(.time(1_796_000_000_123_457), .id(UUID()))
        #expect(ListCursor(encoded: cursor.encoded) == cursor)
    }

    @Test("a cursor carries its list's own sort key: a sequence number, a name, a time and an id")
    func cursorsOfEveryKind() throws {
        let cursor = ListCursor(list: "grades", key: [.text("A+"), .text("深圳市某某科技有限公司"), .integer(42), .time(-1)])
        #expect(ListCursor(encoded: cursor.encoded) == cursor)
        #expect(ListCursor(encoded: "not a cursor") == nil)
    }

    @Test("a cursor from one list is refused by another, naming the parameter")
    func cursorOfAnotherListRefused() async throws {
        try await TestApp.run { client, database in
            try await Accounts.seed(database)
            let admin = try await client.token(Accounts.admin)
            let organizations = try await client.call(.get, "/v1/organizations?limit=1", token: admin).json()
            let cursor = try #require(organizations["nextCursor"] as? String)
            #expect(try await client.call(.get, "/v1/organizations?limit=1&cursor=\(cursor)", token: admin).status == .ok)

            for uri in ["/v1/users?cursor=\(cursor)", "/v1/notifications?cursor=\(cursor)", "/v1/cases?cursor=\(cursor)"] {
                let refused = try await client.call(.get, uri, token: admin)
                #expect(refused.status == .badRequest, "\(uri)")
                let errors = try refused.json()["errors"] as? [[String: String]]
                #expect(errors?.first?["field"] == "cursor", "\(uri)")
            }
        }
    }
}
