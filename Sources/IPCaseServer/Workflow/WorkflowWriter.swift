import Foundation
import IPCaseDomain
import Logging
import PostgresNIO

/// The one consequence path: writes what a workflow decided — the subject's row, one event per step in the
/// chain the subject belongs to, the notifications, the timers of the new deadlines (all in one statement,
/// `WorkflowWriteStatement`), then any credit proposal and any change to a credit record, which need the
/// caller's transaction (`needsTransaction`). Either all of it commits or none of it does. Every capability
/// writes through it.
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
        let values = try store.insertValues(outcome.subject, dueOn: workflow.dutyDueOn(outcome.subject))
        let chain = Rules.chain(of: outcome.subject)
        // A subject that begins its own chain begins it empty; one that joins another's must find where it ends.
        let ownChain = chain == ChainReference(subjectType: Rules.subjectType, subjectId: outcome.subject.id)
        _ = try await write(
            WorkflowWriteStatement<Store, InsertSubject>.self, values: values, outcome, knownHead: ownChain ? .empty : nil,
            previousDeadlines: nil, workflow: workflow, now: now, on: connection, logger: logger)
    }

    /// Applies a transition to the subject at `previous.version`; nil when another change got there first.
    func update(
        _ outcome: TransitionOutcome<Rules.Subject>, previous: VersionedSubject<Rules.Subject>,
        workflow: WorkflowDefinition<Rules>, now: Date, on connection: PostgresConnection, logger: Logger
    ) async throws -> Int? {
        let values = try store.updateValues(
            outcome.subject, dueOn: workflow.dutyDueOn(outcome.subject), expectedVersion: previous.version, now: now)
        return try await write(
            WorkflowWriteStatement<Store, UpdateSubject>.self, values: values, outcome, knownHead: previous.chainHead,
            previousDeadlines: previous.snapshot.deadlines, workflow: workflow, now: now, on: connection, logger: logger)
    }

    /// Does all needs more than one statement, so that the caller must write in a transaction?
    static func needsTransaction(_ outcome: TransitionOutcome<Rules.Subject>) -> Bool {
        !outcome.creditProposals.isEmpty || !outcome.creditRecordChanges.isEmpty
    }

    /// The step's one statement, sealed again onto the chain's new head if another writer moved it meanwhile;
    /// then what touches other capabilities' rows (credit proposals and records), which needs a transaction.
    private func write<Form: WorkflowWriteForm>(
        _ statement: WorkflowWriteStatement<Store, Form>.Type, values: PostgresBindings,
        _ outcome: TransitionOutcome<Rules.Subject>, knownHead: EventChain.Head?, previousDeadlines: [RunningDeadline]?,
        workflow: WorkflowDefinition<Rules>, now: Date, on connection: PostgresConnection, logger: Logger
    ) async throws -> Int? {
        let subject = outcome.subject
        let chain = Rules.chain(of: subject)
        // In another subject's chain, each event says whose step it records.
        let joinsAnotherChain = chain != ChainReference(subjectType: Rules.subjectType, subjectId: subject.id)
        let newEvents = outcome.steps.map {
            var payload = $0.payload
            if joinsAnotherChain {
                payload["subjectType"] = .string(Rules.subjectType)
                payload["subjectId"] = .string(subject.id.uuidString.lowercased())
            }
            return EventChain.NewEvent(
                action: $0.action, actorUserId: $0.actor.userId, actorOrganizationId: $0.actor.organizationId,
                fromState: $0.from.isEmpty ? nil : $0.from, toState: $0.to, payload: payload)
        }
        let notifications = outcome.notifications.flatMap { intent in
            store.audiences(of: intent, on: subject).map { (audience: $0, text: intent.text) }
        }
        let timers = previousDeadlines == subject.deadlines ? nil : workflow.timers(for: subject)
        var head = knownHead
        for _ in 0..<Self.attempts {
            let onto = if let head { head } else { try await events.lockedHead(of: chain, on: connection, logger: logger) }
            let step = statement.init(
                subjectValues: values, chain: chain, head: onto, events: EventChain.seal(newEvents, onto: chain, after: onto, at: now),
                subjectType: Rules.subjectType, subjectId: subject.id, subjectLabel: subject.label, now: now,
                notifications: notifications, timers: timers)
            var answer: (gated: Bool, version: Int?) = (false, nil)
            for try await row in try await connection.execute(step, logger: logger) { answer = row }
            guard answer.gated else { return nil }
            guard let version = answer.version else {
                head = nil  // another writer moved the chain: read where it ends now
                continue
            }
            try await writeCredit(outcome, now: now, on: connection, logger: logger)
            return version
        }
        throw ChainKeepsMoving(chain: chain)
    }

    /// How often a step is sealed again before the writer gives up: each retry means another writer appended
    /// to the same chain between two statements, which is rare.
    static var attempts: Int { 5 }

    private func writeCredit(
        _ outcome: TransitionOutcome<Rules.Subject>, now: Date, on connection: PostgresConnection, logger: Logger
    ) async throws {
        let subject = outcome.subject
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

/// Other writers kept appending to the chain while a step was being written.
struct ChainKeepsMoving: Error, CustomStringConvertible {
    let chain: ChainReference
    var description: String { "the chain of \(chain.subjectType) \(chain.subjectId) kept moving while a step was written" }
}
