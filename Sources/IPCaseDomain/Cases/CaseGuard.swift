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
    ]

    /// The name the workflow file uses for it.
    public var name: String {
        Self.named.first { $0.value == self }!.key
    }

    /// Whether the guard can be judged without the request's fields, for `availableActions`.
    var needsFields: Bool { self == .noConflictOfInterest }

    /// `nil` when the guard passes; otherwise why it does not, in words for the caller.
    func failure(
        _ snapshot: CaseSnapshot, _ context: TransitionContext, action: WorkflowAction<CaseRules>,
        workflow: WorkflowDefinition<CaseRules>
    ) -> String? {
        let side = context.actor.organizationId.flatMap(snapshot.side(of:))
        switch self {
        case .noConflictOfInterest:
            guard let field = action.fields.first(where: { $0.type == .user }), let candidateId = context.id(field.name),
                  let candidate = context.users[candidateId]
            else { return nil }
            let partyOrganizations = [snapshot.complainant.organizationId, snapshot.respondent.organizationId].compactMap { $0 }
            if partyOrganizations.contains(candidate.organizationId) {
                return "the candidate's organisation is a party to the case"
            }
            // A mediator may not arbitrate the same dispute, nor a judge confirm what they mediated.
            let otherCapacities = action.effects.contains(.assignMediator)
                ? [snapshot.arbitratorUserId, snapshot.judgeUserId] : [snapshot.mediatorUserId, snapshot.judgeUserId]
            if otherCapacities.contains(candidateId) {
                return "the candidate already serves this case in another capacity"
            }
            return nil
        case .mediatorAssigned:
            return snapshot.mediatorUserId == nil ? "no mediator is assigned" : nil
        case .arbitratorAssigned:
            return snapshot.arbitratorUserId == nil ? "no arbitrator is assigned" : nil
        case .judgeAssigned:
            return snapshot.judgeUserId == nil ? "no judge has accepted the application" : nil
        case .agreementDrafted:
            return snapshot.agreement == nil ? "no agreement has been drafted" : nil
        case .notYetSigned:
            guard let side else { return "only a party signs" }
            return snapshot.agreement?.signedAt[side] != nil ? "this party has already signed the agreement" : nil
        case .bothPartiesSigned:
            return snapshot.isAwaitingSignatures || snapshot.agreement == nil ? "the agreement lacks a signature" : nil
        case .withinConfirmationWindow:
            for deadline in snapshot.deadlines {
                guard workflow.deadline(deadline.name)?.window == true else { continue }
                if context.today > deadline.dueOn {
                    return "the window to apply closed on \(deadline.dueOn)"
                }
            }
            return nil
        case .agreementDoesNotDecideOwnershipOrValidity:
            return snapshot.agreement?.determinesOwnershipOrValidity == true
                ? "an agreement that decides ownership or validity of an IP right cannot be confirmed" : nil
        case .extensionAvailable:
            for deadline in snapshot.deadlines {
                guard let rule = workflow.deadline(deadline.name)?.extension else { continue }
                return deadline.extensionsUsed < rule.times ? nil : "the deadline was already extended \(rule.times) time(s)"
            }
            return "the current state has no deadline that can be extended"
        case .proposedByOtherParty(let topic):
            guard let side else { return "only a party consents" }
            guard let proposal = snapshot.proposals[topic], proposal.consentedBy == nil else {
                return "there is no pending \(topic.rawValue) proposal"
            }
            return proposal.proposedBy == side ? "the proposal is this party's own; the other party must consent" : nil
        case .agreed(let topic):
            return snapshot.proposals[topic]?.consentedBy == nil ? "the parties have not both agreed to \(topic.rawValue)" : nil
        }
    }
}
