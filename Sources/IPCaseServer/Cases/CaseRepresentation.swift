import Foundation
import IPCaseDomain

/// `GET /v1/cases/{id}`: the case as one principal sees it, with what that principal may do next.
struct CaseRepresentation: Encodable, Sendable {
    struct Neutrals: Encodable, Sendable {
        let mediationBodyId: UUID
        let mediatorUserId: UUID?
        let arbitrationCommissionId: UUID?
        let arbitratorUserId: UUID?
        let courtId: UUID?
        let judgeUserId: UUID?
    }

    struct Agreement: Encodable, Sendable {
        let terms: String
        let determinesOwnershipOrValidity: Bool
        let draftedAt: Date
        let draftedBy: UUID
        let signedByComplainantAt: Date?
        let signedByRespondentAt: Date?
        let effectiveOn: String?
    }

    struct Proposal: Encodable, Sendable {
        let topic: String
        let proposedBy: String
        let at: Date
        let organizationId: UUID?
        let consentedBy: String?
    }

    struct Deadline: Encodable, Sendable {
        let name: String
        let description: LocalizedText
        let startedOn: String
        /// While paused, the day it would fall due if the clock restarted today.
        let dueOn: String
        let paused: Bool
        let daysLeftWhenPaused: Int?
        let extensionsUsed: Int
        let window: Bool
        let overdue: Bool
        /// What `system` does when it runs out, if anything.
        let onExpiry: String?
    }

    let id: UUID
    let number: String
    let state: String
    let outcome: String?
    let filedAt: Date
    let updatedAt: Date
    let version: Int
    let complainant: CaseSnapshot.Party
    let respondent: CaseSnapshot.Party
    let ipRight: CaseSnapshot.IPRight
    let claims: String
    let amountClaimed: String?
    let neutrals: Neutrals
    let agreement: Agreement?
    let award: String?
    let proposals: [Proposal]
    let deadlines: [Deadline]
    let overdue: Bool
    let availableActions: [AvailableAction]

    init(_ stored: StoredCase, workflow: CaseWorkflow, today: CalendarDay, availableActions: [WorkflowAction<CaseRules>]) {
        let snapshot = stored.snapshot
        id = snapshot.id
        number = snapshot.number
        state = snapshot.state
        outcome = snapshot.outcome
        filedAt = snapshot.filedAt
        updatedAt = stored.updatedAt
        version = stored.version
        complainant = snapshot.complainant
        respondent = snapshot.respondent
        ipRight = snapshot.ipRight
        claims = snapshot.claims
        amountClaimed = snapshot.amountClaimed
        neutrals = Neutrals(
            mediationBodyId: snapshot.mediationBodyId, mediatorUserId: snapshot.mediatorUserId,
            arbitrationCommissionId: snapshot.arbitrationCommissionId, arbitratorUserId: snapshot.arbitratorUserId,
            courtId: snapshot.courtId, judgeUserId: snapshot.judgeUserId)
        agreement = snapshot.agreement.map {
            Agreement(
                terms: $0.terms, determinesOwnershipOrValidity: $0.determinesOwnershipOrValidity, draftedAt: $0.draftedAt,
                draftedBy: $0.draftedBy, signedByComplainantAt: $0.signedAt[.complainant],
                signedByRespondentAt: $0.signedAt[.respondent], effectiveOn: $0.effectiveOn?.description)
        }
        award = snapshot.award
        proposals = snapshot.proposals.sorted { $0.key.rawValue < $1.key.rawValue }.map {
            Proposal(
                topic: $0.key.rawValue, proposedBy: $0.value.proposedBy.rawValue, at: $0.value.at,
                organizationId: $0.value.organizationId, consentedBy: $0.value.consentedBy?.rawValue)
        }
        deadlines = snapshot.deadlines.compactMap { running in
            guard let rule = workflow.deadline(running.name) else { return nil }
            let dueOn = running.pausedDaysLeft.map { today.adding(days: $0) } ?? running.dueOn
            return Deadline(
                name: running.name, description: rule.description, startedOn: running.startedOn.description,
                dueOn: dueOn.description, paused: running.isPaused, daysLeftWhenPaused: running.pausedDaysLeft,
                extensionsUsed: running.extensionsUsed, window: rule.window,
                overdue: !rule.window && !running.isPaused && today > running.dueOn, onExpiry: rule.onExpiry)
        }
        overdue = deadlines.contains(where: \.overdue)
        self.availableActions = availableActions.map(AvailableAction.init)
    }
}
