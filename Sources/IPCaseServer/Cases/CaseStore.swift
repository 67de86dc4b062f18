import Foundation
import IPCaseDomain
import Logging
import PostgresNIO

/// Cases in PostgreSQL: the snapshot, and the columns lists filter on, derived from it on every write.
struct CaseStore: WorkflowSubjectStore {
    typealias Rules = CaseRules

    let database: Database

    /// The next number of the year, without gaps: the counter row is locked until the filing commits, so the
    /// filing takes it just before its one write (`CaseWriter.file`), to hold the lock as briefly as it can.
    func nextNumber(prefix: String, year: Int, on connection: PostgresConnection, logger: Logger) async throws -> String {
        for try await last in try await connection.execute(NextNumber(prefix: prefix, year: year), logger: logger) {
            return String(format: "%@-%04d-%06d", prefix, year, last)
        }
        throw CaseStoreError.noNumber
    }

    private struct NextNumber: PostgresPreparedStatement {
        typealias Row = Int
        static let sql = """
            INSERT INTO case_number_counters (prefix, year, last) VALUES ($1, $2, 1)
            ON CONFLICT (prefix, year) DO UPDATE SET last = case_number_counters.last + 1
            RETURNING last
            """
        let prefix: String
        let year: Int

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings()
            bindings.append(prefix)
            bindings.append(year)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Int.self) }
    }

    static let insertRow = SubjectRowSQL(
        write: """
            INSERT INTO cases (id, number, snapshot, state, outcome, ip_type, complainant_organization_id,
                               respondent_credit_code, mediation_body_id, due_on, filed_at, updated_at, version)
            SELECT $1::uuid, $2::text, $3::jsonb, $4::text, nullif($5, ''), $6::text, $7::uuid, $8::text, $9::uuid,
                   nullif($10, '')::date, $11::timestamptz, $11::timestamptz, 1
            FROM head
            RETURNING version
            """,
        parameters: 11)

    func insertValues(_ snapshot: CaseSnapshot, dueOn: CalendarDay?) throws -> PostgresBindings {
        var values = PostgresBindings()
        values.append(snapshot.id)
        values.append(snapshot.number)
        values.append(String(decoding: try SnapshotCoding.encoder.encode(snapshot), as: UTF8.self))
        values.append(snapshot.state)
        values.appendText(snapshot.outcome)
        values.append(snapshot.ipRight.type)
        values.append(snapshot.complainant.organizationId)
        values.append(snapshot.respondent.creditCode)
        values.append(snapshot.mediationBodyId)
        values.appendText(dueOn?.description)
        values.append(snapshot.filedAt)
        return values
    }

    /// The columns lists filter on are derived from the snapshot on every write.
    static let updateRow = SubjectRowSQL(
        gate: "SELECT 1 FROM cases WHERE id = $1::uuid AND version = $2::int8 FOR UPDATE",
        write: """
            UPDATE cases SET snapshot = $3::jsonb, state = $4::text, outcome = nullif($5, ''),
                mediator_user_id = nullif($6, '')::uuid, arbitration_commission_id = nullif($7, '')::uuid,
                arbitrator_user_id = nullif($8, '')::uuid, court_id = nullif($9, '')::uuid,
                judge_user_id = nullif($10, '')::uuid, due_on = nullif($11, '')::date, updated_at = $12::timestamptz,
                version = cases.version + 1
            FROM head
            WHERE cases.id = $1::uuid
            RETURNING cases.version
            """,
        parameters: 12)

    func updateValues(_ snapshot: CaseSnapshot, dueOn: CalendarDay?, expectedVersion: Int, now: Date) throws -> PostgresBindings {
        var values = PostgresBindings()
        values.append(snapshot.id)
        values.append(expectedVersion)
        values.append(String(decoding: try SnapshotCoding.encoder.encode(snapshot), as: UTF8.self))
        values.append(snapshot.state)
        values.appendText(snapshot.outcome)
        for id in [snapshot.mediatorUserId, snapshot.arbitrationCommissionId, snapshot.arbitratorUserId, snapshot.courtId, snapshot.judgeUserId] {
            values.appendText(id?.uuidString)
        }
        values.appendText(dueOn?.description)
        values.append(now)
        return values
    }

    /// The case with its respondent's organisation looked up by credit code (the respondent may have
    /// registered since the case was filed), where its chain ends, and the names of whoever it refers to.
    /// `forUpdate` locks the row for the rest of the transaction.
    func findNamed(
        _ id: UUID, on connection: PostgresConnection? = nil, forUpdate: Bool = false, logger: Logger
    ) async throws -> (StoredCase, CaseNames.Names)? {
        let read = CaseRead(id: id)
        var found: CaseRead.Row?
        if let connection {
            let query = PostgresQuery(unsafeSQL: CaseRead.sql + (forUpdate ? " FOR UPDATE OF c" : ""), binds: try read.makeBindings())
            for try await row in try await connection.query(query, logger: logger) { found = try read.decodeRow(row) }
        } else {
            for try await row in try await database.execute(read, logger: logger) { found = row }
        }
        guard let (json, version, updatedAt, respondentId, seq, hash, namesJSON) = found else { return nil }
        var snapshot = try SnapshotCoding.decoder.decode(CaseSnapshot.self, from: Data(json.utf8))
        snapshot.respondent.organizationId = respondentId
        let head = seq.map { EventChain.Head(seq: $0, hash: Array((hash ?? ByteBuffer()).readableBytesView)) } ?? .empty
        return (
            StoredCase(snapshot: snapshot, version: version, updatedAt: updatedAt, chainHead: head),
            try CaseNames.Names(json: namesJSON))
    }

    func find(_ id: UUID, on connection: PostgresConnection? = nil, forUpdate: Bool = false, logger: Logger) async throws -> StoredCase? {
        try await findNamed(id, on: connection, forUpdate: forUpdate, logger: logger)?.0
    }

    /// Every case read: prepared, since PostgreSQL would otherwise plan it anew each time for longer than it runs.
    private struct CaseRead: PostgresPreparedStatement {
        typealias Row = (String, Int, Date, UUID?, Int?, ByteBuffer?, String)
        static let sql = """
            SELECT c.snapshot::text, c.version, c.updated_at, r.id, h.last_seq, h.last_hash,
                (SELECT coalesce(json_object_agg(n.kind || ':' || n.id, n.name), '{}')::text FROM (
                    SELECT 'organization' AS kind, id, name FROM organizations
                    WHERE id IN (c.mediation_body_id, c.arbitration_commission_id, c.court_id)
                    UNION ALL
                    SELECT 'user', id, display_name FROM users
                    WHERE id IN (c.mediator_user_id, c.arbitrator_user_id, c.judge_user_id)) n)
            FROM cases c
            LEFT JOIN organizations r ON r.credit_code = c.respondent_credit_code
            LEFT JOIN chain_heads h ON h.subject_type = 'case' AND h.subject_id = c.id
            WHERE c.id = $1
            """
        let id: UUID

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings()
            bindings.append(id)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
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
}
