import Foundation
import Testing
@testable import IPCaseDomain

/// Legal deadlines: counted in whole days from the day after entry, due until the due day ends in the
/// district's time zone, paused while an agreement awaits signatures, extended once by consent.
@Suite("Workflow deadlines")
struct WorkflowDeadlineTests {
    typealias F = WorkflowFixtures

    private func awaitingRespondent(acceptedAt: Date) throws -> CaseWalk {
        var walk = CaseWalk(try F.realWorkflow())
        try walk.take("accept", by: F.body, at: acceptedAt)
        return walk
    }

    // MARK: respondentReply

    @Test func theRespondentHasFifteenDaysFromTheDayAfterAcceptance() throws {
        let walk = try awaitingRespondent(acceptedAt: F.shanghaiTime(2026, 3, 2, 10))
        let deadline = try #require(walk.snapshot.deadlines.first)
        #expect(deadline.name == "respondentReply")
        #expect(deadline.startedOn == CalendarDay(year: 2026, month: 3, day: 2))
        #expect(deadline.dueOn == CalendarDay(year: 2026, month: 3, day: 17))
        #expect(!deadline.isPaused)
        #expect(deadline.extensionsUsed == 0)
    }

    /// 2026-03-01T16:30Z is already 2026-03-02 in Shanghai, so the clock starts from the 2nd.
    @Test func theEntryDayIsTheLocalDayNotTheUTCDay() throws {
        let late = try awaitingRespondent(acceptedAt: F.utcTime(2026, 3, 1, 16, 30))
        #expect(late.snapshot.deadlines.first?.startedOn == CalendarDay(year: 2026, month: 3, day: 2))
        #expect(late.snapshot.deadlines.first?.dueOn == CalendarDay(year: 2026, month: 3, day: 17))

        let early = try awaitingRespondent(acceptedAt: F.utcTime(2026, 3, 1, 15, 59, 59))
        #expect(early.snapshot.deadlines.first?.startedOn == CalendarDay(year: 2026, month: 3, day: 1))
        #expect(early.snapshot.deadlines.first?.dueOn == CalendarDay(year: 2026, month: 3, day: 16))
    }

    @Test func theReplyDeadlineFiresAtLocalMidnightAfterTheDueDay() throws {
        let workflow = try F.realWorkflow()
        let walk = try awaitingRespondent(acceptedAt: F.shanghaiTime(2026, 3, 2))
        let deadline = try #require(walk.snapshot.deadlines.first)
        // 2026-03-18 00:00 in Shanghai is 2026-03-17 16:00 UTC.
        #expect(workflow.firesAt(deadline) == F.utcTime(2026, 3, 17, 16))
        #expect(workflow.firesAt(deadline) == F.shanghaiTime(2026, 3, 18, 0))
    }

    @Test func expiryWaitsUntilTheDueDayHasEnded() throws {
        let workflow = try F.realWorkflow()
        let walk = try awaitingRespondent(acceptedAt: F.shanghaiTime(2026, 3, 2))
        #expect(workflow.expire("respondentReply", on: walk.snapshot, now: F.shanghaiTime(2026, 3, 17, 0, 0, 1)) == nil)
        #expect(workflow.expire("respondentReply", on: walk.snapshot, now: F.shanghaiTime(2026, 3, 17, 23, 59, 59)) == nil)
        // 15:59:59 UTC on the 17th is still the 17th in Shanghai.
        #expect(workflow.expire("respondentReply", on: walk.snapshot, now: F.utcTime(2026, 3, 17, 15, 59, 59)) == nil)
    }

