import Foundation
import IPCaseDomain
import Logging
import PostgresNIO

/// The one consequence path: writes what a workflow decided, all in the caller's transaction — the
/// subject's row, one event per step, the notifications, the timers of the new deadlines and any
/// credit proposal. Either all of it commits or none of it does. Every capability writes through it.
struct WorkflowWriter<Store: WorkflowSubjectStore>: Sendable {
    typealias Rules = Store.Rules

    let store: Store
    let events: EventChain
    let notifications: NotificationStore
    let timers: TimerStore
    let creditProposals: CreditProposalStore

    /// A new subject, as `WorkflowDefinition.start` returned it.
    func insert(
        _ outcome: TransitionOutcome<Rules.Subject>, workflow: WorkflowDefinition<Rules>, now: Date,
        on connection: PostgresConnection, logger: Logger
    ) async throws {
        try await store.insert(outcome.subject, dueOn: workflow.dutyDueOn(outcome.subject), on: connection, logger: logger)
        try await writeConsequences(outcome, previousDeadlines: nil, workflow: workflow, now: now, on: connection, logger: logger)
    }

    /// Applies a transition to the subject at `previous.version`; nil when another change got there first.
    func update(
        _ outcome: TransitionOutcome<Rules.Subject>, previous: VersionedSubject<Rules.Subject>,
        workflow: WorkflowDefinition<Rules>, now: Date, on connection: PostgresConnection, logger: Logger
    ) async throws -> Int? {
        guard let version = try await store.update(
            outcome.subject, dueOn: workflow.dutyDueOn(outcome.subject), expectedVersion: previous.version, now: now,
            on: connection, logger: logger)
        else { return nil }
        try await writeConsequences(
            outcome, previousDeadlines: previous.snapshot.deadlines, workflow: workflow, now: now, on: connection,
            logger: logger)
        return version
    }

    private func writeConsequences(
        _ outcome: TransitionOutcome<Rules.Subject>, previousDeadlines: [RunningDeadline]?,
        workflow: WorkflowDefinition<Rules>, now: Date, on connection: PostgresConnection, logger: Logger
    ) async throws {
        let subject = outcome.subject
        try await events.append(
            outcome.steps.map {
                EventChain.NewEvent(
                    action: $0.action, actorUserId: $0.actor.userId, actorOrganizationId: $0.actor.organizationId,
                    fromState: $0.from.isEmpty ? nil : $0.from, toState: $0.to, payload: $0.payload)
            },
            subjectType: Rules.subjectType, subjectId: subject.id, at: now, on: connection, logger: logger)
        for intent in outcome.notifications {
            for audience in store.audiences(of: intent, on: subject) {
                try await notifications.notify(
                    audience, subjectType: Rules.subjectType, subjectId: subject.id, subjectLabel: subject.label,
                    text: intent.text, now: now, on: connection, logger: logger)
            }
        }
        if previousDeadlines != subject.deadlines {
            try await timers.replacePending(
                subjectType: Rules.subjectType, subjectId: subject.id, with: workflow.timers(for: subject), now: now,
                on: connection, logger: logger)
        }
        for proposal in outcome.creditProposals {
            try await creditProposals.insert(
                proposal, sourceType: Rules.subjectType, sourceId: subject.id, now: now, on: connection, logger: logger)
        }
    }
}
