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
                expected.append(id.uuidString)
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
        let cursor = PageRequest.Cursor(microseconds: 1_796_000_000_123_457, id: UUID())
        #expect(PageRequest.Cursor(encoded: cursor.encoded) == cursor)
    }
}