    @Test func anExpiredReplyClosesTheCaseAsDeclined() throws {
        let workflow = try F.realWorkflow()
        let walk = try awaitingRespondent(acceptedAt: F.shanghaiTime(2026, 3, 2))
        let deadline = try #require(walk.snapshot.deadlines.first)
        let firesAt = try #require(workflow.firesAt(deadline))
        let outcome = try #require(workflow.expire("respondentReply", on: walk.snapshot, now: firesAt))
        #expect(outcome.steps == [
            TransitionStep(action: "respondentSilent", from: "awaiting_respondent", to: "closed", actor: .system, payload: [:]),
        ])
        #expect(outcome.snapshot.state == "closed")
        #expect(outcome.snapshot.outcome == "respondent_declined")
        #expect(outcome.snapshot.stateEnteredAt == firesAt)
        #expect(outcome.snapshot.deadlines.isEmpty)
        #expect(outcome.notifications.map(\.recipient) == ["complainant"])
        #expect(outcome.notifications.first?.actingSide == nil)
        // Much later is just as expired.
        #expect(workflow.expire("respondentReply", on: walk.snapshot, now: F.shanghaiTime(2027, 1, 1))?.snapshot.state == "closed")
    }

    @Test func aStaleTimerDoesNothing() throws {
        let workflow = try F.realWorkflow()
        var walk = try awaitingRespondent(acceptedAt: F.shanghaiTime(2026, 3, 2))
        let later = F.shanghaiTime(2026, 4, 1)
        #expect(workflow.expire("mediation", on: walk.snapshot, now: later) == nil)  // not a deadline of this state
        #expect(workflow.expire("noSuchDeadline", on: walk.snapshot, now: later) == nil)
        try walk.take("respondentConsents", by: F.respondent, at: F.shanghaiTime(2026, 3, 10))
        #expect(workflow.expire("respondentReply", on: walk.snapshot, now: later) == nil)  // the case moved on
    }

    // MARK: dutyDueOn and windows

    @Test func dutyDueOnIsTheEarliestRunningDuty() throws {
        let workflow = try F.realWorkflow()
        #expect(workflow.dutyDueOn(F.newCase()) == nil)
        let awaiting = try awaitingRespondent(acceptedAt: F.shanghaiTime(2026, 3, 2))
        #expect(workflow.dutyDueOn(awaiting.snapshot) == CalendarDay(year: 2026, month: 3, day: 17))
        let mediating = try CaseWalk.inMediation(workflow)
        #expect(workflow.dutyDueOn(mediating.snapshot) == CalendarDay(year: 2026, month: 4, day: 2))
    }

    @Test func aWindowIsNoDutyAndRunsNoTimer() throws {
        let workflow = try F.realWorkflow()
        let walk = try CaseWalk.settled(workflow)
        let window = try #require(walk.snapshot.deadlines.first)
        #expect(window.name == "confirmationApplication")
        #expect(window.dueOn == CalendarDay(year: 2026, month: 4, day: 11))
        #expect(workflow.dutyDueOn(walk.snapshot) == nil)
        #expect(workflow.firesAt(window) == nil)
        #expect(workflow.expire("confirmationApplication", on: walk.snapshot, now: F.shanghaiTime(2026, 6, 1)) == nil)
    }

    @Test func aDeadlineWithoutExpiryActionIsOnlyOverdue() throws {
        let workflow = try F.realWorkflow()
        var walk = try CaseWalk.settled(workflow)
        try walk.take("applyForConfirmation", by: F.complainant, ["courtId": .string(F.court.uuidString)], at: F.shanghaiTime(2026, 3, 20))
        try walk.take("consentToConfirmation", by: F.respondent, at: F.shanghaiTime(2026, 3, 20))
        let acceptance = try #require(walk.snapshot.deadlines.first)
        #expect(acceptance.name == "courtAcceptance")
        #expect(workflow.dutyDueOn(walk.snapshot) == CalendarDay(year: 2026, month: 3, day: 23))
        #expect(workflow.firesAt(acceptance) == nil)
        #expect(workflow.expire("courtAcceptance", on: walk.snapshot, now: F.shanghaiTime(2026, 4, 1)) == nil)
    }

    // MARK: mediation: pause and extension

    @Test func mediationRunsThirtyDaysAndFailsWhenItRunsOut() throws {
        let workflow = try F.realWorkflow()
        let walk = try CaseWalk.inMediation(workflow)  // entered 2026-03-03
        let mediation = try #require(walk.snapshot.deadlines.first)
        #expect(mediation.dueOn == CalendarDay(year: 2026, month: 4, day: 2))
        #expect(workflow.firesAt(mediation) == F.utcTime(2026, 4, 2, 16))
        #expect(workflow.expire("mediation", on: walk.snapshot, now: F.shanghaiTime(2026, 4, 2, 23, 59)) == nil)
        let outcome = try #require(workflow.expire("mediation", on: walk.snapshot, now: F.shanghaiTime(2026, 4, 3)))
        #expect(outcome.steps.map(\.action) == ["mediationExpired"])
        #expect(outcome.snapshot.state == "mediation_failed")
        #expect(outcome.snapshot.outcome == nil)
    }

    @Test func mediationPausesWhileTheAgreementAwaitsSignatures() throws {
        let workflow = try F.realWorkflow()
        var walk = try CaseWalk.inMediation(workflow)  // due 2026-04-02
        try walk.take(
            "draftAgreement", by: F.mediatorActor, ["terms": "Pay", "determinesOwnershipOrValidity": false],
            at: F.shanghaiTime(2026, 3, 10))
        let paused = try #require(walk.snapshot.deadlines.first)
        #expect(paused.isPaused)
        #expect(paused.pausedDaysLeft == 23)  // 2026-03-10 → 2026-04-02
        #expect(workflow.firesAt(paused) == nil)
        #expect(workflow.dutyDueOn(walk.snapshot) == nil)
        // Long after the original due day, nothing expires while signatures are awaited.
        #expect(workflow.expire("mediation", on: walk.snapshot, now: F.shanghaiTime(2026, 6, 1)) == nil)

        // One signature leaves it paused.
        try walk.take("signAgreement", by: F.respondent, at: F.shanghaiTime(2026, 3, 20))
        #expect(walk.snapshot.deadlines.first?.pausedDaysLeft == 23)
    }

    @Test func anExtensionMovesTheDueDayByThirtyDaysOnce() throws {
        let workflow = try F.realWorkflow()
        var walk = try CaseWalk.inMediation(workflow)  // due 2026-04-02
        let request = try walk.take("requestExtension", by: F.complainant, at: F.shanghaiTime(2026, 3, 5))
        #expect(request.snapshot.proposals[.extension_]?.proposedBy == .complainant)
        #expect(request.snapshot.deadlines.first?.dueOn == CalendarDay(year: 2026, month: 4, day: 2))
        #expect(request.notifications.map(\.recipient) == ["otherParty"])

        let consent = try walk.take("consentToExtension", by: F.respondent, at: F.shanghaiTime(2026, 3, 6))
        #expect(consent.steps.map(\.action) == ["consentToExtension", "extendMediation"])
        #expect(consent.steps.map(\.actor) == [F.respondent, .system])
        #expect(consent.snapshot.state == "in_mediation")
        #expect(consent.snapshot.deadlines.first?.dueOn == CalendarDay(year: 2026, month: 5, day: 2))
        #expect(consent.snapshot.deadlines.first?.startedOn == CalendarDay(year: 2026, month: 3, day: 3))
        #expect(consent.snapshot.deadlines.first?.extensionsUsed == 1)
        #expect(consent.snapshot.proposals[.extension_] == nil)
        #expect(consent.notifications.last?.text.en == "Case MED-2026-000001: mediation is extended to 2026-05-02.")
        #expect(workflow.dutyDueOn(consent.snapshot) == CalendarDay(year: 2026, month: 5, day: 2))

        #expect(walk.refusal("requestExtension", by: F.respondent, at: F.shanghaiTime(2026, 3, 7))
            == .guardFailed(guard: "extensionAvailable", reason: .english("the deadline was already extended 1 time(s)")))
        // The old due day no longer ends mediation; the new one does.
        #expect(workflow.expire("mediation", on: walk.snapshot, now: F.shanghaiTime(2026, 4, 3)) == nil)
        #expect(workflow.expire("mediation", on: walk.snapshot, now: F.shanghaiTime(2026, 5, 3))?.snapshot.state == "mediation_failed")
    }

    @Test func anExtensionWhilePausedAddsToTheDaysLeft() throws {
        let workflow = try F.realWorkflow()
        var walk = try CaseWalk.inMediation(workflow)
        try walk.take(
            "draftAgreement", by: F.mediatorActor, ["terms": "Pay", "determinesOwnershipOrValidity": false],
            at: F.shanghaiTime(2026, 3, 10))
        try walk.take("requestExtension", by: F.respondent, at: F.shanghaiTime(2026, 3, 11))
        let consent = try walk.take("consentToExtension", by: F.complainant, at: F.shanghaiTime(2026, 3, 12))
        let deadline = try #require(consent.snapshot.deadlines.first)
        #expect(deadline.pausedDaysLeft == 53)
        #expect(deadline.extensionsUsed == 1)
        #expect(consent.notifications.last?.text.en == "Case MED-2026-000001: mediation is extended to —.")
    }

    // MARK: resuming a paused clock

    /// A minimal workflow whose agreement can be discarded, so a paused clock restarts without the case moving.
    private let pausing = """
    timeZone: Asia/Shanghai
    initialState: new
    states:
      new: { description: "New" }
      talking: { description: "Talking" }
      over:
        description: "Over"
        terminal: true
        outcomes: [gaveUp, timedOut]
    deadlines:
      talks:
        state: talking
        days: 30
        pausedWhile: awaitingSignatures
        extension: { days: 10, times: 2 }
        onExpiry: timeUp
        description: { zh: "谈判", en: "Talks" }
    actions:
      open:
        description: { zh: "开始", en: "Open" }
        from: [new]
        to: talking
      draft:
        description: { zh: "起草", en: "Draft" }
        from: [talking]
        fields:
          terms: { type: text, required: true }
          determinesOwnershipOrValidity: { type: boolean, required: true }
        effects: [draftAgreement]
      discardDraft:
        description: { zh: "放弃草案", en: "Discard the draft" }
        from: [talking]
        effects: [clearAgreement]
      giveUp:
        description: { zh: "放弃", en: "Give up" }
        from: [talking]
        to: over
        outcome: gaveUp
      timeUp:
        description: { zh: "到期", en: "Time is up" }
        trigger: deadline
        from: [talking]
        to: over
        outcome: timedOut
    """

    private func talking() throws -> CaseWalk {
        let workflow = try CaseWorkflow.load(PolicySource(path: "pausing.yaml", text: pausing))
        var snapshot = F.newCase()
        snapshot.state = "new"
        var walk = CaseWalk(workflow, snapshot: snapshot)
        try walk.take("open", by: F.body, at: F.shanghaiTime(2026, 3, 2))  // due 2026-04-01
        return walk
    }

    @Test func aPausedClockResumesWithTheDaysLeft() throws {
        var walk = try talking()
        #expect(walk.snapshot.deadlines.first?.dueOn == CalendarDay(year: 2026, month: 4, day: 1))
        try walk.take("draft", by: F.mediatorActor, ["terms": "Pay", "determinesOwnershipOrValidity": false], at: F.shanghaiTime(2026, 3, 10))
        #expect(walk.snapshot.deadlines.first?.pausedDaysLeft == 22)

        try walk.take("discardDraft", by: F.mediatorActor, at: F.shanghaiTime(2026, 3, 20))
        let resumed = try #require(walk.snapshot.deadlines.first)
        #expect(!resumed.isPaused)
        // Ten days paused: the 22 days left count again from 2026-03-20.
        #expect(resumed.dueOn == CalendarDay(year: 2026, month: 4, day: 11))
        #expect(walk.workflow.firesAt(resumed) == F.utcTime(2026, 4, 11, 16))
        #expect(walk.workflow.dutyDueOn(walk.snapshot) == CalendarDay(year: 2026, month: 4, day: 11))
        #expect(walk.workflow.expire("talks", on: walk.snapshot, now: F.shanghaiTime(2026, 4, 11, 23)) == nil)
        #expect(walk.workflow.expire("talks", on: walk.snapshot, now: F.shanghaiTime(2026, 4, 12))?.snapshot.outcome == "timedOut")
    }

    @Test func pausingAndResumingTheSameDayKeepsTheDueDay() throws {
        var walk = try talking()
        try walk.take("draft", by: F.mediatorActor, ["terms": "Pay", "determinesOwnershipOrValidity": false], at: F.shanghaiTime(2026, 3, 10, 9))
        try walk.take("discardDraft", by: F.mediatorActor, at: F.shanghaiTime(2026, 3, 10, 17))
        #expect(walk.snapshot.deadlines.first?.dueOn == CalendarDay(year: 2026, month: 4, day: 1))
        #expect(walk.snapshot.deadlines.first?.isPaused == false)
    }
}
