import Foundation

/// A named check an action must pass, beyond being possible in the state. Guards read the case and the
/// request and never change anything; the first that fails is named in the 422 answer.
public enum CaseGuard: Sendable, Hashable {
    /// The neutral to be assigned is not a party's own and does not already serve the case otherwise.
    case noConflictOfInterest
    case mediatorAssigned, arbitratorAssigned, judgeAssigned
    case agreementDrafted
    /// The acting party has not yet signed the current draft.
    case notYetSigned
    case bothPartiesSigned
    /// The current state's window deadline (30 days from the agreement's effect) has not passed.
    case withinConfirmationWindow
    case agreementDoesNotDecideOwnershipOrValidity
    /// The current state's deadline may still be extended.
    case extensionAvailable
    /// The other party made the proposal the acting party now consents to.
    case proposedByOtherParty(ProposalTopic)
    /// Both parties agreed.
    case agreed(ProposalTopic)
    /// The agreement's or award's performance due day has passed: only then may non-performance be reported.
    case performanceDue
    /// The acting party is the one reported against, and has not answered yet.
    case answersNonPerformance
    /// The report was answered, or the time to answer has passed: the neutral may decide.
    case nonPerformanceDecidable
    /// The `termsSha256` field is the hash of the terms as they stand: one signs exactly the text one read.
    case signsCurrentTerms
    /// No mediator is assigned yet: a running mediation changes hands only by handing over or by recusal.
    case noMediatorYet
    /// The stage has a neutral to recuse, and no recusal is pending.
    case recusable
    case recusalPending
    /// The dates and times the fields carry are well formed and not in the past (`performanceDueOn`,
    /// `startsAt`) or not in the future (`rulingDate`).
    case validDates
    /// The `sessionId` field names a session of the case.
    case knownSession

    /// Every guard with the name a workflow file uses for it.
    public static let named: [String: CaseGuard] = [
        "noConflictOfInterest": .noConflictOfInterest,
        "mediatorAssigned": .mediatorAssigned,
        "arbitratorAssigned": .arbitratorAssigned,
        "judgeAssigned": .judgeAssigned,
        "agreementDrafted": .agreementDrafted,
        "notYetSigned": .notYetSigned,
        "bothPartiesSigned": .bothPartiesSigned,
        "withinConfirmationWindow": .withinConfirmationWindow,
        "agreementDoesNotDecideOwnershipOrValidity": .agreementDoesNotDecideOwnershipOrValidity,
        "extensionAvailable": .extensionAvailable,
        "extensionRequestedByOtherParty": .proposedByOtherParty(.extension_),
        "arbitrationProposedByOtherParty": .proposedByOtherParty(.arbitration),
        "confirmationAppliedByOtherParty": .proposedByOtherParty(.confirmation),
        "remediationProposedByOtherParty": .proposedByOtherParty(.remediation),
        "performanceReportedByOtherParty": .proposedByOtherParty(.performance),
        "extensionAgreed": .agreed(.extension_),
        "arbitrationAgreed": .agreed(.arbitration),
        "confirmationJointlyApplied": .agreed(.confirmation),
        "remediationAgreed": .agreed(.remediation),
        "performanceAgreed": .agreed(.performance),
        "performanceDue": .performanceDue,
        "answersNonPerformance": .answersNonPerformance,
        "nonPerformanceDecidable": .nonPerformanceDecidable,
        "signsCurrentTerms": .signsCurrentTerms,
        "noMediatorYet": .noMediatorYet,
        "recusable": .recusable,
        "recusalPending": .recusalPending,
        "validDates": .validDates,
        "knownSession": .knownSession,
    ]

    /// The name the workflow file uses for it.
    public var name: String {
        Self.named.first { $0.value == self }!.key
    }


    /// `nil` when the guard passes; otherwise why it does not, in words for the caller in both languages.
    func failure(
        _ snapshot: CaseSnapshot, _ context: TransitionContext, action: WorkflowAction<CaseRules>,
        workflow: WorkflowDefinition<CaseRules>
    ) -> LocalizedText? {
        let side = context.actor.organizationId.flatMap(snapshot.side(of:))
        switch self {
        case .noConflictOfInterest:
            guard let field = action.fields.first(where: { $0.type == .user }), let candidateId = context.id(field.name),
                  let candidate = context.users[candidateId]
            else { return nil }
            let partyOrganizations = [snapshot.complainant.organizationId, snapshot.respondent.organizationId].compactMap { $0 }
            if partyOrganizations.contains(candidate.organizationId) {
                return GuardReason.candidateIsParty
            }
            // A mediator may not arbitrate the same dispute, nor a judge confirm what they mediated.
            let otherCapacities = action.effects.contains(.assignMediator)
                ? [snapshot.arbitratorUserId, snapshot.judgeUserId] : [snapshot.mediatorUserId, snapshot.judgeUserId]
            if otherCapacities.contains(candidateId) {
                return GuardReason.candidateServesOtherwise
            }
            return nil
        case .mediatorAssigned:
            return snapshot.mediatorUserId == nil ? GuardReason.noMediator : nil
        case .arbitratorAssigned:
            return snapshot.arbitratorUserId == nil ? GuardReason.noArbitrator : nil
        case .judgeAssigned:
            return snapshot.judgeUserId == nil ? GuardReason.noJudge : nil
        case .agreementDrafted:
            return snapshot.agreement == nil ? GuardReason.noAgreement : nil
        case .notYetSigned:
            guard let side else { return GuardReason.onlyAPartySigns }
            return snapshot.agreement?.signedAt[side] != nil ? GuardReason.alreadySigned : nil
        case .bothPartiesSigned:
            return snapshot.isAwaitingSignatures || snapshot.agreement == nil ? GuardReason.signatureMissing : nil
        case .withinConfirmationWindow:
            for deadline in snapshot.deadlines {
                guard workflow.deadline(deadline.name)?.window == true else { continue }
                if context.today > deadline.dueOn {
                    return GuardReason.windowClosed(on: deadline.dueOn)
                }
            }
            return nil
        case .agreementDoesNotDecideOwnershipOrValidity:
            return snapshot.agreement?.determinesOwnershipOrValidity == true
                ? GuardReason.decidesOwnershipOrValidity : nil
        case .extensionAvailable:
            return workflow.extensionUnavailable(on: snapshot)
        case .proposedByOtherParty(let topic):
            guard let side else { return GuardReason.onlyAPartyConsents }
            guard let proposal = snapshot.proposals[topic], proposal.consentedBy == nil else {
                return GuardReason.noPendingProposal(topic)
            }
            return proposal.proposedBy == side ? GuardReason.ownProposal : nil
        case .agreed(let topic):
            return snapshot.proposals[topic]?.consentedBy == nil ? GuardReason.notAgreed(topic) : nil
        case .performanceDue, .answersNonPerformance, .nonPerformanceDecidable:
            return CaseNonPerformance.failure(self, snapshot, context, side: side, workflow: workflow)
        case .noMediatorYet, .recusable, .recusalPending:
            return CaseNeutrals.failure(self, snapshot, context)
        case .signsCurrentTerms, .validDates, .knownSession:
            return CaseRecord.failure(self, snapshot, context)
        }
    }
}
