import Foundation
import IPCaseDomain
import Logging
import PostgresNIO

/// The one consequence path: writes what a workflow decided, all in the caller's transaction — the
/// subject's row, one event per step in the chain the subject belongs to, the notifications, the timers
/// of the new deadlines, any credit proposal and any change to a credit record. Either all of it commits
/// or none of it does. Every capability writes through it.
struct WorkflowWriter<Store: WorkflowSubjectStore>: Sendable {
    typealias Rules = Store.Rules

    let store: Store
    let events: EventChain
    let notifications: NotificationStore
    let timers: TimerStore
    let creditProposals: CreditProposalStore
    let creditRecords: CreditRecordChanges

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
        let chain = Rules.chain(of: subject)
        // In another subject's chain, each event says whose step it records.
        let joinsAnotherChain = chain != ChainReference(subjectType: Rules.subjectType, subjectId: subject.id)
        try await events.append(
            outcome.steps.map {
                var payload = $0.payload
                if joinsAnotherChain {
                    payload["subjectType"] = .string(Rules.subjectType)
                    payload["subjectId"] = .string(subject.id.uuidString.lowercased())
                }
                return EventChain.NewEvent(
                    action: $0.action, actorUserId: $0.actor.userId, actorOrganizationId: $0.actor.organizationId,
                    fromState: $0.from.isEmpty ? nil : $0.from, toState: $0.to, payload: payload)
            },
            subjectType: chain.subjectType, subjectId: chain.subjectId, at: now, on: connection, logger: logger)
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
        for change in outcome.creditRecordChanges {
            try await creditRecords.apply(
                change, by: outcome.steps.last?.actor ?? .system, source: ChainReference(subjectType: Rules.subjectType, subjectId: subject.id),
                now: now, on: connection, logger: logger)
        }
    }

    /// A reminder of a running deadline: its notifications, and nothing else changes.
    func remind(
        _ intents: [NotificationIntent], on subject: Rules.Subject, now: Date, on connection: PostgresConnection,
        logger: Logger
    ) async throws {
        for intent in intents {
            for audience in store.audiences(of: intent, on: subject) {
                try await notifications.notify(
                    audience, subjectType: Rules.subjectType, subjectId: subject.id, subjectLabel: subject.label,
                    text: intent.text, now: now, on: connection, logger: logger)
            }
        }
    }
}
