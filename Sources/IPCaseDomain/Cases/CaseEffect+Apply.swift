import Foundation

extension CaseRules {
    public static func apply(
        _ effect: CaseEffect, of action: WorkflowAction<CaseRules>, to outcome: inout TransitionOutcome<CaseSnapshot>,
        context: TransitionContext, workflow: WorkflowDefinition<CaseRules>
    ) throws(TransitionRefusal) {
        let side = context.actor.organizationId.flatMap(outcome.subject.side(of:))
        switch effect {
        case .assignMediator:
            // An unknown id and a user who may not serve answer alike: the answer says nothing of who exists.
            let (field, user) = try referencedUser(of: action, context: context, otherwise: FieldMessage.mustBeCaseMediator)
            guard user.active, user.roles.contains(Role.mediator.rawValue), user.organizationId == outcome.subject.mediationBodyId else {
                throw .invalidFields([FieldProblem(field, FieldMessage.mustBeCaseMediator)])
            }
            outcome.subject.mediatorUserId = user.id
        case .assignArbitrator:
            let (field, user) = try referencedUser(of: action, context: context, otherwise: FieldMessage.mustBeCaseArbitrator)
            guard user.active, user.roles.contains(Role.arbitrator.rawValue),
                  user.organizationId == outcome.subject.arbitrationCommissionId
            else {
                throw .invalidFields([FieldProblem(field, FieldMessage.mustBeCaseArbitrator)])
            }
            outcome.subject.arbitratorUserId = user.id
        case .assignJudge:
            outcome.subject.judgeUserId = context.actor.userId
        case .draftAgreement:
            guard case .string(let terms)? = context.fields["terms"],
                  case .bool(let decides)? = context.fields["determinesOwnershipOrValidity"]
            else { throw .invalidFields([FieldProblem("terms", FieldMessage.termsWithOwnershipFlag)]) }
            outcome.subject.agreement = CaseSnapshot.Agreement(
                terms: terms, determinesOwnershipOrValidity: decides, draftedAt: context.now,
                draftedBy: context.actor.userId ?? UUID(), signedAt: [:], effectiveOn: nil,
                termsSha256: CaseRecord.sha256(terms), signatures: [:])
            outcome.subject.performanceDueOn = context.day("performanceDueOn")
        case .recordAward:
            if case .string(let award)? = context.fields["award"] { outcome.subject.award = award }
            outcome.subject.performanceDueOn = context.day("performanceDueOn")
        case .signAgreement:
            guard let side else { throw .guardFailed(guard: "notYetSigned", reason: GuardReason.onlyAPartySigns) }
            outcome.subject.agreement?.signedAt[side] = context.now
            if let terms = outcome.subject.agreement?.terms {
                let hash = CaseRecord.sha256(terms)
                outcome.subject.agreement?.signatures?[side] = .init(userId: context.actor.userId, at: context.now, termsSha256: hash)
                outcome.recorded["termsSha256"] = .string(hash)
            }
        case .agreementTakesEffect:
            outcome.subject.agreement?.effectiveOn = context.today
        case .clearAgreement:
            outcome.subject.agreement = nil
        case .propose(let topic):
            guard let side else { throw .guardFailed(guard: "proposedByParty", reason: GuardReason.onlyAPartyProposes) }
            let organization = action.fields.first { if case .organization = $0.type { true } else { false } }
            outcome.subject.proposals[topic] = CaseSnapshot.Proposal(
                proposedBy: side, at: context.now, organizationId: organization.flatMap { context.id($0.name) },
                consentedBy: nil)
        case .consent(let topic):
            guard let side else { throw .guardFailed(guard: "proposedByOtherParty", reason: GuardReason.onlyAPartyConsents) }
            outcome.subject.proposals[topic]?.consentedBy = side
        case .extend(let name):
            guard let index = outcome.subject.deadlines.firstIndex(where: { $0.name == name }) else { return }
            try workflow.extend(&outcome.subject.deadlines[index])
            outcome.subject.proposals[.extension_] = nil
        case .referToArbitrationCommission:
            outcome.subject.arbitrationCommissionId = outcome.subject.proposals[.arbitration]?.organizationId
            outcome.subject.arbitratorUserId = nil
        case .referToCourt:
            outcome.subject.courtId = outcome.subject.proposals[.confirmation]?.organizationId
            outcome.subject.judgeUserId = nil
        case .proposeCreditRecord:
            // Against the party reported as not performing; the neutral's decision carries the proposal.
            guard let reporter = outcome.subject.nonPerformance?.reportedBy ?? side else {
                throw .guardFailed(guard: "reportedByParty", reason: GuardReason.onlyAPartyReports)
            }
            let other = outcome.subject.party(reporter.other)
            let reason: String = if case .string(let text)? = context.fields["reason"] { text }
                else { outcome.subject.nonPerformance?.reason ?? action.description.en }
            outcome.creditProposals.append(CreditProposal(
                kind: "6", organizationId: other.organizationId, creditCode: other.creditCode, reason: reason))
        case .reportNonPerformance, .answerNonPerformance:
            try CaseNonPerformance.apply(effect, to: &outcome, context: context, side: side)
        case .handOver, .requestRecusal, .grantRecusal, .dismissRecusal:
            try CaseNeutrals.apply(effect, to: &outcome, context: context, side: side)
        case .recordAnswer, .recordRuling, .scheduleSession, .recordMinutes:
            try CaseRecord.apply(effect, of: action, to: &outcome, context: context)
        }
    }

    /// The user the action's user field names; `otherwise` is what an unknown id is told, the same words as an
    /// unfit user gets.
    static func referencedUser(
        of action: WorkflowAction<CaseRules>, context: TransitionContext, otherwise: LocalizedText
    ) throws(TransitionRefusal) -> (String, ReferencedUser) {
        guard let field = action.fields.first(where: { $0.type == .user }) else {
            throw .invalidFields([FieldProblem("userId", FieldMessage.actionNamesNoUser)])
        }
        guard let id = context.id(field.name), let user = context.users[id] else {
            throw .invalidFields([FieldProblem(field.name, otherwise)])
        }
        return (field.name, user)
    }
}
