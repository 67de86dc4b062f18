import Foundation
import PostgresNIO

/// How one list is sorted, and the one place that writes keyset pagination SQL for every list.
///
/// A list names itself (`cases`, `events` …) and the columns of its sort key, all ascending or
/// all descending, so that a row comparison `(a, b) > ($1, $2)` finds the rows after the cursor on the
/// list's index. The base query's WHERE clause must not end in a bare `OR`: the cursor's condition is
/// joined to it with `AND`. Its cursors carry that name and the key's values, so a cursor of another list is
/// refused instead of misread.
struct Keyset: Sendable {
    /// The kind of one sort column, which says how its value is bound and carried in a cursor.
    enum Kind: Sendable {
        /// A `timestamptz`, carried in whole microseconds (PostgreSQL's own precision: a floating-point
        /// time can land a microsecond off and skip or repeat the boundary row).
        case time
        case id
        case integer
        case text
    }

    struct Column: Sendable {
        let sql: String
        let kind: Kind
    }

    let list: String
    let columns: [Column]
    let descending: Bool

    init(list: String, _ columns: [(String, Kind)], descending: Bool = false) {
        self.list = list
        self.columns = columns.map { Column(sql: $0.0, kind: $0.1) }
        self.descending = descending
    }

    /// `base` ends inside a WHERE clause; this appends the condition after `cursor` (nothing on the
    /// first page), the order and the limit, binding every value.
    func page(_ base: PostgresQuery, after cursor: ListCursor?, limit: Int) throws -> PostgresQuery {
        var sql = base.sql
        var binds = base.binds
        if let cursor {
            var placeholders: [String] = []
            for (column, value) in zip(columns, cursor.key) {
                let n = binds.count + 1
                switch (column.kind, value) {
                case (.time, .time(let microseconds)):
                    binds.append(microseconds)
                    placeholders.append("'epoch'::timestamptz + $\(n)::bigint * interval '1 microsecond'")
                case (.id, .id(let id)):
                    binds.append(id)
                    placeholders.append("$\(n)::uuid")
                case (.integer, .integer(let number)):
                    binds.append(number)
                    placeholders.append("$\(n)::bigint")
                case (.text, .text(let text)):
                    binds.append(text)
                    placeholders.append("$\(n)::text")
                default:
                    throw ListCursor.Mismatch()
                }
            }
            let names = columns.map(\.sql).joined(separator: ", ")
            sql += " AND (\(names)) \(descending ? "<" : ">") (\(placeholders.joined(separator: ", ")))"
        }
        let direction = descending ? " DESC" : ""
        sql += " ORDER BY " + columns.map { $0.sql + direction }.joined(separator: ", ")
        binds.append(limit)
        sql += " LIMIT $\(binds.count)"
        return PostgresQuery(unsafeSQL: sql, binds: binds)
    }

    /// The cursor that continues after a row with these sort values.
    func cursor(_ key: ListCursor.Value...) -> ListCursor {
        ListCursor(list: list, key: key)
    }

    /// Whether `cursor` was issued by this list: its name and the kinds of its values match.
    func accepts(_ cursor: ListCursor) -> Bool {
        cursor.list == list && cursor.key.count == columns.count
            && zip(columns, cursor.key).allSatisfy { $0.kind == $1.kind }
    }
}

/// Where a page of one list ends: the list's name and the last row's sort key. Opaque to clients.
struct ListCursor: Sendable, Equatable {
    enum Value: Sendable, Equatable {
        case time(Int64)
        case id(UUID)
        case integer(Int)
        case text(String)

        static func time(_ date: Date) -> Value { .time(Int64((date.timeIntervalSince1970 * 1_000_000).rounded())) }

        var kind: Keyset.Kind {
            switch self {
            case .time: .time
            case .id: .id
            case .integer: .integer
            case .text: .text
            }
        }
    }

    struct Mismatch: Error {}

    let list: String
    let key: [Value]

    /// The earliest and latest times PostgreSQL keeps; a forged cursor beyond them is not ours.
    static let times: ClosedRange<Int64> = -62_135_596_800_000_000...253_402_300_799_000_000

    /// base64url of JSON: `{"l":"cases","k":[{"t":…},{"u":"…"}]}`.
    var encoded: String {
        // Every value travels as text, so that 64-bit numbers survive JSON readers that use doubles.
        let values: [[String: String]] = key.map {
            switch $0 {
            case .time(let microseconds): ["t": String(microseconds)]
            case .id(let id): ["u": id.uuidString.lowercased()]
            case .integer(let number): ["i": String(number)]
            case .text(let text): ["s": text]
            }
        }
        let data = (try? JSONEncoder().encode(Encoded(l: list, k: values))) ?? Data()
        return data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    init(list: String, key: [Value]) {
        self.list = list
        self.key = key
    }

    init?(encoded: String) {
        var base64 = encoded.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let decoded = try? JSONDecoder().decode(Encoded.self, from: data)
        else { return nil }
        var key: [Value] = []
        for value in decoded.k {
            guard value.count == 1, let (tag, text) = value.first else { return nil }
            switch tag {
            case "t":
                guard let microseconds = Int64(text), Self.times.contains(microseconds) else { return nil }
                key.append(.time(microseconds))
            case "u":
                guard let id = UUID(uuidString: text) else { return nil }
                key.append(.id(id))
            case "i":
                guard let number = Int(text) else { return nil }
                key.append(.integer(number))
            case "s":
                guard !text.unicodeScalars.contains("\u{0}") else { return nil }
                key.append(.text(text))
            default: return nil
            }
        }
        self.init(list: decoded.l, key: key)
    }

    private struct Encoded: Codable {
        let l: String
        let k: [[String: String]]
    }
}
