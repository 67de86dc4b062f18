import Foundation
import IPCaseDomain

/// What the API answered, as a template reads it: objects become dictionaries, a `{ zh, en }` text becomes the
/// chosen language's, and an instant becomes a date and time in Asia/Shanghai, the district's time.
enum ConsoleModel {
    static let shanghai = TimeZone(identifier: "Asia/Shanghai")!

    static func value(_ json: JSONValue, _ language: Language) -> Any? {
        switch json {
        case .null: return nil
        case .bool(let value): return value
        case .number(let value): return value == value.rounded() && abs(value) < 1e15 ? Int(value) as Any : value
        case .string(let value): return instant(value).map { localTime($0) } ?? value
        case .array(let values): return values.compactMap { Self.value($0, language) }
        case .object(let fields):
            if fields.count == 2, case .string(let zh)? = fields["zh"], case .string(let en)? = fields["en"] {
                return language == .en ? en : zh
            }
            var object: [String: Any] = [:]
            for (name, field) in fields { object[name] = value(field, language) }
            return object
        }
    }

    static func object(_ json: JSONValue?, _ language: Language) -> [String: Any] {
        json.flatMap { value($0, language) as? [String: Any] } ?? [:]
    }

    static func items(_ json: JSONValue?, _ language: Language) -> [[String: Any]] {
        object(json, language)["items"] as? [[String: Any]] ?? []
    }

    /// An RFC 3339 instant as the API writes them (`2026-10-24T15:07:55.220Z`); a calendar day is left as it is.
    static func instant(_ text: String) -> Date? {
        guard text.count >= 20, text.count <= 30, text.hasSuffix("Z"), text.dropFirst(10).first == "T" else { return nil }
        return (try? Date(text, strategy: .iso8601.year().month().day().time(includingFractionalSeconds: true)))
            ?? (try? Date(text, strategy: .iso8601))
    }

    static func localTime(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = shanghai
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d", c.year!, c.month!, c.day!, c.hour!, c.minute!)
    }
}
