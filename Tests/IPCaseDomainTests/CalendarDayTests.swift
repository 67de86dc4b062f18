import Foundation
import Testing
@testable import IPCaseDomain

@Suite("Calendar days")
struct CalendarDayTests {
    typealias F = WorkflowFixtures

    @Test func anInstantNearMidnightUTCIsTheNextDayInShanghai() {
        let instant = F.utcTime(2026, 3, 1, 16, 30)
        #expect(CalendarDay(instant, in: F.shanghai) == CalendarDay(year: 2026, month: 3, day: 2))
        #expect(CalendarDay(instant, in: F.utc) == CalendarDay(year: 2026, month: 3, day: 1))
        // One second before local midnight is still the 1st.
        #expect(CalendarDay(F.utcTime(2026, 3, 1, 15, 59, 59), in: F.shanghai) == CalendarDay(year: 2026, month: 3, day: 1))
        #expect(CalendarDay(F.utcTime(2026, 3, 1, 16), in: F.shanghai) == CalendarDay(year: 2026, month: 3, day: 2))
    }

    @Test func aTransitionContextCountsTheDayInTheDistrictsZone() {
        let context = TransitionContext(actor: .system, now: F.utcTime(2026, 3, 1, 16, 30), timeZone: F.shanghai)
        #expect(context.today == CalendarDay(year: 2026, month: 3, day: 2))
        let utcContext = TransitionContext(actor: .system, now: F.utcTime(2026, 3, 1, 16, 30), timeZone: F.utc)
        #expect(utcContext.today == CalendarDay(year: 2026, month: 3, day: 1))
    }

    @Test func aDayStartsAtLocalMidnight() {
        #expect(CalendarDay(year: 2026, month: 3, day: 2).start(in: F.shanghai) == F.utcTime(2026, 3, 1, 16))
        #expect(CalendarDay(year: 2026, month: 3, day: 2).start(in: F.utc) == F.utcTime(2026, 3, 2))
        // New York on the day daylight saving starts: midnight is still EST (UTC-5).
        let newYork = TimeZone(identifier: "America/New_York")!
        #expect(CalendarDay(year: 2026, month: 3, day: 8).start(in: newYork) == F.utcTime(2026, 3, 8, 5))
        #expect(CalendarDay(year: 2026, month: 3, day: 9).start(in: newYork) == F.utcTime(2026, 3, 9, 4))
    }

    @Test(arguments: [
        (CalendarDay(year: 2026, month: 3, day: 2), 15, CalendarDay(year: 2026, month: 3, day: 17)),
        (CalendarDay(year: 2026, month: 3, day: 3), 30, CalendarDay(year: 2026, month: 4, day: 2)),
        (CalendarDay(year: 2026, month: 2, day: 28), 1, CalendarDay(year: 2026, month: 3, day: 1)),
        (CalendarDay(year: 2028, month: 2, day: 28), 1, CalendarDay(year: 2028, month: 2, day: 29)),
        (CalendarDay(year: 2026, month: 12, day: 31), 1, CalendarDay(year: 2027, month: 1, day: 1)),
        (CalendarDay(year: 2026, month: 1, day: 1), -1, CalendarDay(year: 2025, month: 12, day: 31)),
        (CalendarDay(year: 2026, month: 3, day: 22), 120, CalendarDay(year: 2026, month: 7, day: 20)),
        (CalendarDay(year: 2026, month: 5, day: 5), 0, CalendarDay(year: 2026, month: 5, day: 5)),
    ])
    func addsDays(start: CalendarDay, days: Int, expected: CalendarDay) {
        #expect(start.adding(days: days) == expected)
        #expect(start.days(until: expected) == days)
        #expect(expected.days(until: start) == -days)
    }

    @Test func countsDaysAcrossYears() {
        #expect(CalendarDay(year: 2026, month: 1, day: 1).days(until: CalendarDay(year: 2027, month: 1, day: 1)) == 365)
        #expect(CalendarDay(year: 2028, month: 1, day: 1).days(until: CalendarDay(year: 2029, month: 1, day: 1)) == 366)
    }

    @Test func ordersByYearMonthDay() {
        let days = [
            CalendarDay(year: 2026, month: 10, day: 1), CalendarDay(year: 2025, month: 12, day: 31),
            CalendarDay(year: 2026, month: 2, day: 28), CalendarDay(year: 2026, month: 2, day: 3),
        ]
        #expect(days.sorted().map(\.description) == ["2025-12-31", "2026-02-03", "2026-02-28", "2026-10-01"])
        #expect(CalendarDay(year: 2026, month: 3, day: 17) < CalendarDay(year: 2026, month: 3, day: 18))
        #expect(!(CalendarDay(year: 2026, month: 3, day: 17) < CalendarDay(year: 2026, month: 3, day: 17)))
    }

