import Foundation
import PostgresNIO
import Testing
@testable import IPCaseServer
import HTTPTypes
import HummingbirdTesting

/// Every legal deadline, driven by moving the injected clock days ahead and firing the timers as the
/// server's scheduler would. Dates are Asia/Shanghai calendar days; the clock starts 2026-03-02 10:00 there.
@Suite("Case deadlines")
struct CaseDeadlineTests {
    typealias W = CaseWorld

    private func deadline(_ world: CaseWorld, _ id: String, as email: String = W.complainant) async throws -> [String: Any] {
        let body = try await world.read(id, as: email)
        return try #require((body["deadlines"] as? [[String: Any]])?.first)
    }

    @Test("mediation without extension: 30 days, then the system declares it failed")
    func mediationRunsOut() async throws {
        try await W.run { world in
            let id = try await world.inMediation()
            let mediation = try await deadline(world, id)
            #expect(mediation["name"] as? String == "mediation")
            #expect(mediation["dueOn"] as? String == "2026-04-01")
            try await world.advance(days: 30)
            #expect(try await world.runTimers() == 0)
            #expect(try await world.state(id) == "in_mediation")
            try await world.advance(days: 1)
            let (fired, metrics) = try await world.runTimersReportingMetrics()
            #expect(fired == 1)
            #expect(try await world.state(id) == "mediation_failed")
            // It fired some hours after it came due (the clock jumped a day), and /metrics says how late.
            #expect(metrics.contains(#"ipcase_timers_fired_total{outcome="fired"} 1"#))
            #expect(metrics.contains("ipcase_timer_lag_seconds_count 1"))
            #expect(metrics.contains(#"ipcase_timer_lag_seconds_bucket{le="3600.0"} 0"#))
            let last = try #require(try await world.events(id).last)
            #expect(last["action"] as? String == "mediationExpired")
        }
    }

    @Test("mediation with its one extension: both consent, the due day moves 30 days, a second extension is refused")
    func mediationExtended() async throws {
        try await W.run { world in
            let id = try await world.inMediation()
            try await world.advance(days: 20)
            try await world.must(id, "requestExtension", as: W.respondent)
            #expect(try await deadline(world, id)["dueOn"] as? String == "2026-04-01")
            try await world.must(id, "consentToExtension", as: W.complainant)
            let extended = try await deadline(world, id)
            #expect(extended["dueOn"] as? String == "2026-05-01")
            #expect(extended["extensionsUsed"] as? Int == 1)
            let again = try await world.act(id, "requestExtension", as: W.complainant)
            #expect(again.status == .unprocessableContent)
            #expect(try again.json()["guard"] as? String == "extensionAvailable")
            try await world.advance(days: 11)  // 2026-04-02: past the first due day
            #expect(try await world.runTimers() == 0)
            #expect(try await world.state(id) == "in_mediation")
            try await world.advance(days: 30)  // 2026-05-02
            #expect(try await world.runTimers() == 1)
            #expect(try await world.state(id) == "mediation_failed")
        }
    }

    @Test("the mediation clock stops while the agreement waits for signatures")
    func mediationPausedForSignatures() async throws {
        try await W.run { world in
            let id = try await world.inMediation()
            try await world.advance(days: 25)
            try await world.must(
                id, "draftAgreement", as: W.mediator, fields: ["terms": "Terms.", "determinesOwnershipOrValidity": false])
            let paused = try await deadline(world, id)
            #expect(paused["paused"] as? Bool == true)
            #expect(paused["daysLeftWhenPaused"] as? Int == 5)
            try await world.advance(days: 20)
            #expect(try await world.runTimers() == 0)
            #expect(try await world.state(id) == "in_mediation")
            try await world.must(id, "signAgreement", as: W.complainant)
            #expect(try await world.must(id, "signAgreement", as: W.respondent) == "settled")
        }
    }

    @Test("the confirmation window: 30 days from the agreement's effect, then applying is refused by its guard")
    func confirmationWindow() async throws {
        try await W.run { world in
            let id = try await world.settled()
            let window = try await deadline(world, id)
            #expect(window["name"] as? String == "confirmationApplication")
            #expect(window["dueOn"] as? String == "2026-04-01")
            #expect(window["window"] as? Bool == true)
            try await world.advance(days: 30)
            #expect(try await world.act(id, "applyForConfirmation", as: W.complainant, fields: ["courtId": world.courtId]).status == .ok)
            // A second case, a day too late.
            let late = try await world.settled()
            try await world.advance(days: 31)
            let refused = try await world.act(late, "applyForConfirmation", as: W.complainant, fields: ["courtId": world.courtId])
            #expect(refused.status == .unprocessableContent)
            #expect(try refused.json()["guard"] as? String == "withinConfirmationWindow")
            // A window is not a duty: nobody is overdue.
            #expect(try await world.read(late)["overdue"] as? Bool == false)
        }
    }

    @Test("an agreement deciding ownership or validity cannot go to the court")
    func ownershipCannotBeConfirmed() async throws {
        try await W.run { world in
            let id = try await world.settled(decidesOwnership: true)
            let refused = try await world.act(id, "applyForConfirmation", as: W.complainant, fields: ["courtId": world.courtId])
            #expect(refused.status == .unprocessableContent)
            #expect(try refused.json()["guard"] as? String == "agreementDoesNotDecideOwnershipOrValidity")
            let available = try await world.read(id)["availableActions"] as? [[String: Any]] ?? []
            #expect(!available.contains { $0["name"] as? String == "applyForConfirmation" })
        }
    }

    @Test("the court's 3 days to accept and 15 days to rule: a late court shows the case overdue, in the list filter too")
    func courtDeadlines() async throws {
        try await W.run { world in
            let id = try await world.confirmationRequested()
            let acceptance = try await deadline(world, id, as: W.judge)
            #expect(acceptance["name"] as? String == "courtAcceptance")
            #expect(acceptance["dueOn"] as? String == "2026-03-05")
            try await world.advance(days: 3)
            #expect(try await world.read(id, as: W.judge)["overdue"] as? Bool == false)
            try await world.advance(days: 1)
            #expect(try await world.read(id, as: W.judge)["overdue"] as? Bool == true)
            let overdue = try await world.client.call(.get, "/v1/cases?overdue=true", token: world.token(W.judge))
            #expect((try overdue.json()["items"] as? [[String: Any]])?.map { ($0["id"] as? String)?.lowercased() } == [id])
            try await world.must(id, "acceptConfirmationApplication", as: W.judge)
            let ruling = try await deadline(world, id, as: W.judge)
            #expect(ruling["name"] as? String == "courtRuling")
            #expect(ruling["dueOn"] as? String == "2026-03-21")
            try await world.advance(days: 15)
            #expect(try await world.read(id, as: W.judge)["overdue"] as? Bool == false)
            try await world.advance(days: 1)
            #expect(try await world.read(id, as: W.judge)["overdue"] as? Bool == true)
            try await world.must(id, "confirmAgreement", as: W.judge)
            #expect(try await world.read(id, as: W.judge)["overdue"] as? Bool == false)
        }
    }

    @Test("a respondent answering after the reply deadline is refused even before the timer has run")
    func lateAnswerRefused() async throws {
        try await W.run { world in
            let id = try await world.file()
            try await world.must(id, "accept", as: W.mediator)
            try await world.advance(days: 16)
            let late = try await world.act(id, "respondentConsents", as: W.respondent)
            #expect(late.status == .conflict)
            #expect(try late.json()["deadline"] as? String == "respondentReply")
        }
    }
}
