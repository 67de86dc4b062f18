import Foundation

/// Who serves a running case, and how that changes: the first mediator is assigned by the body; afterwards the
/// case changes hands only when the assigned mediator hands it over to a colleague, or when a party's request
/// for recusal (回避) is granted and the neutral is replaced. Never by a colleague taking it for themselves.
/// Confidential evidence follows the assignment, so the replaced neutral loses it and the new one gains it from
/// the event that names them.
enum CaseNeutrals {
    /// The neutral of the case's current stage: the arbitrator in arbitration, else the mediator.
    static func stageNeutral(of snapshot: CaseSnapshot) -> UUID? {
        snapshot.state == "in_arbitration" ? snapshot.arbitratorUserId : snapshot.mediatorUserId
    }

    static func failure(_ check: CaseGuard, _ snapshot: CaseSnapshot, _ context: TransitionContext) -> LocalizedText? {
        switch check {
        case .noMediatorYet:
            return snapshot.mediatorUserId == nil ? nil : GuardReason.mediatorAlreadyAssigned
        case .recusable:
            if snapshot.recusal != nil { return GuardReason.recusalAlreadyPending }
            return stageNeutral(of: snapshot) == nil ? GuardReason.noNeutralToRecuse : nil
        case .recusalPending:
            return snapshot.recusal == nil ? GuardReason.noRecusalPending : nil
        default:
            return nil
        }
    }

    static func apply(
        _ effect: CaseEffect, to outcome: inout TransitionOutcome<CaseSnapshot>, context: TransitionContext, side: PartySide?
    ) throws(TransitionRefusal) {
        switch effect {
        case .handOver:
            let user = try replacement(for: outcome.subject, context: context)
            outcome.subject.mediatorUserId = user
        case .requestRecusal:
            guard let side, let neutral = stageNeutral(of: outcome.subject) else {
                throw .guardFailed(guard: "recusable", reason: GuardReason.noNeutralToRecuse)
            }
            outcome.subject.recusal = .init(requestedBy: side, neutralUserId: neutral, reason: context.text("reason") ?? "", at: context.now)
        case .grantRecusal:
            let user = try replacement(for: outcome.subject, context: context)
            if outcome.subject.state == "in_arbitration" { outcome.subject.arbitratorUserId = user } else { outcome.subject.mediatorUserId = user }
            outcome.recorded["recusedUserId"] = outcome.subject.recusal.map { .string($0.neutralUserId.uuidString.lowercased()) } ?? .null
            outcome.subject.recusal = nil
        case .dismissRecusal:
            outcome.subject.recusal = nil
        default:
            break
        }
    }

    /// The user the `userId` field names, checked as a neutral of the stage's body who does not already serve
    /// and is not the one replaced.
    private static func replacement(for snapshot: CaseSnapshot, context: TransitionContext) throws(TransitionRefusal) -> UUID {
        let arbitration = snapshot.state == "in_arbitration"
        let role = arbitration ? Role.arbitrator : Role.mediator
        let body = arbitration ? snapshot.arbitrationCommissionId : snapshot.mediationBodyId
        guard let id = context.id("userId"), let user = context.users[id], user.active, user.roles.contains(role.rawValue),
              user.organizationId == body
        else {
            throw .invalidFields([FieldProblem("userId", arbitration ? FieldMessage.mustBeCaseArbitrator : FieldMessage.mustBeCaseMediator)])
        }
        // Never for oneself: a colleague deciding a recusal names someone else.
        guard id != stageNeutral(of: snapshot), !snapshot.neutralUserIds.contains(id), id != context.actor.userId else {
            throw .invalidFields([FieldProblem("userId", FieldMessage.mustBeAnotherNeutral)])
        }
        let parties = [snapshot.complainant.organizationId, snapshot.respondent.organizationId].compactMap { $0 }
        guard !parties.contains(user.organizationId) else {
            throw .guardFailed(guard: "noConflictOfInterest", reason: GuardReason.candidateIsParty)
        }
        return id
    }
}
