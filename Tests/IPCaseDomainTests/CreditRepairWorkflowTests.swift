import Foundation
import Testing
@testable import IPCaseDomain

/// The repair workflow of Policies/workflows/credit-repairs.yaml as pure functions: limits in working days
/// of the real 2026 calendar, reminders before them, and no guess past the calendar.
@Suite("Credit repair workflow")
struct CreditRepairWorkflowTests {
    typealias F = WorkflowFixtures

    static func policies(_ path: String) throws -> PolicySource {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return PolicySource(path: path, text: try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8))
    }

    static func workflow() throws -> WorkflowDefinition<CreditRepairRules> {
        let calendar = try WorkingDayCalendar.load([try policies("Policies/calendar/cn-2026.yaml")])
        return try WorkflowDefinition<CreditRepairRules>.load(try policies("Policies/workflows/credit-repairs.yaml"), calendar: calendar)
    }

    static func application(at date: Date) -> CreditApplication {
        CreditApplication(
            recordId: F.id("f1"), creditCode: "914403001922038216", organizationId: F.respondentOrg, authorityId: F.id("e1"),
            submittedBy: F.respondentUser, submittedAt: date, text: "Corrected.", commitment: "We commit.")
    }

    static func start(at date: Date) throws -> TransitionOutcome<CreditApplication> {
        try workflow().start(
            application(at: date), action: "submit", payload: [:],
            context: TransitionContext(actor: .user(id: F.respondentUser, organizationId: F.respondentOrg), now: date, timeZone: F.shanghai))
    }

    @Test("three working days from Wednesday 29 April skip Labour Day (1–5 May) and end on Thursday 7 May")
    func acceptanceSkipsTheHoliday() throws {
        let started = try Self.start(at: F.shanghaiTime(2026, 4, 29))
        #expect(started.subject.state == "submitted")
        #expect(started.subject.deadlines.first?.dueOn == CalendarDay(year: 2026, month: 5, day: 7))
        #expect(started.notifications.first?.recipient == "authority")
        #expect(started.notifications.first?.text.en.contains("by 2026-05-07") == true)
    }

    @Test("the reminder comes one working day before the limit, and a timer is set for it but none for expiry")
    func reminder() throws {
        let workflow = try Self.workflow()
        let started = try Self.start(at: F.shanghaiTime(2026, 4, 29))
        let running = try #require(started.subject.deadlines.first)
        #expect(workflow.reminderDay(running) == CalendarDay(year: 2026, month: 5, day: 6))
        let timers = workflow.timers(for: started.subject)
        #expect(timers.map(\.name) == ["acceptance.reminder"])
        #expect(timers.first?.firesAt == F.shanghaiTime(2026, 5, 6, 0))
        #expect(workflow.reminders("acceptance.reminder", on: started.subject, now: F.shanghaiTime(2026, 5, 5)) == nil)
        let due = try #require(workflow.reminders("acceptance.reminder", on: started.subject, now: F.shanghaiTime(2026, 5, 6, 8)))
        #expect(due.first?.recipient == "authority")
    }

    @Test("seven working days from Thursday 7 May count the adjusted Saturday 9 May and end on Friday 15 May; one extension adds seven more")
    func decisionCountsTheAdjustedSaturday() throws {
        let workflow = try Self.workflow()
        let started = try Self.start(at: F.shanghaiTime(2026, 4, 29))
        let authority = TransitionContext(
            actor: .user(id: F.id("1e1"), organizationId: F.id("e1")), now: F.shanghaiTime(2026, 5, 7), timeZone: F.shanghai)
        let accepted = try workflow.take("accept", on: started.subject, context: authority)
        #expect(accepted.subject.deadlines.first?.dueOn == CalendarDay(year: 2026, month: 5, day: 15))
        let extended = try workflow.take(
            "extendDecision", on: accepted.subject,
            context: TransitionContext(
                actor: authority.actor, fields: ["reason": .string("Waiting for a certificate.")], now: authority.now, timeZone: F.shanghai))
        #expect(extended.subject.deadlines.first?.dueOn == CalendarDay(year: 2026, month: 5, day: 26))
        #expect(throws: TransitionRefusal.self) {
            try workflow.take(
                "extendDecision", on: extended.subject,
                context: TransitionContext(
                    actor: authority.actor, fields: ["reason": .string("Again.")], now: authority.now, timeZone: F.shanghai))
        }
    }

    @Test("a limit that would end in a year the calendar does not cover is refused, naming the day")
    func beyondTheCalendar() throws {
        #expect(throws: TransitionRefusal.beyondCalendar(day: CalendarDay(year: 2027, month: 1, day: 1), covered: 2026...2026)) {
            try Self.start(at: F.shanghaiTime(2026, 12, 29))
        }
    }
}
