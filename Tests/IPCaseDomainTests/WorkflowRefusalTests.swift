import Foundation
import Testing
@testable import IPCaseDomain

/// Why an action is refused: 409 for the state, 422 for fields and guards.
@Suite("Workflow refusals")
struct WorkflowRefusalTests {
    typealias F = WorkflowFixtures

    // MARK: 409: not possible in this state, or no such action

    @Test func anActionOfAnotherStateNamesWhatIsAllowed() throws {
        let walk = CaseWalk(try F.realWorkflow())
        #expect(walk.refusal("draftAgreement", by: F.mediatorActor, at: F.shanghaiTime(2026, 3, 2))
            == .notAllowedInState(action: "draftAgreement", state: "filed", allowed: ["accept", "reject", "withdraw"]))
    }

    @Test func nothingIsAllowedOnceClosed() throws {
        var walk = CaseWalk(try F.realWorkflow())
        try walk.take("withdraw", by: F.complainant, at: F.shanghaiTime(2026, 3, 2))
        #expect(walk.refusal("accept", by: F.body, at: F.shanghaiTime(2026, 3, 3))
            == .notAllowedInState(action: "accept", state: "closed", allowed: []))
    }

    @Test(arguments: ["fly", "Accept", ""])
    func anUnknownActionNamesWhatIsAllowed(name: String) throws {
        let walk = CaseWalk(try F.realWorkflow())
        #expect(walk.refusal(name, by: F.body, at: F.shanghaiTime(2026, 3, 2))
            == .unknownAction(name, state: "filed", allowed: ["accept", "reject", "withdraw"]))
    }

    /// System actions cannot be requested by a user, not even in their own state.
    @Test(arguments: ["settle", "respondentSilent", "extendMediation"])
    func systemActionsAreUnknownToUsers(name: String) throws {
        let walk = try CaseWalk.inMediation(try F.realWorkflow())
        let refusal = walk.refusal(name, by: F.complainant, at: F.shanghaiTime(2026, 3, 5))
        guard case .unknownAction(name, state: "in_mediation", let allowed)? = refusal else {
            Issue.record("expected unknownAction, got \(String(describing: refusal))")
            return
        }
        #expect(allowed.contains("draftAgreement"))
        #expect(!allowed.contains(name))
    }

    // MARK: 422: fields

    @Test func aMissingRequiredFieldIsNamed() throws {
        let walk = CaseWalk(try F.realWorkflow())
        #expect(walk.refusal("reject", by: F.body, at: F.shanghaiTime(2026, 3, 2))
            == .invalidFields([FieldProblem("reason", "is required")]))
        #expect(walk.refusal("reject", by: F.body, ["reason": .null], at: F.shanghaiTime(2026, 3, 2))
            == .invalidFields([FieldProblem("reason", "is required")]))
        #expect(walk.refusal("reject", by: F.body, ["reason": "  \n "], at: F.shanghaiTime(2026, 3, 2))
            == .invalidFields([FieldProblem("reason", "must not be empty")]))
    }

    @Test func unknownAndMissingFieldsAreReportedTogether() throws {
        let walk = CaseWalk(try F.realWorkflow())
        #expect(walk.refusal("reject", by: F.body, ["reasn": "typo", "note": "x"], at: F.shanghaiTime(2026, 3, 2))
            == .invalidFields([
                FieldProblem("note", "is not a field of reject"),
                FieldProblem("reasn", "is not a field of reject"),
                FieldProblem("reason", "is required"),
            ]))
        // An action without fields takes none.
        let inMediation = try CaseWalk.inMediation(try F.realWorkflow())
        #expect(inMediation.refusal("requestExtension", by: F.complainant, ["days": .number(30)], at: F.shanghaiTime(2026, 3, 5))
            == .invalidFields([FieldProblem("days", "is not a field of requestExtension")]))
    }

    @Test func fieldsOfTheWrongTypeAreNamed() throws {
        let walk = try CaseWalk.inMediation(try F.realWorkflow())
        #expect(walk.refusal(
            "draftAgreement", by: F.mediatorActor, ["terms": .number(5), "determinesOwnershipOrValidity": "no"],
            at: F.shanghaiTime(2026, 3, 5))
            == .invalidFields([
                FieldProblem("terms", "must be a string"),
                FieldProblem("determinesOwnershipOrValidity", "must be true or false"),
            ]))
        #expect(walk.refusal("assignMediator", by: F.body, ["mediatorUserId": .number(7)], at: F.shanghaiTime(2026, 3, 5))
            == .invalidFields([FieldProblem("mediatorUserId", "must be an id (a UUID string)")]))
    }

    @Test func textIsBoundedAndFreeOfNul() throws {
        let walk = CaseWalk(try F.realWorkflow())
        let long = String(repeating: "调", count: 2001)
        #expect(walk.refusal("reject", by: F.body, ["reason": .string(long)], at: F.shanghaiTime(2026, 3, 2))
            == .invalidFields([FieldProblem("reason", "must be at most 2000 characters, without NUL")]))
        #expect(walk.refusal("reject", by: F.body, ["reason": "a\u{0}b"], at: F.shanghaiTime(2026, 3, 2))
            == .invalidFields([FieldProblem("reason", "must be at most 2000 characters, without NUL")]))
        #expect(walk.refusal("reject", by: F.body, ["reason": .string(String(repeating: "调", count: 2000))], at: F.shanghaiTime(2026, 3, 2)) == nil)
    }

    @Test func anOrganisationOfTheWrongKindIsNamed() throws {
        let walk = try CaseWalk.settled(try F.realWorkflow())
        let expected = TransitionRefusal.invalidFields([FieldProblem("courtId", "is not the id of an organisation of kind court")])
        #expect(walk.refusal(
            "applyForConfirmation", by: F.complainant, ["courtId": .string(F.arbitrationCommission.uuidString)],
            at: F.shanghaiTime(2026, 3, 20)) == expected)
        #expect(walk.refusal(
            "applyForConfirmation", by: F.complainant, ["courtId": .string(F.id("ffff").uuidString)],
            at: F.shanghaiTime(2026, 3, 20)) == expected)
        #expect(walk.refusal("applyForConfirmation", by: F.complainant, ["courtId": "court"], at: F.shanghaiTime(2026, 3, 20)) == expected)
    }

    @Test func aUserFieldMustNameAKnownUser() throws {
        let walk = try CaseWalk.consented(try F.realWorkflow())
        #expect(walk.refusal("assignMediator", by: F.body, ["mediatorUserId": .string(F.id("ffff").uuidString)], at: F.shanghaiTime(2026, 3, 5))
            == .invalidFields([FieldProblem("mediatorUserId", "must be an active mediator of the case's mediation body")]))
    }

    @Test func theMediatorMustServeTheCasesBody() throws {
        let walk = try CaseWalk.consented(try F.realWorkflow())
        let expected = TransitionRefusal.invalidFields([
            FieldProblem("mediatorUserId", "must be an active mediator of the case's mediation body"),
        ])
        #expect(walk.refusal("assignMediator", by: F.body, ["mediatorUserId": .string(F.foreignMediator.uuidString)], at: F.shanghaiTime(2026, 3, 5))
            == expected)
        // A judge is not a mediator.
        #expect(walk.refusal("assignMediator", by: F.body, ["mediatorUserId": .string(F.judge.uuidString)], at: F.shanghaiTime(2026, 3, 5))
            == expected)
        #expect(walk.refusal("assignMediator", by: F.body, ["mediatorUserId": .string(F.secondMediator.uuidString)], at: F.shanghaiTime(2026, 3, 5))
            == nil)
        // Once assigned, the case changes hands only by handing over or by a granted recusal.
        let running = try CaseWalk.inMediation(try F.realWorkflow())
        #expect(running.refusal("assignMediator", by: F.body, ["mediatorUserId": .string(F.secondMediator.uuidString)], at: F.shanghaiTime(2026, 3, 5))
            == .guardFailed(
                guard: "noMediatorYet",
                reason: .english("a mediator is assigned; the case changes hands only by handing over or by a recusal decision")))
        #expect(running.refusal("handOver", by: F.mediatorActor, ["userId": .string(F.secondMediator.uuidString)], at: F.shanghaiTime(2026, 3, 5))
            == nil)
    }

    // MARK: 422: guards

    @Test func theConfirmationWindowClosesAfterThirtyDays() throws {
        let walk = try CaseWalk.settled(try F.realWorkflow())  // took effect 2026-03-12
        let fields: [String: JSONValue] = ["courtId": .string(F.court.uuidString)]
        #expect(walk.refusal("applyForConfirmation", by: F.complainant, fields, at: F.shanghaiTime(2026, 4, 11, 23, 59, 59)) == nil)
        #expect(walk.refusal("applyForConfirmation", by: F.complainant, fields, at: F.shanghaiTime(2026, 4, 12, 0, 0, 0))
            == .guardFailed(guard: "withinConfirmationWindow", reason: .english("the window to apply closed on 2026-04-11")))
    }

    @Test func anAgreementOnOwnershipOrValidityCannotBeConfirmed() throws {
        let walk = try CaseWalk.settled(try F.realWorkflow(), decidesOwnership: true)
        #expect(walk.refusal("applyForConfirmation", by: F.complainant, ["courtId": .string(F.court.uuidString)], at: F.shanghaiTime(2026, 3, 20))
            == .guardFailed(
                guard: "agreementDoesNotDecideOwnershipOrValidity",
                reason: .english("an agreement that decides ownership or validity of an IP right cannot be confirmed")))
    }

    @Test func aCandidateFromAPartyIsAConflictOfInterest() throws {
        let walk = try CaseWalk.consented(try F.realWorkflow())
        #expect(walk.refusal(
            "assignMediator", by: F.body, ["mediatorUserId": .string(F.mediatorAtComplainant.uuidString)], at: F.shanghaiTime(2026, 3, 5))
            == .guardFailed(
                guard: "noConflictOfInterest", reason: .english("the candidate's organisation is a party to the case")))
    }

    @Test func theMediatorCannotArbitrateTheSameDispute() throws {
        var walk = try CaseWalk.inMediation(try F.realWorkflow())
        try walk.take("declareMediationFailed", by: F.mediatorActor, ["reason": "No agreement"], at: F.shanghaiTime(2026, 3, 20))
        try walk.take(
            "proposeArbitration", by: F.complainant, ["arbitrationCommissionId": .string(F.arbitrationCommission.uuidString)],
            at: F.shanghaiTime(2026, 3, 21))
        try walk.take("consentToArbitration", by: F.respondent, at: F.shanghaiTime(2026, 3, 22))
        #expect(walk.refusal(
            "assignArbitrator", by: .user(id: F.id("1d9"), organizationId: F.arbitrationCommission),
            ["arbitratorUserId": .string(F.mediator.uuidString)], at: F.shanghaiTime(2026, 3, 23))
            == .guardFailed(
                guard: "noConflictOfInterest", reason: .english("the candidate already serves this case in another capacity")))
    }

    @Test func aPartySignsOnlyOnce() throws {
        var walk = try CaseWalk.inMediation(try F.realWorkflow())
        #expect(walk.refusal("signAgreement", by: F.complainant, ["termsSha256": "00"], at: F.shanghaiTime(2026, 3, 5))
            == .guardFailed(guard: "agreementDrafted", reason: .english("no agreement has been drafted")))
        try walk.take(
            "draftAgreement", by: F.mediatorActor, ["terms": "Pay", "determinesOwnershipOrValidity": false], at: F.shanghaiTime(2026, 3, 10))
        try walk.take("signAgreement", by: F.complainant, at: F.shanghaiTime(2026, 3, 11))
        #expect(walk.refusal("signAgreement", by: F.complainant, at: F.shanghaiTime(2026, 3, 12))
            == .guardFailed(guard: "notYetSigned", reason: .english("this party has already signed the agreement")))
        // A signature names the text it signs: a stale hash (the mediator changed the terms) is refused.
        #expect(walk.refusal("signAgreement", by: F.respondent, ["termsSha256": .string(String(repeating: "0", count: 64))], at: F.shanghaiTime(2026, 3, 12))
            == .guardFailed(
                guard: "signsCurrentTerms",
                reason: .english("termsSha256 is not the hash of the terms as they stand (\(walk.snapshot.agreement?.termsSha256 ?? "")); read the current text and sign that")))
        // Someone who is not a party cannot sign for one.
        #expect(walk.refusal("signAgreement", by: F.mediatorActor, at: F.shanghaiTime(2026, 3, 12))
            == .guardFailed(guard: "notYetSigned", reason: .english("only a party signs")))
        #expect(walk.snapshot.state == "in_mediation")
    }

    @Test func draftingNeedsAMediator() throws {
        var walk = CaseWalk(try F.realWorkflow())
        try walk.take("accept", by: F.body, at: F.shanghaiTime(2026, 3, 2))
        try walk.take("respondentConsents", by: F.respondent, at: F.shanghaiTime(2026, 3, 3))
        #expect(walk.refusal(
            "draftAgreement", by: F.body, ["terms": "Pay", "determinesOwnershipOrValidity": true], at: F.shanghaiTime(2026, 3, 4))
            == .guardFailed(guard: "mediatorAssigned", reason: .english("no mediator is assigned")))
    }

    @Test func mediationIsExtendedOnlyOnce() throws {
        var walk = try CaseWalk.inMediation(try F.realWorkflow())
        try walk.take("requestExtension", by: F.complainant, at: F.shanghaiTime(2026, 3, 5))
        try walk.take("consentToExtension", by: F.respondent, at: F.shanghaiTime(2026, 3, 6))
        #expect(walk.snapshot.deadlines.first?.extensionsUsed == 1)
        #expect(walk.refusal("requestExtension", by: F.complainant, at: F.shanghaiTime(2026, 3, 7))
            == .guardFailed(guard: "extensionAvailable", reason: .english("the deadline was already extended 1 time(s)")))
        #expect(walk.refusal("consentToExtension", by: F.respondent, at: F.shanghaiTime(2026, 3, 7))
            == .guardFailed(guard: "extensionAvailable", reason: .english("the deadline was already extended 1 time(s)")))
    }

    @Test func aPartyCannotConsentToItsOwnProposal() throws {
        var walk = try CaseWalk.inMediation(try F.realWorkflow())
        #expect(walk.refusal("consentToExtension", by: F.respondent, at: F.shanghaiTime(2026, 3, 5))
            == .guardFailed(guard: "extensionRequestedByOtherParty", reason: .english("there is no pending extension proposal")))
        try walk.take("requestExtension", by: F.complainant, at: F.shanghaiTime(2026, 3, 5))
        #expect(walk.refusal("consentToExtension", by: F.complainant, at: F.shanghaiTime(2026, 3, 6))
            == .guardFailed(
                guard: "extensionRequestedByOtherParty",
                reason: .english("the proposal is this party's own; the other party must consent")))
        #expect(walk.refusal("consentToExtension", by: F.mediatorActor, at: F.shanghaiTime(2026, 3, 6))
            == .guardFailed(guard: "extensionRequestedByOtherParty", reason: .english("only a party consents")))
    }

    @Test func theFirstFailingGuardIsNamed() throws {
        // Both guards of consentToConfirmation fail after the window; the first in the file is named.
        let walk = try CaseWalk.settled(try F.realWorkflow(), decidesOwnership: true)
        let refusal = walk.refusal("consentToConfirmation", by: F.respondent, at: F.shanghaiTime(2026, 5, 1))
        guard case .guardFailed(let name, _)? = refusal else {
            Issue.record("expected guardFailed, got \(String(describing: refusal))")
            return
        }
        #expect(name == "withinConfirmationWindow")
    }

    @Test func aRefusalChangesNothing() throws {
        let workflow = try F.realWorkflow()
        let walk = try CaseWalk.settled(workflow)
        let before = walk.snapshot
        _ = walk.refusal("applyForConfirmation", by: F.complainant, ["courtId": .string(F.court.uuidString)], at: F.shanghaiTime(2026, 5, 1))
        #expect(walk.snapshot == before)
    }
}
