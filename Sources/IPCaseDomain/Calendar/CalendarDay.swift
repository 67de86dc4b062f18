public import Foundation

/// A calendar date in the district's time zone. Legal deadlines are counted in whole days from the
/// day after the event (the day of the event itself does not count), and a deadline that falls due on
/// a day lasts until that day ends locally, whatever the server's own time zone.
public struct CalendarDay: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// The local date of `instant` in `timeZone`.
    public init(_ instant: Date, in timeZone: TimeZone) {
        let parts = Self.calendar(timeZone).dateComponents([.year, .month, .day], from: instant)
        self.init(year: parts.year!, month: parts.month!, day: parts.day!)
    }

    /// `YYYY-MM-DD`, as deadlines appear in the API. Only digits, and only days that exist:
    /// `2026-02-30` would otherwise compare between 02-28 and 03-01 yet start on 03-02.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) } }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1...12).contains(month), (1...Self.days(inMonth: month, of: year)).contains(day)
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    private static func days(inMonth month: Int, of year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public func adding(days: Int) -> CalendarDay {
        // Noon avoids any daylight-saving edge; the zone only matters for the date arithmetic here.
        let utc = TimeZone(identifier: "UTC")!
        let calendar = Self.calendar(utc)
        let noon = calendar.date(from: DateComponents(year: year, month: month, day: day, hour: 12))!
        return CalendarDay(calendar.date(byAdding: .day, value: days, to: noon)!, in: utc)
    }

    /// The same day `months` later; the last day of a shorter month when it has no such day
    /// (31 January plus one month is 28 or 29 February), as periods in months are counted.
    public func adding(months: Int) -> CalendarDay {
        let utc = TimeZone(identifier: "UTC")!
        let calendar = Self.calendar(utc)
        let noon = calendar.date(from: DateComponents(year: year, month: month, day: day, hour: 12))!
        return CalendarDay(calendar.date(byAdding: .month, value: months, to: noon)!, in: utc)
    }

    /// Whole days from `self` to `other` (positive when `other` is later).
    public func days(until other: CalendarDay) -> Int {
        let utc = TimeZone(identifier: "UTC")!
        let calendar = Self.calendar(utc)
        let from = calendar.date(from: DateComponents(year: year, month: month, day: day, hour: 12))!
        let to = calendar.date(from: DateComponents(year: other.year, month: other.month, day: other.day, hour: 12))!
        return calendar.dateComponents([.day], from: from, to: to).day!
    }

    /// The instant this day begins in `timeZone`.
    public func start(in timeZone: TimeZone) -> Date {
        Self.calendar(timeZone).date(from: DateComponents(year: year, month: month, day: day))!
    }

    public var description: String {
        String(format: "%04d-%02d-%02d", year, month, day)
    }

    public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = CalendarDay(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a YYYY-MM-DD date: \(text)"))
        }
        self = day
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    private static func calendar(_ timeZone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }
}
