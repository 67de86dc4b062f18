import Foundation
import IPCaseDomain
import Logging
import PostgresNIO

/// Writes what the workflow decided, all in the caller's transaction: the case row, one event per step,
/// the notifications, the timers for the new deadlines and any credit proposal. Either all of it
/// commits or none of it does.
struct CaseWriter: Sendable {
    let cases: CaseStore
    let events: EventChain
    let notifications: NotificationStore
    let timers: TimerStore

    static let subjectType = "case"

    /// Files a complaint: the next number of the district's year, the initial state and its first event.
    /// The API and the demo seed both file through here.
    func file(
        by userId: UUID, for complainant: (id: UUID, creditCode: String, name: String), against respondent: CaseSnapshot.Party,
        mediationBodyId: UUID, ipRight: CaseSnapshot.IPRight, claims: String, amountClaimed: String?,
        workflow: WorkflowDefinition, now: Date, on connection: PostgresConnection, logger: Logger
    ) async throws -> CaseSnapshot {
        let number = try await cases.nextNumber(
            prefix: workflow.numberPrefix, year: CalendarDay(now, in: workflow.timeZone).year, on: connection, logger: logger)
        let snapshot = CaseSnapshot(
            id: UUID(), number: number, filedAt: now, filedBy: userId, state: workflow.initialState,
            complainant: .init(organizationId: complainant.id, creditCode: complainant.creditCode, name: complainant.name),
            respondent: respondent, mediationBodyId: mediationBodyId, ipRight: ipRight, claims: claims,
            amountClaimed: amountClaimed)
        let outcome = workflow.file(
            snapshot, payload: Self.filingPayload(snapshot),
            context: TransitionContext(
                actor: .user(id: userId, organizationId: complainant.id), now: now,
                timeZone: workflow.timeZone))
        try await insert(outcome, workflow: workflow, now: now, on: connection, logger: logger)
        return outcome.snapshot
    }

    /// What the first event of a case records of the filing.
    static func filingPayload(_ snapshot: CaseSnapshot) -> [String: JSONValue] {
        var payload: [String: JSONValue] = [
            "number": .string(snapshot.number),
            "respondentCreditCode": .string(snapshot.respondent.creditCode),
            "respondentName": .string(snapshot.respondent.name),
            "mediationBodyId": .string(snapshot.mediationBodyId.uuidString.lowercased()),
            "ipRight": .object([
                "type": .string(snapshot.ipRight.type), "identifier": .string(snapshot.ipRight.identifier),
                "title": .string(snapshot.ipRight.title),
            ]),
            "claims": .string(snapshot.claims),
        ]
        if let amount = snapshot.amountClaimed { payload["amountClaimed"] = .string(amount) }
        return payload
    }

    private func insert(_ outcome: TransitionOutcome, workflow: WorkflowDefinition, now: Date, on connection: PostgresConnection, logger: Logger) async throws {
        try await cases.insert(outcome.snapshot, dueOn: workflow.dutyDueOn(outcome.snapshot), on: connection, logger: logger)
        try await writeConsequences(outcome, previousDeadlines: nil, workflow: workflow, now: now, on: connection, logger: logger)
    }

    /// Applies a transition to the case at `previous.version`; nil when another change got there first.
    func update(
        _ outcome: TransitionOutcome, previous: StoredCase, workflow: WorkflowDefinition, now: Date,
        on connection: PostgresConnection, logger: Logger
    ) async throws -> Int? {
        guard let version = try await cases.update(
            outcome.snapshot, dueOn: workflow.dutyDueOn(outcome.snapshot), expectedVersion: previous.version, now: now,
            on: connection, logger: logger)
        else { return nil }
        try await writeConsequences(
            outcome, previousDeadlines: previous.snapshot.deadlines, workflow: workflow, now: now, on: connection, logger: logger)
        return version
    }

    /// Appends to the case's chain and records its new head on the case row; the caller holds the row lock.
    func appendEvents(
        _ newEvents: [EventChain.NewEvent], to caseId: UUID, at now: Date, on connection: PostgresConnection, logger: Logger
    ) async throws {
        let appended = try await events.append(
            newEvents, subjectType: Self.subjectType, subjectId: caseId, at: now, on: connection, logger: logger)
        if let head = appended.last {
            try await cases.setChainHead(caseId, to: head.hash, on: connection, logger: logger)
        }
    }

    private func writeConsequences(
        _ outcome: TransitionOutcome, previousDeadlines: [CaseSnapshot.Deadline]?, workflow: WorkflowDefinition, now: Date,
        on connection: PostgresConnection, logger: Logger
    ) async throws {
        let snapshot = outcome.snapshot
        try await appendEvents(
            outcome.steps.map {
                EventChain.NewEvent(
                    action: $0.action, actorUserId: $0.actor.userId, actorOrganizationId: $0.actor.organizationId,
                    fromState: $0.from.isEmpty ? nil : $0.from, toState: $0.to, payload: $0.payload)
            },
            to: snapshot.id, at: now, on: connection, logger: logger)
        for intent in outcome.notifications {
            for audience in intent.audiences(on: snapshot) {
                try await notifications.notify(
                    audience, subjectType: Self.subjectType, subjectId: snapshot.id, subjectLabel: snapshot.number,
                    text: intent.text, now: now, on: connection, logger: logger)
            }
        }
        if previousDeadlines != snapshot.deadlines {
            try await timers.replacePending(
                subjectType: Self.subjectType, subjectId: snapshot.id,
                with: workflow.timers(for: snapshot),
                now: now, on: connection, logger: logger)
        }
        for proposal in outcome.creditProposals {
            try await cases.insertCreditProposal(proposal, caseId: snapshot.id, now: now, on: connection, logger: logger)
        }
    }
}
