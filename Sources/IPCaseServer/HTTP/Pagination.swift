import Foundation
import Hummingbird
import IPCaseDomain

/// Cursor pagination in each list's own stable order: `?limit=&cursor=`, answered with `nextCursor`
/// until the last page. A cursor names the list that issued it (see `Keyset`); another list's is 400.
public struct PageRequest: Sendable {
    public static let defaultLimit = 20
    public static let maximumLimit = 100

    public let limit: Int
    let after: ListCursor?

    /// Reads `limit` and `cursor` from the query, naming the parameter at fault.
    init(_ request: Request, list keyset: Keyset) throws {
        let query = request.uri.queryParameters
        if let text = query["limit"].map(String.init) {
            guard let value = Int(text), (1...Self.maximumLimit).contains(value) else {
                let message = FieldMessage.wholeNumber(1...Self.maximumLimit)
                throw Problem.badRequest(ProblemDetail.parameter("limit", message), errors: [FieldError("limit", message)])
            }
            limit = value
        } else {
            limit = Self.defaultLimit
        }
        // An empty cursor is the same as none: the first page.
        if let text = query["cursor"].map(String.init), !text.isEmpty {
            guard let cursor = ListCursor(encoded: text) else {
                throw Problem.badRequest(ProblemDetail.cursorNotIssued, errors: [FieldError("cursor", FieldMessage.notValid)])
            }
            guard keyset.accepts(cursor) else {
                throw Problem.badRequest(
                    ProblemDetail.cursorOfAnotherList(cursor.list, expected: keyset.list),
                    errors: [FieldError("cursor", FieldMessage.belongsToAnotherList)])
            }
            after = cursor
        } else {
            after = nil
        }
    }
}

/// One page of a list.
public struct Page<Item: Sendable>: Sendable {
    public let items: [Item]
    public let nextCursor: String?

    /// The same page with each item shown another way (a stored subject as its representation).
    func map<Shown: Sendable>(_ transform: (Item) throws -> Shown) rethrows -> Page<Shown> {
        Page<Shown>(items: try items.map(transform), nextCursor: nextCursor)
    }

    private init(items: [Item], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }

    /// A page of the rows the principal may see, when the query can only narrow the rows and a policy
    /// decides each one: fetches until `limit` visible rows and one more are found or the rows run out.
    static func visible(
        limit: Int, after: ListCursor?,
        fetch: (ListCursor?, Int) async throws -> [Item],
        cursor: (Item) -> ListCursor,
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
    init(rows: [Item], limit: Int, cursor: (Item) -> ListCursor) {
        items = Array(rows.prefix(limit))
        nextCursor = rows.count > limit ? items.last.map { cursor($0).encoded } : nil
    }
}

extension Page: Encodable where Item: Encodable {}
