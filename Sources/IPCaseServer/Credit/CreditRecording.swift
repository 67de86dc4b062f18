import Foundation
import IPCaseDomain
import Logging
import PostgresNIO

/// Writes a checked finding, in one transaction: the record, the first event of its chain, and the
/// subject's notice. The API and the demo seed both record through here.
struct CreditRecording: Sendable {
    static let subjectType = CreditRecordRules.subjectType

    let database: Database
    let records: CreditRecordStore
    let events: EventChain
    let notifications: NotificationStore
    let feed: CreditFeed
    let timers: TimerStore

    func record(
        _ checked: CheckedFinding, by recorder: (userId: UUID, organizationId: UUID), subjectOrganizationId: UUID?,
        model: CreditModel, now: Date, logger: Logger
    ) async throws -> CreditRecord {
        try await database.transaction(logger: logger) { connection in
            try await record(
                checked, by: recorder, subjectOrganizationId: subjectOrganizationId, proposalId: nil, model: model, now: now,
                on: connection, logger: logger)
        }
    }

    /// The same, in the caller's transaction: confirming a proposal records it and marks it decided at once.
    func record(
        _ checked: CheckedFinding, by recorder: (userId: UUID, organizationId: UUID), subjectOrganizationId: UUID?,
        proposalId: UUID?, model: CreditModel, now: Date, on connection: PostgresConnection, logger: Logger
    ) async throws -> CreditRecord {
        let record = CreditRecord(
            id: UUID(), creditCode: checked.creditCode, kind: checked.kind, tier: checked.tier,
            decisionNumber: checked.decisionNumber, legalBasis: checked.legalBasis, facts: checked.facts,
            decisionDate: checked.decisionDate, publishedUntil: checked.publishedUntil, repairFrom: checked.repairFrom,
            objectionUntil: checked.objectionUntil, status: .active, recordedByUserId: recorder.userId,
            recordingOrganizationId: recorder.organizationId, recordedAt: now, version: 1, proposalId: proposalId)
        let kindName = model.kind(record.kind)?.name ?? LocalizedText(zh: record.kind, en: record.kind)
        try await records.insert(record, on: connection, logger: logger)
        try await events.append(
            [EventChain.NewEvent(
                action: "record", actorUserId: recorder.userId, actorOrganizationId: recorder.organizationId,
                fromState: nil, toState: record.status.rawValue, payload: Self.payload(record))],
            subjectType: Self.subjectType, subjectId: record.id, at: now, on: connection, logger: logger)
        // Shared with partners while published; when the period ends, a timer takes it out of the feed.
        try await feed.append(.added, recordId: record.id, now: now, on: connection, logger: logger)
        if let until = record.publishedUntil {
            try await timers.replacePending(
                subjectType: Self.subjectType, subjectId: record.id,
                with: [(CreditPublicationTimer.name, until.adding(days: 1).start(in: model.timeZone))], now: now,
                on: connection, logger: logger)
        }
        // 两书同达: the subject learns of the finding and of how to object and repair in the same notice.
        if let subjectOrganizationId {
            try await notifications.notify(
                .organization(subjectOrganizationId, role: .enterprise), subjectType: Self.subjectType,
                subjectId: record.id, subjectLabel: record.decisionNumber,
                text: CreditNotice.recorded(record, kind: kindName), now: now, on: connection, logger: logger)
        }
        return record
    }

    /// What the record's first event says: the finding, without the facts' text, which the row keeps.
    static func payload(_ record: CreditRecord) -> [String: JSONValue] {
        var payload: [String: JSONValue] = [
            "creditCode": .string(record.creditCode), "kind": .string(record.kind),
            "decisionNumber": .string(record.decisionNumber), "decisionDate": .string(record.decisionDate.description),
            "repairFrom": .string(record.repairFrom.description), "objectionUntil": .string(record.objectionUntil.description),
        ]
        if let tier = record.tier { payload["tier"] = .string(tier.rawValue) }
        if let until = record.publishedUntil { payload["publishedUntil"] = .string(until.description) }
        if let proposalId = record.proposalId { payload["proposalId"] = .string(proposalId.uuidString.lowercased()) }
        return payload
    }
}
