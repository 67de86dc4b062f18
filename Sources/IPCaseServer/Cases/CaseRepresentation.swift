import Foundation
import IPCaseDomain

/// `GET /v1/cases/{id}`: the case as one principal sees it, with what that principal may do next.
struct CaseRepresentation: Encodable, Sendable {
    /// Who serves the case, by id and by name.
    struct Neutrals: Encodable, Sendable {
        let mediationBodyId: UUID
        let mediationBodyName: String?
        let mediatorUserId: UUID?
        let mediatorName: String?
        let arbitrationCommissionId: UUID?
        let arbitrationCommissionName: String?
        let arbitratorUserId: UUID?
        let arbitratorName: String?
        let courtId: UUID?
        let courtName: String?
        let judgeUserId: UUID?
        let judgeName: String?
    }

    struct Agreement: Encodable, Sendable {
        let terms: String
        /// What a signature names: sign by sending it back (`termsSha256`).
        let termsSha256: String?
        let determinesOwnershipOrValidity: Bool
        let draftedAt: Date
        let draftedBy: UUID
        let signedByComplainantAt: Date?
        let signedByRespondentAt: Date?
        let signatures: [String: CaseSnapshot.Signature]?
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
    let performanceDueOn: CalendarDay?
    /// The respondent's answer (答辩).
    let respondentAnswer: CaseSnapshot.Statement?
    let ruling: CaseSnapshot.Ruling?
    let nonPerformance: CaseSnapshot.NonPerformance?
    let recusal: CaseSnapshot.Recusal?
    let sessions: [CaseSnapshot.Session]
    let proposals: [Proposal]
    let deadlines: [Deadline]
    let overdue: Bool
    let availableActions: [AvailableAction]

    init(
        _ stored: StoredCase, workflow: CaseWorkflow, today: CalendarDay, availableActions: [WorkflowAction<CaseRules>],
        names: CaseNames.Names = .init()
    ) {
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
        func user(_ id: UUID?) -> String? { id.flatMap { names.users[$0] } }
        func organization(_ id: UUID?) -> String? { id.flatMap { names.organizations[$0] } }
        neutrals = Neutrals(
            mediationBodyId: snapshot.mediationBodyId, mediationBodyName: organization(snapshot.mediationBodyId),
            mediatorUserId: snapshot.mediatorUserId, mediatorName: user(snapshot.mediatorUserId),
            arbitrationCommissionId: snapshot.arbitrationCommissionId,
            arbitrationCommissionName: organization(snapshot.arbitrationCommissionId),
            arbitratorUserId: snapshot.arbitratorUserId, arbitratorName: user(snapshot.arbitratorUserId),
            courtId: snapshot.courtId, courtName: organization(snapshot.courtId), judgeUserId: snapshot.judgeUserId,
            judgeName: user(snapshot.judgeUserId))
        agreement = snapshot.agreement.map {
            Agreement(
                terms: $0.terms, termsSha256: $0.termsSha256, determinesOwnershipOrValidity: $0.determinesOwnershipOrValidity,
                draftedAt: $0.draftedAt, draftedBy: $0.draftedBy, signedByComplainantAt: $0.signedAt[.complainant],
                signedByRespondentAt: $0.signedAt[.respondent],
                signatures: $0.signatures.map { Dictionary(uniqueKeysWithValues: $0.map { ($0.key.rawValue, $0.value) }) },
                effectiveOn: $0.effectiveOn?.description)
        }
        award = snapshot.award
        performanceDueOn = snapshot.performanceDueOn
        respondentAnswer = snapshot.respondentAnswer
        ruling = snapshot.ruling
        nonPerformance = snapshot.nonPerformance
        recusal = snapshot.recusal
        sessions = snapshot.sessions ?? []
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
