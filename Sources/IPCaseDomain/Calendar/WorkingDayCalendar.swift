import Foundation

/// Which days are working days in the district: Monday to Friday unless a public holiday, and the
/// Saturdays and Sundays the State Council makes working days (调休). `Policies/calendar/*.yaml` holds
/// one year a file; a day outside the years it covers is not guessed (docs/domain.md#working-days-and-deadlines).
public struct WorkingDayCalendar: Sendable {
    public struct Holiday: Sendable, Hashable {
        public let from: CalendarDay
        public let to: CalendarDay
        public let name: LocalizedText
    }

    /// One published year.
    public struct Year: Sendable {
        public let year: Int
        /// The notice the year follows, named for whoever checks it.
        public let source: String
        public let holidays: [Holiday]
        public let workdays: Set<CalendarDay>
    }

    /// A day the calendar does not cover: nobody has published whether it is a working day yet.
    public struct BeyondCalendar: Error, Sendable, Equatable, CustomStringConvertible {
        public let day: CalendarDay
        public let covered: ClosedRange<Int>?

        public var description: String {
            let years = covered.map { "\($0.lowerBound)–\($0.upperBound)" } ?? "none"
            return "\(day) is outside the working-day calendar (years covered: \(years)); add Policies/calendar/ for \(day.year)"
        }
    }

    public let years: [Int: Year]
    private let holidays: Set<CalendarDay>

    public init(years: [Year]) {
        self.years = Dictionary(years.map { ($0.year, $0) }, uniquingKeysWith: { first, _ in first })
        var days: Set<CalendarDay> = []
        for holiday in years.flatMap(\.holidays) {
            var day = holiday.from
            while day <= holiday.to {
                days.insert(day)
                day = day.adding(days: 1)
            }
        }
        holidays = days
    }

    /// The years covered, when they follow each other without a gap.
    public var covered: ClosedRange<Int>? {
        guard let first = years.keys.min(), let last = years.keys.max() else { return nil }
        return first...last
    }

    public func isWorkingDay(_ day: CalendarDay) throws(BeyondCalendar) -> Bool {
        guard let year = years[day.year] else { throw BeyondCalendar(day: day, covered: covered) }
        if year.workdays.contains(day) { return true }
        if holidays.contains(day) { return false }
        return !day.isWeekend
    }

    /// The day on which `count` working days after `day` have passed: the last day of a limit of `count`
    /// working days that starts the day after `day`, as limits in days do.
    public func adding(workingDays count: Int, to day: CalendarDay) throws(BeyondCalendar) -> CalendarDay {
        var current = day
        var left = count
        while left > 0 {
            current = current.adding(days: 1)
            if try isWorkingDay(current) { left -= 1 }
        }
        return current
    }
}

extension CalendarDay {
    /// Saturday or Sunday, in the proleptic Gregorian calendar (1970-01-01 was a Thursday).
    public var isWeekend: Bool {
        let weekday = ((dayNumber % 7) + 7 + 3) % 7  // 0 is Monday
        return weekday >= 5
    }
}
