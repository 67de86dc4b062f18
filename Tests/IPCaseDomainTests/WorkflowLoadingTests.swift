import Foundation
import Testing
@testable import IPCaseDomain

@Suite("Loading the real case workflow")
struct WorkflowLoadingTests {
    @Test func theRealWorkflowFileLoads() throws {
        let source = try WorkflowFixtures.realWorkflowSource()
        let problems = WorkflowFixtures.problems(source.text)
        #expect(problems.map(\.description) == [])
        let workflow = try CaseWorkflow.load(source)
        #expect(workflow.numberPrefix == "MED")
        #expect(workflow.timeZone.identifier == "Asia/Shanghai")
        #expect(workflow.initialState == "filed")
    }

    @Test func keepsStatesActionsAndDeadlinesInFileOrder() throws {
        let workflow = try WorkflowFixtures.realWorkflow()
        #expect(workflow.states.map(\.name) == [
            "filed", "awaiting_respondent", "in_mediation", "mediation_failed", "settled", "confirmation_requested",
            "confirmation_review", "confirmed", "confirmation_denied", "in_arbitration", "award_issued",
            "non_performance_reported", "closed",
        ])
        #expect(workflow.deadlines.map(\.name) == [
            "respondentReply", "mediation", "confirmationApplication", "courtAcceptance", "courtRuling", "arbitrationAward",
            "nonPerformanceAnswer",
        ])
        #expect(workflow.actions.first?.name == "accept")
        #expect(workflow.actions.last?.name == "withdraw")
        #expect(workflow.state("closed")?.terminal == true)
        #expect(workflow.state("closed")?.outcomes == [
            "rejected", "respondent_declined", "withdrawn", "litigation", "performed", "not_performed",
        ])
        #expect(workflow.states.filter(\.terminal).map(\.name) == ["closed"])
    }

    /// The numbers docs/domain.md#dispute-cases gives.
    @Test func deadlinesCarryTheLegalNumbers() throws {
        let workflow = try WorkflowFixtures.realWorkflow()
        let reply = try #require(workflow.deadline("respondentReply"))
        #expect(reply.state == "awaiting_respondent")
        #expect(reply.days == 15)
        #expect(reply.onExpiry == "respondentSilent")
        #expect(!reply.window)

        let mediation = try #require(workflow.deadline("mediation"))
        #expect(mediation.days == 30)
        #expect(mediation.extension == WorkflowDeadline.Extension(days: 30, times: 1))
        #expect(mediation.pausedWhile == "awaitingSignatures")
        #expect(mediation.onExpiry == "mediationExpired")

        let window = try #require(workflow.deadline("confirmationApplication"))
        #expect(window.state == "settled")
        #expect(window.days == 30)
        #expect(window.window)
        #expect(window.onExpiry == nil)

        #expect(workflow.deadline("courtAcceptance")?.days == 3)
        #expect(workflow.deadline("courtRuling")?.days == 15)
        #expect(workflow.deadline("arbitrationAward")?.days == 120)
        #expect(workflow.deadline("confirmationApplication")?.description == LocalizedText(zh: "申请司法确认期限", en: "Applying for judicial confirmation"))
    }

    @Test func actionsCarryTriggersFieldsGuardsAndEffects() throws {
        let workflow = try WorkflowFixtures.realWorkflow()
        let assign = try #require(workflow.action("assignMediator"))
        #expect(assign.trigger == .manual)
        #expect(assign.from == ["awaiting_respondent", "in_mediation"])
        #expect(assign.to == nil)
        #expect(assign.target(from: "in_mediation") == "in_mediation")
        #expect(assign.fields == [WorkflowField(name: "mediatorUserId", type: .user, required: true)])
        #expect(assign.guards == [.noMediatorYet, .noConflictOfInterest])
        #expect(assign.effects == [.assignMediator])
        #expect(assign.notifications.map(\.recipient) == ["mediator", "parties"])

        let draft = try #require(workflow.action("draftAgreement"))
        #expect(draft.fields == [
            WorkflowField(name: "terms", type: .text(maxLength: 20000), required: true),
            WorkflowField(name: "determinesOwnershipOrValidity", type: .boolean, required: true),
            WorkflowField(name: "performanceDueOn", type: .text(maxLength: 10), required: true),
        ])

        let apply = try #require(workflow.action("applyForConfirmation"))
        #expect(apply.fields == [WorkflowField(name: "courtId", type: .organization(kind: "court"), required: true)])
        #expect(apply.guards == [.withinConfirmationWindow, .agreementDoesNotDecideOwnershipOrValidity])
        #expect(apply.effects == [.propose(.confirmation)])

        // A text field without maxLength gets the default.
        #expect(workflow.action("reject")?.fields == [WorkflowField(name: "reason", type: .text(maxLength: 2000), required: true)])

        #expect(workflow.action("settle")?.trigger == .automatic)
        #expect(workflow.action("respondentSilent")?.trigger == .deadline)
        #expect(workflow.action("extendMediation")?.effects == [.extend(deadline: "mediation")])
        #expect(workflow.action("extendMediation")?.guards == [.agreed(.extension_), .extensionAvailable])
        #expect(workflow.action("consentToExtension")?.guards == [.extensionAvailable, .proposedByOtherParty(.extension_)])
        #expect(workflow.action("reportNonPerformance")?.to == "non_performance_reported")
        #expect(workflow.action("reportNonPerformance")?.guards == [.performanceDue])
        #expect(workflow.action("decideNotPerformed")?.outcome == "not_performed")
        #expect(workflow.action("decideNotPerformed")?.effects == [.proposeCreditRecord])
    }

    @Test func manualActionsLeaveOutSystemActions() throws {
        let workflow = try WorkflowFixtures.realWorkflow()
        #expect(workflow.manualActions(from: "filed").map(\.name) == ["accept", "reject", "withdraw"])
        #expect(workflow.manualActions(from: "awaiting_respondent").map(\.name) == [
            "respondentConsents", "respondentDeclines", "assignMediator", "handOver", "requestRecusal", "grantRecusal",
            "dismissRecusal", "withdraw",
        ])
        #expect(workflow.manualActions(from: "settled").map(\.name) == [
            "recordMinutes", "applyForConfirmation", "consentToConfirmation", "reportPerformance", "confirmPerformance",
        ])
        #expect(workflow.manualActions(from: "closed").isEmpty)
    }

    @Test func everyGuardHasItsFileName() {
        for (name, check) in CaseGuard.named {
            #expect(check.name == name)
        }
        #expect(CaseGuard.proposedByOtherParty(.confirmation).name == "confirmationAppliedByOtherParty")
        #expect(CaseGuard.agreed(.confirmation).name == "confirmationJointlyApplied")
    }

    @Test(arguments: [
        ("assignMediator", CaseEffect.assignMediator),
        ("propose.extension", .propose(.extension_)),
        ("consent.remediation", .consent(.remediation)),
        ("extend.mediation", .extend(deadline: "mediation")),
        ("proposeCreditRecord", .proposeCreditRecord),
    ])
    func parsesEffectNames(name: String, effect: CaseEffect) {
        #expect(CaseEffect(name: name) == effect)
    }

    @Test(arguments: ["propose", "propose.holiday", "assignMediator.now", "consent.", "", "assignmediator"])
    func refusesUnknownEffectNames(name: String) {
        #expect(CaseEffect(name: name) == nil)
    }
}
