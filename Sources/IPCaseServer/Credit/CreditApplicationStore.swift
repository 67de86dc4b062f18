import Foundation
import IPCaseDomain
import Logging
import PostgresNIO

/// Objections, repairs and commitments in PostgreSQL, one store per subject type over one table: the
/// snapshot, and the columns lists filter on, derived from it on every write.
struct CreditApplicationStore<Rules: CreditApplicationRules>: WorkflowSubjectStore {
    let database: Database

    static var insertRow: SubjectRowSQL {
        SubjectRowSQL(
            write: """
                INSERT INTO credit_applications (id, subject_type, record_id, credit_code, organization_id, authority_id, purpose,
                    snapshot, state, outcome, due_on, submitted_at, updated_at, version)
                SELECT $1::uuid, $2::text, nullif($3, '')::uuid, $4::text, $5::uuid, nullif($6, '')::uuid, nullif($7, ''),
                    $8::jsonb, $9::text, nullif($10, ''), nullif($11, '')::date, $12::timestamptz, $12::timestamptz, 1
                FROM head
                RETURNING version
                """,
            parameters: 12)
    }

    func insertValues(_ subject: CreditApplication, dueOn: CalendarDay?) throws -> PostgresBindings {
        var values = PostgresBindings()
        values.append(subject.id)
        values.append(Rules.subjectType)
        values.appendText(subject.recordId?.uuidString)
        values.append(subject.creditCode)
        values.append(subject.organizationId)
        values.appendText(subject.authorityId?.uuidString)
        values.appendText(subject.purpose)
        values.append(String(decoding: try SnapshotCoding.encoder.encode(subject), as: UTF8.self))
        values.append(subject.state)
        values.appendText(subject.outcome)
        values.appendText(dueOn?.description)
        values.append(subject.submittedAt)
        return values
    }

    static var updateRow: SubjectRowSQL {
        SubjectRowSQL(
            gate: "SELECT 1 FROM credit_applications WHERE id = $1::uuid AND subject_type = $2::text AND version = $3::int8 FOR UPDATE",
            write: """
                UPDATE credit_applications SET snapshot = $4::jsonb, state = $5::text, outcome = nullif($6, ''),
                    due_on = nullif($7, '')::date, updated_at = $8::timestamptz, version = credit_applications.version + 1
                FROM head
                WHERE credit_applications.id = $1::uuid
                RETURNING credit_applications.version
                """,
            parameters: 8)
    }

    func updateValues(_ subject: CreditApplication, dueOn: CalendarDay?, expectedVersion: Int, now: Date) throws -> PostgresBindings {
        var values = PostgresBindings()
        values.append(subject.id)
        values.append(Rules.subjectType)
        values.append(expectedVersion)
        values.append(String(decoding: try SnapshotCoding.encoder.encode(subject), as: UTF8.self))
        values.append(subject.state)
        values.appendText(subject.outcome)
        values.appendText(dueOn?.description)
        values.append(now)
        return values
    }

    func find(
        _ id: UUID, on connection: PostgresConnection? = nil, forUpdate: Bool = false, logger: Logger
    ) async throws -> VersionedSubject<CreditApplication>? {
        let query: PostgresQuery = """
            SELECT snapshot::text, version, updated_at FROM credit_applications
            WHERE id = \(id) AND subject_type = \(Rules.subjectType) \(unescaped: forUpdate ? "FOR UPDATE" : "")
            """
        let rows = if let connection { try await connection.query(query, logger: logger) } else {
            try await database.query(query, logger: logger)
        }
        for try await (json, version, updatedAt) in rows.decode((String, Int, Date).self) {
            let subject = try SnapshotCoding.decoder.decode(CreditApplication.self, from: Data(json.utf8))
            return VersionedSubject(snapshot: subject, version: version, updatedAt: updatedAt)
        }
        return nil
    }

    func audiences(of intent: NotificationIntent, on subject: CreditApplication) -> [NotificationStore.Audience] {
        switch CreditRecipient(rawValue: intent.recipient) {
        case .applicant: [.organization(subject.organizationId, role: .enterprise)]
        case .authority: subject.authorityId.map { [.organization($0, role: .regulator)] } ?? []
        case nil: []
        }
    }

    /// Oldest first: a regulator works through them in the order they came.
    static var keyset: Keyset { Keyset(list: Rules.subjectType, [("submitted_at", .time), ("id", .id)]) }

    /// Filters of a list: an enterprise sees its own organisation's; regulators may narrow by state, credit code
    /// and (for commitments) purpose.
    struct Filter: Sendable {
        var organizationId: UUID?
        var state: String?
        var creditCode: String?
        var purpose: String?
    }

    func list(_ filter: Filter, page: PageRequest, logger: Logger) async throws -> Page<VersionedSubject<CreditApplication>> {
        let rows = try await database.query(
            Self.keyset.page(
                """
                SELECT snapshot::text, version, updated_at, submitted_at, id FROM credit_applications
                WHERE subject_type = \(Rules.subjectType)
                  AND (\(filter.organizationId)::uuid IS NULL OR organization_id = \(filter.organizationId))
                  AND (\(filter.state)::text IS NULL OR state = \(filter.state))
                  AND (\(filter.creditCode)::text IS NULL OR credit_code = \(filter.creditCode))
                  AND (\(filter.purpose)::text IS NULL OR purpose = \(filter.purpose))
                """, after: page.after, limit: page.limit + 1),
            logger: logger)
        var items: [VersionedSubject<CreditApplication>] = []
        for try await (json, version, updatedAt, _, _) in rows.decode((String, Int, Date, Date, UUID).self) {
            let subject = try SnapshotCoding.decoder.decode(CreditApplication.self, from: Data(json.utf8))
            items.append(VersionedSubject(snapshot: subject, version: version, updatedAt: updatedAt))
        }
        return Page(rows: items, limit: page.limit) { Self.keyset.cursor(.time($0.snapshot.submittedAt), .id($0.snapshot.id)) }
    }

    /// The record's application of this type that is still open, if any.
    func open(for recordId: UUID, logger: Logger) async throws -> UUID? {
        let rows = try await database.query(
            """
            SELECT id FROM credit_applications
            WHERE record_id = \(recordId) AND subject_type = \(Rules.subjectType) AND outcome IS NULL
            """, logger: logger)
        for try await id in rows.decode(UUID.self) { return id }
        return nil
    }

    /// Commitments as `audit verify` names them (objections and repairs are in their record's chain).
    static var chainedSubjects: ChainedSubjectType {
        ChainedSubjectType(
            name: Rules.subjectType,
            labels: { client, logger in
                var labels: [(UUID, String)] = []
                for try await (id, code) in try await client.query(
                    "SELECT id, credit_code FROM credit_applications WHERE subject_type = \(Rules.subjectType)", logger: logger
                ).decode((UUID, String).self) { labels.append((id, "\(code) \(id.uuidString.lowercased())")) }
                return labels
            },
            find: { _, _, _ in nil })
    }
}

typealias CreditObjectionStore = CreditApplicationStore<CreditObjectionRules>
typealias CreditRepairStore = CreditApplicationStore<CreditRepairRules>
typealias CreditCommitmentStore = CreditApplicationStore<CreditCommitmentRules>
