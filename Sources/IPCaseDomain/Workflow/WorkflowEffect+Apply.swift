import Foundation

extension WorkflowDefinition {
    func apply(
        _ effect: WorkflowEffect, of action: WorkflowAction, to outcome: inout TransitionOutcome, side: PartySide?,
        context: TransitionContext
    ) throws(TransitionRefusal) {
        switch effect {
        case .assignMediator:
            let (field, user) = try referencedUser(of: action, context: context)
            guard user.active, user.roles.contains("mediator"), user.organizationId == outcome.snapshot.mediationBodyId else {
                throw .invalidFields([FieldProblem(field, "must be an active mediator of the case's mediation body")])
            }
            outcome.snapshot.mediatorUserId = user.id
        case .assignArbitrator:
            let (field, user) = try referencedUser(of: action, context: context)
            guard user.active, user.roles.contains("arbitrator"),
                  user.organizationId == outcome.snapshot.arbitrationCommissionId
            else {
                throw .invalidFields([FieldProblem(field, "must be an active arbitrator of the case's arbitration commission")])
            }
            outcome.snapshot.arbitratorUserId = user.id
        case .assignJudge:
            outcome.snapshot.judgeUserId = context.actor.userId
        case .draftAgreement:
            guard case .string(let terms)? = context.fields["terms"],
                  case .bool(let decides)? = context.fields["determinesOwnershipOrValidity"]
            else { throw .invalidFields([FieldProblem("terms", "is required with determinesOwnershipOrValidity")]) }
            outcome.snapshot.agreement = CaseSnapshot.Agreement(
                terms: terms, determinesOwnershipOrValidity: decides, draftedAt: context.now,
                draftedBy: context.actor.userId ?? UUID(), signedAt: [:], effectiveOn: nil)
        case .recordAward:
            if case .string(let award)? = context.fields["award"] { outcome.snapshot.award = award }
        case .signAgreement:
            guard let side else { throw .guardFailed(guard: "notYetSigned", reason: "only a party signs") }
            outcome.snapshot.agreement?.signedAt[side] = context.now
        case .agreementTakesEffect:
            outcome.snapshot.agreement?.effectiveOn = context.today
        case .clearAgreement:
            outcome.snapshot.agreement = nil
        case .propose(let topic):
            guard let side else { throw .guardFailed(guard: "proposedByParty", reason: "only a party proposes") }
            let organization = action.fields.first { if case .organization = $0.type { true } else { false } }
            outcome.snapshot.proposals[topic] = CaseSnapshot.Proposal(
                proposedBy: side, at: context.now, organizationId: organization.flatMap { context.id($0.name) },
                consentedBy: nil)
        case .consent(let topic):
            guard let side else { throw .guardFailed(guard: "proposedByOtherParty", reason: "only a party consents") }
            outcome.snapshot.proposals[topic]?.consentedBy = side
        case .extend(let name):
            guard let rule = deadline(name)?.extension,
                  let index = outcome.snapshot.deadlines.firstIndex(where: { $0.name == name })
            else { return }
            outcome.snapshot.deadlines[index].extensionsUsed += 1
            if let left = outcome.snapshot.deadlines[index].pausedDaysLeft {
                outcome.snapshot.deadlines[index].pausedDaysLeft = left + rule.days
            } else {
                outcome.snapshot.deadlines[index].dueOn = outcome.snapshot.deadlines[index].dueOn.adding(days: rule.days)
            }
            outcome.snapshot.proposals[.extension_] = nil
        case .referToArbitrationCommission:
            outcome.snapshot.arbitrationCommissionId = outcome.snapshot.proposals[.arbitration]?.organizationId
            outcome.snapshot.arbitratorUserId = nil
        case .referToCourt:
            outcome.snapshot.courtId = outcome.snapshot.proposals[.confirmation]?.organizationId
            outcome.snapshot.judgeUserId = nil
        case .proposeCreditRecord:
            guard let side else { throw .guardFailed(guard: "reportedByParty", reason: "only a party reports") }
            let other = outcome.snapshot.party(side.other)
            let reason: String = if case .string(let text)? = context.fields["reason"] { text } else { action.description.en }
            outcome.creditProposals.append(CreditProposal(
                kind: 6, organizationId: other.organizationId, creditCode: other.creditCode, reason: reason))
        }
    }

    private func referencedUser(
        of action: WorkflowAction, context: TransitionContext
    ) throws(TransitionRefusal) -> (String, ReferencedUser) {
        guard let field = action.fields.first(where: { $0.type == .user }) else {
            throw .invalidFields([FieldProblem("userId", "the action names no user")])
        }
        guard let id = context.id(field.name), let user = context.users[id] else {
            throw .invalidFields([FieldProblem(field.name, "is not the id of a user")])
        }
        return (field.name, user)
    }
}
