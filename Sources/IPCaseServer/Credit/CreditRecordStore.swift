import Foundation
import IPCaseDomain
import Logging
import PostgresNIO

/// Credit records in PostgreSQL.
struct CreditRecordStore: Sendable {
    let database: Database

    func insert(_ record: CreditRecord, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            INSERT INTO credit_records (id, credit_code, kind, tier, decision_number, legal_basis, facts, decision_date,
                                        published_until, repair_from, objection_until, status, recorded_by_user_id,
                                        recording_organization_id, recorded_at, version, proposal_id)
            VALUES (\(record.id), \(record.creditCode), \(record.kind), \(record.tier?.rawValue), \(record.decisionNumber),
                    \(record.legalBasis), \(record.facts), \(record.decisionDate.description)::date,
                    \(record.publishedUntil?.description)::date, \(record.repairFrom.description)::date,
                    \(record.objectionUntil.description)::date, \(record.status.rawValue), \(record.recordedByUserId),
                    \(record.recordingOrganizationId), \(record.recordedAt), \(record.version), \(record.proposalId))
            """, logger: logger)
    }

    /// Ends an active record as revoked or repaired; false when it was no longer active.
    func end(
        _ id: UUID, as status: ScoredRecord.Status, now: Date, on connection: PostgresConnection, logger: Logger
    ) async throws -> Bool {
        let rows = try await connection.query(
            """
            UPDATE credit_records SET status = \(status.rawValue), ended_at = \(now), version = version + 1
            WHERE id = \(id) AND status = 'active' RETURNING id
            """, logger: logger)
        for try await _ in rows { return true }
        return false
    }

    func find(_ id: UUID, logger: Logger) async throws -> CreditRecord? {
        try await decode(database.query("SELECT \(unescaped: Self.columns) FROM credit_records WHERE id = \(id)", logger: logger))
            .first
    }

    /// Every record of a subject: a subject has few, and its score needs all of them.
    func all(of creditCode: String, logger: Logger) async throws -> [CreditRecord] {
        try await decode(database.query(
            """
            SELECT \(unescaped: Self.columns) FROM credit_records WHERE credit_code = \(creditCode)
            ORDER BY recorded_at, id
            """, logger: logger))
    }

    /// Every record of these subjects, in one query.
    func all(of creditCodes: [String], logger: Logger) async throws -> [CreditRecord] {
        try await decode(database.query(
            """
            SELECT \(unescaped: Self.columns) FROM credit_records WHERE credit_code = ANY(\(creditCodes))
            ORDER BY credit_code, recorded_at, id
            """, logger: logger))
    }

    private static let columns = """
        id, credit_code, kind, tier, decision_number, legal_basis, facts, decision_date::text, published_until::text,
        repair_from::text, objection_until::text, status, recorded_by_user_id, recording_organization_id, recorded_at, version, proposal_id
        """

    private func decode(_ rows: PostgresRowSequence) async throws -> [CreditRecord] {
        var records: [CreditRecord] = []
        for try await row in rows {
            let (id, code, kind, tier, number, basis, facts, decided, published, repair, objection, status, user, organization,
                 at, version, proposalId) = try row.decode(
                (UUID, String, String, String?, String, String, String, String, String?, String, String, String, UUID, UUID,
                 Date, Int, UUID?).self)
            guard let decision = CalendarDay(decided), let repairFrom = CalendarDay(repair),
                  let objectionUntil = CalendarDay(objection), let status = ScoredRecord.Status(rawValue: status)
            else { throw CreditRecordStoreError.unreadableRow(id) }
            records.append(CreditRecord(
                id: id, creditCode: code, kind: kind, tier: tier.flatMap(CreditModel.Tier.init(rawValue:)), decisionNumber: number,
                legalBasis: basis, facts: facts, decisionDate: decision, publishedUntil: published.flatMap(CalendarDay.init),
                repairFrom: repairFrom, objectionUntil: objectionUntil, status: status, recordedByUserId: user,
                recordingOrganizationId: organization, recordedAt: at, version: version, proposalId: proposalId))
        }
        return records
    }
}

extension CreditRecordStore {
    /// Credit records as `audit verify` names them: by decision number, with the record's id, since two
    /// authorities' numbers may coincide.
    static let chainedSubjects = ChainedSubjectType(
        name: CreditRecording.subjectType,
        labels: { connection, logger in
            var labels: [(UUID, String)] = []
            for try await (id, number) in try await connection.query(
                "SELECT id, decision_number FROM credit_records", logger: logger
            ).decode((UUID, String).self) { labels.append((id, "\(number) \(id.uuidString.lowercased())")) }
            return labels
        },
        find: { _, _, _ in nil })
}

enum CreditRecordStoreError: Error {
    case unreadableRow(UUID)
}
