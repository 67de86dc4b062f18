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

    /// Files a new case.
    func insert(_ outcome: TransitionOutcome, workflow: WorkflowDefinition, now: Date, on connection: PostgresConnection, logger: Logger) async throws {
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

    private func writeConsequences(
        _ outcome: TransitionOutcome, previousDeadlines: [CaseSnapshot.Deadline]?, workflow: WorkflowDefinition, now: Date,
        on connection: PostgresConnection, logger: Logger
    ) async throws {
        let snapshot = outcome.snapshot
        let appended = try await events.append(
            outcome.steps.map {
                EventChain.NewEvent(
                    action: $0.action, actorUserId: $0.actor.userId, actorOrganizationId: $0.actor.organizationId,
                    fromState: $0.from.isEmpty ? nil : $0.from, toState: $0.to, payload: $0.payload)
            },
            subjectType: Self.subjectType, subjectId: snapshot.id, at: now, on: connection, logger: logger)
        if let head = appended.last {
            try await cases.setChainHead(snapshot.id, to: head.hash, on: connection, logger: logger)
        }
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
                with: snapshot.deadlines.compactMap { deadline in workflow.firesAt(deadline).map { (deadline.name, $0) } },
                now: now, on: connection, logger: logger)
        }
        for proposal in outcome.creditProposals {
            try await cases.insertCreditProposal(proposal, caseId: snapshot.id, now: now, on: connection, logger: logger)
        }
    }
}
