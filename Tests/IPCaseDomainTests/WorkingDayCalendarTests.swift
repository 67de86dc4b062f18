import Foundation
import Testing
@testable import IPCaseDomain

/// Working days: weekdays that are not public holidays, and the weekend days the State Council makes
/// working days; the real `Policies/calendar/` files, and what a wrong file is refused for.
@Suite("Working-day calendar")
struct WorkingDayCalendarTests {
    static var folder: URL {
        URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Policies/calendar")
    }

    static func real() throws -> WorkingDayCalendar {
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "yaml" }
        return try WorkingDayCalendar.load(files.map {
            PolicySource(path: "Policies/calendar/\($0.lastPathComponent)", text: try String(contentsOf: $0, encoding: .utf8))
        })
    }

    static func day(_ text: String) -> CalendarDay { CalendarDay(text)! }

    @Test("holidays are rest days, adjusted Saturdays and Sundays are working days")
    func days() throws {
        let calendar = try Self.real()
        #expect(try calendar.isWorkingDay(Self.day("2026-02-16")) == false)  // Spring Festival, a Monday
        #expect(try calendar.isWorkingDay(Self.day("2026-02-14")) == true)  // an adjusted Saturday
        #expect(try calendar.isWorkingDay(Self.day("2026-02-28")) == true)
        #expect(try calendar.isWorkingDay(Self.day("2026-03-07")) == false)  // an ordinary Saturday
        #expect(try calendar.isWorkingDay(Self.day("2026-03-09")) == true)  // an ordinary Monday
        #expect(try calendar.isWorkingDay(Self.day("2026-10-10")) == true)  // the Saturday after National Day
    }

    @Test("a limit in working days runs across a holiday and counts an adjusted working Saturday")
    func limitsAcrossHolidays() throws {
        let calendar = try Self.real()
        // From Friday 13 February: Sat 14 (worked) is 1; the holiday runs 15–23; Tue 24 … Fri 27 are 2–5.
        #expect(try calendar.adding(workingDays: 5, to: Self.day("2026-02-13")) == Self.day("2026-02-27"))
        // …and the adjusted Saturday 28 February is the sixth.
        #expect(try calendar.adding(workingDays: 6, to: Self.day("2026-02-13")) == Self.day("2026-02-28"))
        // Seven working days from 30 September: 8, 9 (Thu, Fri), 10 (Sat, worked), 12, 13, 14, 15.
        #expect(try calendar.adding(workingDays: 7, to: Self.day("2026-09-30")) == Self.day("2026-10-15"))
    }

    @Test("a day past the calendar's last year is an error, never a guess")
    func beyondTheCalendar() throws {
        let calendar = try Self.real()
        #expect(throws: WorkingDayCalendar.BeyondCalendar.self) {
            try calendar.adding(workingDays: 30, to: Self.day("2026-12-10"))
        }
        #expect(throws: WorkingDayCalendar.BeyondCalendar.self) { try calendar.isWorkingDay(Self.day("2025-12-31")) }
    }

    @Test("a wrong calendar file is refused with its line")
    func refusals() {
        let text = """
            year: 2026
            source: test
            holidays:
              - { from: 2026-05-05, to: 2026-05-01, name: { zh: 劳动节, en: Labour Day } }
              - { from: 2027-01-01, to: 2027-01-01, name: { zh: 元旦, en: "New Year's Day" } }
            workdays: [2026-05-06, 2026-05-02, 2026-13-01]
            """
        do {
            _ = try WorkingDayCalendar.load([PolicySource(path: "Policies/calendar/bad.yaml", text: text)])
            Issue.record("a wrong calendar loaded")
        } catch {
            let messages = error.problems.map(\.description).joined(separator: "\n")
            #expect(messages.contains("bad.yaml:4: the holiday ends (2026-05-01) before it starts (2026-05-05)"))
            #expect(messages.contains("bad.yaml:5: the holiday is not in 2026"))
            #expect(messages.contains("2026-05-06 is a weekday"))
            #expect(messages.contains("'2026-13-01' is not a day"))
        }
        do {
            _ = try WorkingDayCalendar.load([
                PolicySource(path: "a.yaml", text: "year: 2026\nsource: a\n"),
                PolicySource(path: "b.yaml", text: "year: 2028\nsource: b\n"),
            ])
            Issue.record("a gap loaded")
        } catch {
            #expect(error.problems.map(\.message).contains("no calendar for 2027–2027 between 2026 and 2028"))
        }
    }
}
