import Foundation
import IPCaseDomain
import Logging
import PostgresNIO

/// Applies what a credit workflow decided about a record, in the transaction of the step that decided it:
/// revoking it, repairing it, or writing a new record checked by the model in force. Each change is an
/// event in the record's own chain, naming the step it came from.
struct CreditRecordChanges: Sendable {
    let records: CreditRecordStore
    let proposals: CreditProposalStore
    let recording: CreditRecording
    let events: EventChain
    let feed: CreditFeed
    let model: @Sendable () -> CreditModel

    func apply(
        _ change: CreditRecordChange, by actor: WorkflowActor, source: ChainReference, now: Date,
        on connection: PostgresConnection, logger: Logger
    ) async throws {
        let sourcePayload: [String: JSONValue] = [
            "subjectType": .string(source.subjectType), "subjectId": .string(source.subjectId.uuidString.lowercased()),
        ]
        switch change {
        case .revoke(let recordId, let reason):
            var payload = sourcePayload
            if let reason { payload["reason"] = .string(reason) }
            try await end(recordId, as: .revoked, action: "revoke", payload: payload, by: actor, now: now, on: connection, logger: logger)
            try await feed.append(.removed, reason: .revoked, recordId: recordId, now: now, on: connection, logger: logger)
        case .repair(let recordId):
            try await end(recordId, as: .repaired, action: "repair", payload: sourcePayload, by: actor, now: now, on: connection, logger: logger)
            try await feed.append(.removed, reason: .repaired, recordId: recordId, now: now, on: connection, logger: logger)
        case .lapse(let source):
            var payload = sourcePayload
            payload["reason"] = .string(source.reason)
            for recordId in try await proposals.lapse(source, now: now, on: connection, logger: logger) {
                try await end(recordId, as: .ended, action: "end", payload: payload, by: actor, now: now, on: connection, logger: logger)
                try await feed.append(.removed, reason: .expired, recordId: recordId, now: now, on: connection, logger: logger)
            }
        case .dispute(let recordId, let disputed):
            try await feed.append(.amended, recordId: recordId, disputed: disputed, now: now, on: connection, logger: logger)
        case .record(let finding):
            guard let userId = actor.userId, let organizationId = actor.organizationId else { return }
            let model = model()
            let today = CalendarDay(now, in: model.timeZone)
            let result = model.checkAny(
                CreditFinding(
                    creditCode: finding.creditCode, kind: finding.kind, tier: finding.tier, decisionNumber: finding.decisionNumber,
                    legalBasis: finding.legalBasis, facts: finding.facts, decisionDate: today.description,
                    publicationMonths: finding.publicationMonths),
                today: today)
            switch result {
            case .success(let checked):
                _ = try await recording.record(
                    checked, by: (userId, organizationId), subjectOrganizationId: finding.organizationId, proposalId: nil,
                    model: model, now: now, on: connection, logger: logger)
            case .failure(let failure):
                // The transaction rolls back: the step that wanted the record is not taken either.
                throw Problem.validation(failure.problems.map { FieldError($0.field, $0.message) })
            }
        }
    }

    /// Ends an active record: it stays in the history, and counts, shows and is shared no more.
    private func end(
        _ recordId: UUID, as status: ScoredRecord.Status, action: String, payload: [String: JSONValue], by actor: WorkflowActor,
        now: Date, on connection: PostgresConnection, logger: Logger
    ) async throws {
        guard try await records.end(recordId, as: status, now: now, on: connection, logger: logger) else { return }
        try await events.append(
            [EventChain.NewEvent(
                action: action, actorUserId: actor.userId, actorOrganizationId: actor.organizationId,
                fromState: ScoredRecord.Status.active.rawValue, toState: status.rawValue, payload: payload)],
            subjectType: CreditRecordRules.subjectType, subjectId: recordId, at: now, on: connection, logger: logger)
    }
}
