import Foundation
import Testing
@testable import IPCaseDomain

/// Whole paths through the real workflow, at fixed instants in Asia/Shanghai.
@Suite("Workflow paths")
struct WorkflowPathTests {
    typealias F = WorkflowFixtures

    @Test func acceptStartsTheRespondentsReplyAndNotifiesWithTheDueDate() throws {
        var walk = CaseWalk(try F.realWorkflow())
        let outcome = try walk.take("accept", by: F.body, ["reason": "  Complete file  "], at: F.shanghaiTime(2026, 3, 2))
        #expect(outcome.snapshot.state == "awaiting_respondent")
        #expect(outcome.snapshot.outcome == nil)
        #expect(outcome.snapshot.stateEnteredAt == F.shanghaiTime(2026, 3, 2))
        #expect(outcome.steps == [TransitionStep(
            action: "accept", from: "filed", to: "awaiting_respondent", actor: F.body,
            payload: ["reason": "Complete file"])])  // trimmed
        #expect(outcome.snapshot.deadlines.map(\.name) == ["respondentReply"])
        #expect(outcome.notifications == [NotificationIntent(
            recipient: "respondent",
            text: LocalizedText(
                zh: "案件 MED-2026-000001：请在 2026-03-17 前答复是否同意调解。",
                en: "Case MED-2026-000001: the respondent must answer by 2026-03-17 whether it consents to mediation."),
            actingParty: nil)])
    }

    @Test func fileAcceptConsentAssignDraftAndSignSettlesAutomatically() throws {
        let workflow = try F.realWorkflow()
        var walk = CaseWalk(workflow)
        try walk.take("accept", by: F.body, at: F.shanghaiTime(2026, 3, 2))

        let consent = try walk.take("respondentConsents", by: F.respondent, at: F.shanghaiTime(2026, 3, 3))
        #expect(consent.snapshot.state == "in_mediation")
        #expect(consent.notifications.map(\.recipient) == ["mediationBody", "complainant"])
        #expect(consent.notifications.allSatisfy { $0.actingSide == .respondent })

        let assign = try walk.take(
            "assignMediator", by: F.body, ["mediatorUserId": .string(F.mediator.uuidString)], at: F.shanghaiTime(2026, 3, 4))
        #expect(assign.snapshot.state == "in_mediation")
        #expect(assign.snapshot.mediatorUserId == F.mediator)
        // The id is normalised to lower case in the event payload.
        #expect(assign.steps.first?.payload == ["mediatorUserId": .string(F.mediator.uuidString.lowercased())])
        #expect(assign.steps.first?.to == "in_mediation")

        let draft = try walk.take(
            "draftAgreement", by: F.mediatorActor,
            ["terms": "Respondent pays 50000 CNY", "determinesOwnershipOrValidity": false], at: F.shanghaiTime(2026, 3, 10))
        let agreement = try #require(draft.snapshot.agreement)
        #expect(agreement.terms == "Respondent pays 50000 CNY")
        #expect(agreement.determinesOwnershipOrValidity == false)
        #expect(agreement.draftedBy == F.mediator)
        #expect(agreement.signedAt.isEmpty)
        #expect(agreement.effectiveOn == nil)
        #expect(draft.snapshot.isAwaitingSignatures)

        let first = try walk.take("signAgreement", by: F.complainant, at: F.shanghaiTime(2026, 3, 11))
        #expect(first.snapshot.state == "in_mediation")
        #expect(first.steps.map(\.action) == ["signAgreement"])
        #expect(first.snapshot.agreement?.signedAt == [.complainant: F.shanghaiTime(2026, 3, 11)])

        // Each signature names the hash of the exact text signed, in the snapshot and in the event.
        let hash = try #require(agreement.termsSha256)
        #expect(first.snapshot.agreement?.signatures?[.complainant]?.termsSha256 == hash)
        let last = try walk.take("signAgreement", by: F.respondent, at: F.shanghaiTime(2026, 3, 12, 15))
        #expect(last.steps == [
            TransitionStep(
                action: "signAgreement", from: "in_mediation", to: "in_mediation", actor: F.respondent,
                payload: ["termsSha256": .string(hash)]),
            TransitionStep(action: "settle", from: "in_mediation", to: "settled", actor: .system, payload: [:]),
        ])
        #expect(last.snapshot.state == "settled")
        #expect(last.snapshot.outcome == nil)
        #expect(last.snapshot.agreement?.effectiveOn == CalendarDay(year: 2026, month: 3, day: 12))
        #expect(last.snapshot.agreement?.signedAt.count == 2)
        #expect(last.snapshot.stateEnteredAt == F.shanghaiTime(2026, 3, 12, 15))
        // The window for judicial confirmation: 30 days from the agreement taking effect.
        #expect(last.snapshot.deadlines.map(\.name) == ["confirmationApplication"])
        #expect(last.snapshot.deadlines.first?.dueOn == CalendarDay(year: 2026, month: 4, day: 11))
        #expect(last.notifications.map(\.recipient) == ["parties"])
        #expect(last.notifications.first?.text.en
            == "Case MED-2026-000001: the agreement took effect; apply for judicial confirmation by 2026-04-11 if you want it.")
        #expect(last.notifications.first?.actingSide == nil)  // the system settles
    }

    @Test func applyAndConsentSubmitToTheCourtAutomatically() throws {
        var walk = try CaseWalk.settled(try F.realWorkflow())
        let apply = try walk.take(
            "applyForConfirmation", by: F.complainant, ["courtId": .string(F.court.uuidString)], at: F.shanghaiTime(2026, 3, 20))
        #expect(apply.snapshot.state == "settled")
        #expect(apply.snapshot.proposals[.confirmation]?.proposedBy == .complainant)
        #expect(apply.snapshot.proposals[.confirmation]?.organizationId == F.court)
        #expect(apply.snapshot.proposals[.confirmation]?.consentedBy == nil)
        #expect(apply.notifications.map(\.recipient) == ["otherParty"])
        #expect(apply.notifications.first?.actingSide == .complainant)

        let consent = try walk.take("consentToConfirmation", by: F.respondent, at: F.shanghaiTime(2026, 3, 21))
        #expect(consent.steps.map(\.action) == ["consentToConfirmation", "submitForConfirmation"])
        #expect(consent.steps.last?.actor == .system)
        #expect(consent.snapshot.state == "confirmation_requested")
        #expect(consent.snapshot.courtId == F.court)
        #expect(consent.snapshot.judgeUserId == nil)
        // What the parties agreed to belonged to `settled`.
        #expect(consent.snapshot.proposals.isEmpty)
        #expect(consent.snapshot.deadlines.map(\.name) == ["courtAcceptance"])
        #expect(consent.snapshot.deadlines.first?.dueOn == CalendarDay(year: 2026, month: 3, day: 24))
        #expect(consent.notifications.last?.recipient == "court")
        #expect(consent.notifications.last?.text.en.contains("decide by 2026-03-24") == true)

        let accept = try walk.take("acceptConfirmationApplication", by: F.judgeActor, at: F.shanghaiTime(2026, 3, 23))
        #expect(accept.snapshot.state == "confirmation_review")
        #expect(accept.snapshot.judgeUserId == F.judge)
        #expect(accept.snapshot.deadlines.first?.dueOn == CalendarDay(year: 2026, month: 4, day: 7))

        let confirm = try walk.take("confirmAgreement", by: F.judgeActor, at: F.shanghaiTime(2026, 4, 1))
        #expect(confirm.snapshot.state == "confirmed")

        let reported = try walk.take("reportPerformance", by: F.complainant, at: F.shanghaiTime(2026, 4, 20))
        #expect(reported.snapshot.state == "confirmed")
        let performed = try walk.take("confirmPerformance", by: F.respondent, at: F.shanghaiTime(2026, 4, 21))
        #expect(performed.steps.map(\.action) == ["confirmPerformance", "closeAsPerformed"])
        #expect(performed.snapshot.state == "closed")
        #expect(performed.snapshot.outcome == "performed")
        #expect(performed.snapshot.deadlines.isEmpty)
        #expect(performed.creditProposals.isEmpty)
    }

    @Test func rejectClosesTheCaseWithItsOutcome() throws {
        var walk = CaseWalk(try F.realWorkflow())
        let outcome = try walk.take("reject", by: F.body, ["reason": "Not an IP dispute"], at: F.shanghaiTime(2026, 3, 2))
        #expect(outcome.snapshot.state == "closed")
        #expect(outcome.snapshot.outcome == "rejected")
        #expect(outcome.snapshot.deadlines.isEmpty)
        #expect(outcome.steps.map(\.to) == ["closed"])
        #expect(outcome.notifications.map(\.recipient) == ["complainant"])
    }

    @Test func failedMediationGoesToArbitrationWhenBothAgree() throws {
        var walk = try CaseWalk.inMediation(try F.realWorkflow())
        try walk.take("declareMediationFailed", by: F.mediatorActor, ["reason": "No common ground"], at: F.shanghaiTime(2026, 3, 20))
        #expect(walk.snapshot.state == "mediation_failed")
        #expect(walk.snapshot.deadlines.isEmpty)

        try walk.take(
            "proposeArbitration", by: F.respondent, ["arbitrationCommissionId": .string(F.arbitrationCommission.uuidString)],
            at: F.shanghaiTime(2026, 3, 21))
        #expect(walk.snapshot.state == "mediation_failed")
        let started = try walk.take("consentToArbitration", by: F.complainant, at: F.shanghaiTime(2026, 3, 22))
        #expect(started.steps.map(\.action) == ["consentToArbitration", "startArbitration"])
        #expect(started.snapshot.state == "in_arbitration")
        #expect(started.snapshot.arbitrationCommissionId == F.arbitrationCommission)
        #expect(started.snapshot.deadlines.first?.dueOn == CalendarDay(year: 2026, month: 7, day: 20))

        try walk.take(
            "assignArbitrator", by: .user(id: F.id("1d9"), organizationId: F.arbitrationCommission),
            ["arbitratorUserId": .string(F.arbitrator.uuidString)], at: F.shanghaiTime(2026, 3, 23))
        #expect(walk.snapshot.arbitratorUserId == F.arbitrator)
        let arbitrator = WorkflowActor.user(id: F.arbitrator, organizationId: F.arbitrationCommission)
        try walk.take(
            "issueAward", by: arbitrator, ["award": "Respondent pays 80000 CNY", "performanceDueOn": "2026-05-31"],
            at: F.shanghaiTime(2026, 5, 1))
        #expect(walk.snapshot.state == "award_issued")
        #expect(walk.snapshot.performanceDueOn == CalendarDay(year: 2026, month: 5, day: 31))

        // Not before the award's performance due day.
        #expect(walk.refusal("reportNonPerformance", by: F.complainant, ["reason": "Nothing paid"], at: F.shanghaiTime(2026, 5, 31))
            == .guardFailed(
                guard: "performanceDue",
                reason: .english("performance is due by 2026-05-31; non-performance may be reported only after that day")))
        let report = try walk.take("reportNonPerformance", by: F.complainant, ["reason": "Nothing paid"], at: F.shanghaiTime(2026, 6, 1))
        #expect(report.snapshot.state == "non_performance_reported")
        #expect(report.creditProposals.isEmpty)
        #expect(report.snapshot.deadlines.first?.dueOn == CalendarDay(year: 2026, month: 6, day: 11))
        #expect(report.notifications.first?.actingSide == .complainant)

        // The tribunal decides only once the respondent answered or its 10 days passed.
        #expect(walk.refusal("decideNotPerformed", by: arbitrator, ["reason": "No proof"], at: F.shanghaiTime(2026, 6, 5))
            == .guardFailed(
                guard: "nonPerformanceDecidable",
                reason: .english("the reported party may answer until 2026-06-11; decide after its answer or after that day")))
        #expect(walk.refusal("answerNonPerformance", by: F.complainant, ["answer": "We paid"], at: F.shanghaiTime(2026, 6, 5))
            == .guardFailed(guard: "answersNonPerformance", reason: .english("only the party reported as not performing answers")))
        try walk.take("answerNonPerformance", by: F.respondent, ["answer": "Paid half on 2026-05-30."], at: F.shanghaiTime(2026, 6, 5))
        #expect(walk.snapshot.nonPerformance?.answer?.text == "Paid half on 2026-05-30.")
        let decided = try walk.take("decideNotPerformed", by: arbitrator, ["reason": "Half is not the award"], at: F.shanghaiTime(2026, 6, 6))
        #expect(decided.snapshot.state == "closed")
        #expect(decided.snapshot.outcome == "not_performed")
        #expect(decided.creditProposals == [CreditProposal(
            kind: "6", organizationId: F.respondentOrg, creditCode: "91310000200000000B", reason: "Half is not the award")])
    }

    @Test func aMissedAnswerWindowLetsTheDecisionProceed() throws {
        var walk = try CaseWalk.inMediation(try F.realWorkflow())
        try walk.take("declareMediationFailed", by: F.mediatorActor, ["reason": "No common ground"], at: F.shanghaiTime(2026, 3, 20))
        try walk.take(
            "proposeArbitration", by: F.respondent, ["arbitrationCommissionId": .string(F.arbitrationCommission.uuidString)],
            at: F.shanghaiTime(2026, 3, 21))
        try walk.take("consentToArbitration", by: F.complainant, at: F.shanghaiTime(2026, 3, 22))
        let arbitrator = WorkflowActor.user(id: F.arbitrator, organizationId: F.arbitrationCommission)
        try walk.take(
            "assignArbitrator", by: .user(id: F.id("1d9"), organizationId: F.arbitrationCommission),
            ["arbitratorUserId": .string(F.arbitrator.uuidString)], at: F.shanghaiTime(2026, 3, 23))
        try walk.take("issueAward", by: arbitrator, ["award": "Pay", "performanceDueOn": "2026-05-31"], at: F.shanghaiTime(2026, 5, 1))
        try walk.take("reportNonPerformance", by: F.complainant, ["reason": "Nothing paid"], at: F.shanghaiTime(2026, 6, 1))
        let decided = try walk.take("decidePerformed", by: arbitrator, ["reason": "Paid, per the bank"], at: F.shanghaiTime(2026, 6, 12))
        #expect(decided.snapshot.outcome == "performed")
        #expect(decided.creditProposals.isEmpty)
    }

    @Test func deniedConfirmationCanMediateAgainWithAFreshClockAndNoAgreement() throws {
        var walk = try CaseWalk.settled(try F.realWorkflow())
        try walk.take("applyForConfirmation", by: F.respondent, ["courtId": .string(F.court.uuidString)], at: F.shanghaiTime(2026, 3, 20))
        try walk.take("consentToConfirmation", by: F.complainant, at: F.shanghaiTime(2026, 3, 20))
        try walk.take("acceptConfirmationApplication", by: F.judgeActor, at: F.shanghaiTime(2026, 3, 23))
        try walk.take("denyConfirmation", by: F.judgeActor, ["reason": "Decides validity"], at: F.shanghaiTime(2026, 4, 1))
        #expect(walk.snapshot.state == "confirmation_denied")

        try walk.take("requestRemediation", by: F.complainant, at: F.shanghaiTime(2026, 4, 2))
        let resumed = try walk.take("consentToRemediation", by: F.respondent, at: F.shanghaiTime(2026, 4, 3))
        #expect(resumed.steps.map(\.action) == ["consentToRemediation", "resumeMediation"])
        #expect(resumed.snapshot.state == "in_mediation")
        #expect(resumed.snapshot.agreement == nil)
        #expect(resumed.snapshot.mediatorUserId == F.mediator)
        #expect(resumed.snapshot.deadlines.count == 1)
        #expect(resumed.snapshot.deadlines.first?.dueOn == CalendarDay(year: 2026, month: 5, day: 3))
        #expect(resumed.snapshot.deadlines.first?.isPaused == false)
        #expect(resumed.snapshot.deadlines.first?.extensionsUsed == 0)
    }

    @Test func theComplainantMayWithdraw() throws {
        var walk = try CaseWalk.inMediation(try F.realWorkflow())
        let outcome = try walk.take("withdraw", by: F.complainant, at: F.shanghaiTime(2026, 3, 5))
        #expect(outcome.snapshot.state == "closed")
        #expect(outcome.snapshot.outcome == "withdrawn")
        #expect(outcome.notifications.first?.recipient == "otherParty")
        #expect(outcome.notifications.first?.actingSide == .complainant)
    }

    @Test func availableActionsApplyGuardsThatNeedNoFields() throws {
        let workflow = try F.realWorkflow()
        let walk = try CaseWalk.inMediation(workflow)
        let available = workflow.availableActions(on: walk.snapshot, context: F.context(F.complainant, at: F.shanghaiTime(2026, 3, 5)))
        // No agreement yet, so nobody can sign; nothing was proposed, so nothing can be consented to.
        // A mediator is assigned, so the case changes hands only by handing over or by recusal.
        #expect(available.map(\.name) == [
            "handOver", "requestRecusal", "scheduleSession", "recordMinutes", "requestExtension", "draftAgreement",
            "declareMediationFailed", "withdraw",
        ])

        let settled = try CaseWalk.settled(workflow)
        let late = workflow.availableActions(on: settled.snapshot, context: F.context(F.complainant, at: F.shanghaiTime(2026, 4, 12)))
        #expect(late.map(\.name) == ["recordMinutes", "reportPerformance"])
    }
}
