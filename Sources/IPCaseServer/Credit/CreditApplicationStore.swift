import Foundation
import IPCaseDomain
import Logging
import PostgresNIO

/// Objections, repairs and commitments in PostgreSQL, one store per subject type over one table: the
/// snapshot, and the columns lists filter on, derived from it on every write.
struct CreditApplicationStore<Rules: CreditApplicationRules>: WorkflowSubjectStore {
    let database: Database

    func insert(_ subject: CreditApplication, dueOn: CalendarDay?, on connection: PostgresConnection, logger: Logger) async throws {
        let json = String(decoding: try SnapshotCoding.encoder.encode(subject), as: UTF8.self)
        try await connection.query(
            """
            INSERT INTO credit_applications (id, subject_type, record_id, credit_code, organization_id, authority_id, purpose,
                snapshot, state, outcome, due_on, submitted_at, updated_at, version)
            VALUES (\(subject.id), \(Rules.subjectType), \(subject.recordId), \(subject.creditCode), \(subject.organizationId),
                \(subject.authorityId), \(subject.purpose), \(json)::jsonb, \(subject.state), \(subject.outcome),
                \(dueOn?.description)::date, \(subject.submittedAt), \(subject.submittedAt), 1)
            """, logger: logger)
    }

    func update(
        _ subject: CreditApplication, dueOn: CalendarDay?, expectedVersion: Int, now: Date, on connection: PostgresConnection,
        logger: Logger
    ) async throws -> Int? {
        let json = String(decoding: try SnapshotCoding.encoder.encode(subject), as: UTF8.self)
        let rows = try await connection.query(
            """
            UPDATE credit_applications SET snapshot = \(json)::jsonb, state = \(subject.state), outcome = \(subject.outcome),
                due_on = \(dueOn?.description)::date, updated_at = \(now), version = version + 1
            WHERE id = \(subject.id) AND subject_type = \(Rules.subjectType) AND version = \(expectedVersion)
            RETURNING version
            """, logger: logger)
        for try await version in rows.decode(Int.self) { return version }
        return nil
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