    @Test func printsAndParsesYYYYMMDD() {
        #expect(CalendarDay(year: 2026, month: 3, day: 2).description == "2026-03-02")
        #expect(CalendarDay(year: 987, month: 1, day: 5).description == "0987-01-05")
        #expect(CalendarDay("2026-03-02") == CalendarDay(year: 2026, month: 3, day: 2))
        #expect(CalendarDay("2028-02-29") == CalendarDay(year: 2028, month: 2, day: 29))
        #expect(CalendarDay("2000-02-29") == CalendarDay(year: 2000, month: 2, day: 29))
        #expect(CalendarDay("2026-04-30") == CalendarDay(year: 2026, month: 4, day: 30))
        #expect(CalendarDay("2026-12-31") == CalendarDay(year: 2026, month: 12, day: 31))
    }

    @Test(arguments: [
        "2026-3-02", "2026-03-2", "26-03-02", "2026/03/02", "2026-03-02T00:00", "", "2026-00-10", "2026-13-01",
        "2026-01-00", "2026-01-32", "abcd-01-01", "2026-03-02-01",
        // Dates that do not exist.
        "2026-02-29", "2026-02-30", "2026-04-31", "2100-02-29",
        // Signs are not digits.
        "+202-01-01", "2026-+1-01", "2026-01-+1",
    ])
    func refusesWhatIsNotADate(text: String) {
        #expect(CalendarDay(text) == nil)
    }

    @Test func encodesAsAString() throws {
        let day = CalendarDay(year: 2026, month: 3, day: 2)
        let data = try JSONEncoder().encode([day])
        #expect(String(decoding: data, as: UTF8.self) == "[\"2026-03-02\"]")
        #expect(try JSONDecoder().decode([CalendarDay].self, from: data) == [day])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([CalendarDay].self, from: Data("[\"2026-02-30\"]".utf8)) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([CalendarDay].self, from: Data("[\"March 2\"]".utf8)) }
    }

    /// A whole snapshot with deadlines and signatures survives being stored as JSON.
    @Test func aSnapshotRoundTripsThroughJSON() throws {
        var walk = try CaseWalk.inMediation(try F.realWorkflow())
        try walk.take(
            "draftAgreement", by: F.mediatorActor, ["terms": "Pay", "determinesOwnershipOrValidity": false],
            at: F.shanghaiTime(2026, 3, 10))
        try walk.take("requestExtension", by: F.complainant, at: F.shanghaiTime(2026, 3, 11))
        try walk.take("signAgreement", by: F.complainant, at: F.shanghaiTime(2026, 3, 11))
        let data = try JSONEncoder().encode(walk.snapshot)
        let decoded = try JSONDecoder().decode(CaseSnapshot.self, from: data)
        #expect(decoded == walk.snapshot)
        let json = String(decoding: data, as: UTF8.self)
        #expect(json.contains("\"dueOn\":\"2026-04-02\""))
        #expect(json.contains("\"extension\""))  // proposals keyed by topic name
        #expect(json.contains("\"complainant\""))
    }
}

@Suite("Calendar day arithmetic")
struct CalendarDayArithmeticTests {
    /// Integer arithmetic agrees with Foundation's Gregorian calendar on every day from 1990 to 2060.
    @Test("adding days and months, the distance between days and weekends agree with Foundation")
    func agreesWithFoundation() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var day = CalendarDay(year: 1990, month: 1, day: 1)
        var date = calendar.date(from: DateComponents(year: 1990, month: 1, day: 1, hour: 12))!
        func parts(_ date: Date) -> CalendarDay {
            let components = calendar.dateComponents([.year, .month, .day], from: date)
            return CalendarDay(year: components.year!, month: components.month!, day: components.day!)
        }
        var mismatches = 0
        while day.year < 2060 {
            if day.adding(days: 37) != parts(calendar.date(byAdding: .day, value: 37, to: date)!) { mismatches += 1 }
            if day.adding(days: -400) != parts(calendar.date(byAdding: .day, value: -400, to: date)!) { mismatches += 1 }
            for months in [1, 3, 12, 36, -13] where day.adding(months: months) != parts(calendar.date(byAdding: .month, value: months, to: date)!) {
                mismatches += 1
            }
            let weekday = calendar.component(.weekday, from: date)
            if day.isWeekend != (weekday == 1 || weekday == 7) { mismatches += 1 }
            let next = day.adding(days: 1)
            #expect(day.days(until: next) == 1)
            day = next
            date = calendar.date(byAdding: .day, value: 1, to: date)!
            #expect(day == parts(date))
            if mismatches > 0 { break }
        }
        #expect(mismatches == 0, "first mismatch at \(day)")
    }
}
