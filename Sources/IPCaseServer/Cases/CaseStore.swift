import Foundation
import IPCaseDomain
import Logging
import PostgresNIO

/// Cases in PostgreSQL: the snapshot, and the columns lists filter on, derived from it on every write.
struct CaseStore: WorkflowSubjectStore {
    typealias Rules = CaseRules

    let database: Database

    /// The next number of the year, without gaps: the counter row is locked until the filing commits.
    func nextNumber(prefix: String, year: Int, on connection: PostgresConnection, logger: Logger) async throws -> String {
        let rows = try await connection.query(
            """
            INSERT INTO case_number_counters (prefix, year, last) VALUES (\(prefix), \(year), 1)
            ON CONFLICT (prefix, year) DO UPDATE SET last = case_number_counters.last + 1
            RETURNING last
            """, logger: logger)
        for try await last in rows.decode(Int.self) {
            return String(format: "%@-%04d-%06d", prefix, year, last)
        }
        throw CaseStoreError.noNumber
    }

    func insert(_ snapshot: CaseSnapshot, dueOn: CalendarDay?, on connection: PostgresConnection, logger: Logger) async throws {
        let json = String(decoding: try SnapshotCoding.encoder.encode(snapshot), as: UTF8.self)
        try await connection.query(
            """
            INSERT INTO cases (id, number, snapshot, state, outcome, ip_type, complainant_organization_id,
                               respondent_credit_code, mediation_body_id, due_on, filed_at, updated_at, version)
            VALUES (\(snapshot.id), \(snapshot.number), \(json)::jsonb, \(snapshot.state), \(snapshot.outcome),
                    \(snapshot.ipRight.type), \(snapshot.complainant.organizationId), \(snapshot.respondent.creditCode),
                    \(snapshot.mediationBodyId), \(dueOn?.description)::date, \(snapshot.filedAt), \(snapshot.filedAt), 1)
            """, logger: logger)
    }

    /// Writes the new snapshot if the row is still at `version`; returns the new version, or nil when
    /// someone else changed it first.
    func update(
        _ snapshot: CaseSnapshot, dueOn: CalendarDay?, expectedVersion: Int, now: Date, on connection: PostgresConnection,
        logger: Logger
    ) async throws -> Int? {
        let json = String(decoding: try SnapshotCoding.encoder.encode(snapshot), as: UTF8.self)
        let rows = try await connection.query(
            """
            UPDATE cases SET snapshot = \(json)::jsonb, state = \(snapshot.state), outcome = \(snapshot.outcome),
                mediator_user_id = \(snapshot.mediatorUserId), arbitration_commission_id = \(snapshot.arbitrationCommissionId),
                arbitrator_user_id = \(snapshot.arbitratorUserId), court_id = \(snapshot.courtId),
                judge_user_id = \(snapshot.judgeUserId), due_on = \(dueOn?.description)::date, updated_at = \(now),
                version = version + 1
            WHERE id = \(snapshot.id) AND version = \(expectedVersion)
            RETURNING version
            """, logger: logger)
        for try await version in rows.decode(Int.self) { return version }
        return nil
    }

    /// The case with its respondent's organisation looked up by credit code: the respondent may have
    /// registered since the case was filed. `forUpdate` locks the row for the rest of the transaction.
    func find(_ id: UUID, on connection: PostgresConnection? = nil, forUpdate: Bool = false, logger: Logger) async throws -> StoredCase? {
        let query: PostgresQuery = """
            SELECT c.snapshot::text, c.version, c.updated_at, r.id FROM cases c
            LEFT JOIN organizations r ON r.credit_code = c.respondent_credit_code
            WHERE c.id = \(id) \(unescaped: forUpdate ? "FOR UPDATE OF c" : "")
            """
        let rows = if let connection {
            try await connection.query(query, logger: logger)
        } else {
            try await database.query(query, logger: logger)
        }
        for try await (json, version, updatedAt, respondentId) in rows.decode((String, Int, Date, UUID?).self) {
            var snapshot = try SnapshotCoding.decoder.decode(CaseSnapshot.self, from: Data(json.utf8))
            snapshot.respondent.organizationId = respondentId
            return StoredCase(snapshot: snapshot, version: version, updatedAt: updatedAt)
        }
        return nil
    }

    /// Who, concretely, the workflow's recipient is on this case. A party without an account, or a
    /// neutral not yet assigned, receives nothing; the case itself still shows the deadline.
    func audiences(of intent: NotificationIntent, on snapshot: CaseSnapshot) -> [NotificationStore.Audience] {
        func party(_ side: PartySide) -> [NotificationStore.Audience] {
            snapshot.party(side).organizationId.map { [.organization($0, role: .enterprise)] } ?? []
        }
        switch CaseRecipient(rawValue: intent.recipient) {
        case .complainant: return party(.complainant)
        case .respondent: return party(.respondent)
        case .parties: return party(.complainant) + party(.respondent)
        case .otherParty: return intent.actingSide.map { party($0.other) } ?? party(.complainant) + party(.respondent)
        case .mediationBody: return [.organization(snapshot.mediationBodyId, role: .mediator)]
        case .mediator: return snapshot.mediatorUserId.map { [.user($0)] } ?? []
        case .arbitrationCommission: return snapshot.arbitrationCommissionId.map { [.organization($0, role: .arbitrator)] } ?? []
        case .arbitrator: return snapshot.arbitratorUserId.map { [.user($0)] } ?? []
        case .court: return snapshot.courtId.map { [.organization($0, role: .judge)] } ?? []
        case nil: return []
        }
    }

    /// Cases as `audit verify` names them: by number.
    static let chainedSubjects = ChainedSubjectType(
        name: CaseRules.subjectType,
        labels: { client, logger in
            var labels: [(UUID, String)] = []
            for try await (id, number) in try await client.query("SELECT id, number FROM cases", logger: logger)
                .decode((UUID, String).self) { labels.append((id, number)) }
            return labels
        },
        find: { number, client, logger in
            for try await id in try await client.query(
                "SELECT id FROM cases WHERE number = \(number.uppercased())", logger: logger).decode(UUID.self) { return id }
            return nil
        })
}

enum CaseStoreError: Error {
    case noNumber
    case notFoundAfterInsert
}
