import Foundation
import Hummingbird

/// Cursor pagination in a stable order, (created_at, id): `?limit=&cursor=`, answered with `nextCursor`
/// until the last page. The cursor is opaque to clients.
public struct PageRequest: Sendable {
    public static let defaultLimit = 20
    public static let maximumLimit = 100

    public let limit: Int
    public let after: Cursor?

    /// The last row's creation time in whole microseconds since 1970, PostgreSQL's own precision: a
    /// floating-point time can land a microsecond off and skip or repeat the boundary row.
    public struct Cursor: Sendable, Equatable {
        public let microseconds: Int64
        public let id: UUID

        var encoded: String {
            let text = "\(microseconds)|\(id.uuidString.lowercased())"
            return Data(text.utf8).base64EncodedString()
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
        }

        init(createdAt: Date, id: UUID) {
            self.microseconds = Int64((createdAt.timeIntervalSince1970 * 1_000_000).rounded())
            self.id = id
        }

        init(microseconds: Int64, id: UUID) {
            self.microseconds = microseconds
            self.id = id
        }

        /// Before every row: where the first page starts.
        static let start = Cursor(microseconds: -62_135_596_800_000_000, id: .zero)  // 0001-01-01

        /// After every row: where the first page of a newest-first list starts.
        static let end = Cursor(microseconds: 253_402_300_799_000_000, id: UUID(uuid: (255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255)))  // 9999-12-31

        init?(encoded: String) {
            var base64 = encoded.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
            base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
            guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8) else { return nil }
            let parts = text.split(separator: "|")
            guard parts.count == 2, let microseconds = Int64(parts[0]), let id = UUID(uuidString: String(parts[1])),
                  // PostgreSQL's timestamps end where these do; a forged cursor beyond them is not ours.
                  (Self.start.microseconds...Self.end.microseconds).contains(microseconds)
            else { return nil }
            self.init(microseconds: microseconds, id: id)
        }
    }

    /// Reads `limit` and `cursor` from the query, naming the parameter at fault.
    public init(_ request: Request) throws {
        let query = request.uri.queryParameters
        if let text = query["limit"].map(String.init) {
            guard let value = Int(text), (1...Self.maximumLimit).contains(value) else {
                throw Problem.badRequest(
                    "limit must be a whole number from 1 to \(Self.maximumLimit).",
                    errors: [FieldError("limit", "must be a whole number from 1 to \(Self.maximumLimit)")])
            }
            limit = value
        } else {
            limit = Self.defaultLimit
        }
        // An empty cursor is the same as none: the first page.
        if let text = query["cursor"].map(String.init), !text.isEmpty {
            guard let cursor = Cursor(encoded: text) else {
                throw Problem.badRequest("cursor is not one this server issued.", errors: [FieldError("cursor", "is not valid")])
            }
            after = cursor
        } else {
            after = nil
        }
    }
}

/// One page of a list.
public struct Page<Item: Encodable & Sendable>: Encodable, Sendable {
    public let items: [Item]
    public let nextCursor: String?

    /// A page of the rows the principal may see, when the query can only narrow the rows and a policy
    /// decides each one: fetches until `limit` visible rows and one more are found or the rows run out.
    static func visible(
        limit: Int, after: PageRequest.Cursor?,
        fetch: (PageRequest.Cursor?, Int) async throws -> [Item],
        cursor: (Item) -> PageRequest.Cursor,
        isVisible: (Item) -> Bool
    ) async throws -> Page {
        var visible: [Item] = []
        var position = after
        while true {
            let rows = try await fetch(position, limit + 1)
            visible += rows.filter(isVisible)
            guard visible.count <= limit, rows.count == limit + 1, let last = rows.last else { break }
            position = cursor(last)
        }
        return Page(rows: visible, limit: limit, cursor: cursor)
    }

    /// `rows` were fetched with `limit + 1`, so that a further page is known to exist without counting.
    init(rows: [Item], limit: Int, cursor: (Item) -> PageRequest.Cursor) {
        items = Array(rows.prefix(limit))
        nextCursor = rows.count > limit ? items.last.map { cursor($0).encoded } : nil
    }
}
