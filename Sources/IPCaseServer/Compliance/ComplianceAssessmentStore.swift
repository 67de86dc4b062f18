import Foundation
import IPCaseDomain
import Logging
import PostgresNIO

/// Self-assessments in PostgreSQL: the snapshot, and the columns lists filter on, derived on every write.
struct ComplianceAssessmentStore: WorkflowSubjectStore {
    typealias Rules = ComplianceRules

    let database: Database

    static let insertRow = SubjectRowSQL(
        write: """
            INSERT INTO compliance_assessments (id, organization_id, template_id, template_version, snapshot, state, outcome,
                level, due_on, started_at, updated_at, version)
            SELECT $1::uuid, $2::uuid, $3::text, $4::text, $5::jsonb, $6::text, nullif($7, ''), nullif($8, ''),
                nullif($9, '')::date, $10::timestamptz, $10::timestamptz, 1
            FROM head
            RETURNING version
            """,
        parameters: 10)

    func insertValues(_ subject: ComplianceAssessment, dueOn: CalendarDay?) throws -> PostgresBindings {
        var values = PostgresBindings()
        values.append(subject.id)
        values.append(subject.organizationId)
        values.append(subject.templateId)
        values.append(subject.templateVersion)
        values.append(String(decoding: try SnapshotCoding.encoder.encode(subject), as: UTF8.self))
        values.append(subject.state)
        values.appendText(subject.outcome)
        values.appendText(subject.approval?.level)
        values.appendText(dueOn?.description)
        values.append(subject.startedAt)
        return values
    }

    /// The columns lists filter on are derived from the snapshot on every write.
    static let updateRow = SubjectRowSQL(
        gate: "SELECT 1 FROM compliance_assessments WHERE id = $1::uuid AND version = $2::int8 FOR UPDATE",
        write: """
            UPDATE compliance_assessments SET snapshot = $3::jsonb, state = $4::text, outcome = nullif($5, ''),
                level = nullif($6, ''), valid_until = nullif($7, '')::date, due_on = nullif($8, '')::date,
                updated_at = $9::timestamptz, version = compliance_assessments.version + 1
            FROM head
            WHERE compliance_assessments.id = $1::uuid
            RETURNING compliance_assessments.version
            """,
        parameters: 9)

    func updateValues(_ subject: ComplianceAssessment, dueOn: CalendarDay?, expectedVersion: Int, now: Date) throws -> PostgresBindings {
        var values = PostgresBindings()
        values.append(subject.id)
        values.append(expectedVersion)
        values.append(String(decoding: try SnapshotCoding.encoder.encode(subject), as: UTF8.self))
        values.append(subject.state)
        values.appendText(subject.outcome)
        values.appendText(subject.approval?.level)
        values.appendText(subject.approval?.validUntil.description)
        values.appendText(dueOn?.description)
        values.append(now)
        return values
    }

    func find(
        _ id: UUID, on connection: PostgresConnection? = nil, forUpdate: Bool = false, logger: Logger
    ) async throws -> VersionedSubject<ComplianceAssessment>? {
        let query: PostgresQuery = """
            SELECT snapshot::text, version, updated_at FROM compliance_assessments
            WHERE id = \(id) \(unescaped: forUpdate ? "FOR UPDATE" : "")
            """
        let rows = if let connection { try await connection.query(query, logger: logger) } else {
            try await database.query(query, logger: logger)
        }
        for try await (json, version, updatedAt) in rows.decode((String, Int, Date).self) {
            return VersionedSubject(
                snapshot: try SnapshotCoding.decoder.decode(ComplianceAssessment.self, from: Data(json.utf8)), version: version,
                updatedAt: updatedAt)
        }
        return nil
    }

    func audiences(of intent: NotificationIntent, on subject: ComplianceAssessment) -> [NotificationStore.Audience] {
        switch ComplianceRules.Recipient(rawValue: intent.recipient) {
        case .enterprise: [.organization(subject.organizationId, role: .enterprise)]
        case .reviewer: subject.lastReturnedBy.map { [.user($0)] } ?? []
        case nil: []
        }
    }

    /// Oldest first.
    static let keyset = Keyset(list: "complianceAssessments", [("started_at", .time), ("id", .id)])

    struct Filter: Sendable {
        var organizationId: UUID?
        var park: String?
        var state: String?
        var templateId: String?
        /// The level an approval fixed.
        var level: String?
    }

    func list(_ filter: Filter, page: PageRequest, logger: Logger) async throws -> Page<VersionedSubject<ComplianceAssessment>> {
        let rows = try await database.query(
            Self.keyset.page(
                """
                SELECT snapshot::text, version, updated_at FROM compliance_assessments
                WHERE (\(filter.organizationId)::uuid IS NULL OR organization_id = \(filter.organizationId))
                  AND (\(filter.park)::text IS NULL
                       OR organization_id IN (SELECT id FROM organizations WHERE park = \(filter.park)))
                  AND (\(filter.state)::text IS NULL OR state = \(filter.state))
                  AND (\(filter.templateId)::text IS NULL OR template_id = \(filter.templateId))
                  AND (\(filter.level)::text IS NULL OR level = \(filter.level))
                """, after: page.after, limit: page.limit + 1),
            logger: logger)
        var items: [VersionedSubject<ComplianceAssessment>] = []
        for try await (json, version, updatedAt) in rows.decode((String, Int, Date).self) {
            items.append(VersionedSubject(
                snapshot: try SnapshotCoding.decoder.decode(ComplianceAssessment.self, from: Data(json.utf8)), version: version,
                updatedAt: updatedAt))
        }
        return Page(rows: items, limit: page.limit) { Self.keyset.cursor(.time($0.snapshot.startedAt), .id($0.snapshot.id)) }
    }

    /// A park's enterprises (id and name) and their assessments that have been submitted (drafts and
    /// discarded ones say nothing about compliance), for the park summary.
    func park(
        _ park: String, templateId: String?, logger: Logger
    ) async throws -> (organizations: [UUID: String], assessments: [ComplianceAssessment]) {
        var organizations: [UUID: String] = [:]
        for try await (id, name) in try await database.query(
            "SELECT id, name FROM organizations WHERE park = \(park) AND kind = 'enterprise'", logger: logger
        ).decode((UUID, String).self) { organizations[id] = name }
        var latest: [ComplianceAssessment] = []
        let rows = try await database.query(
            """
            SELECT a.snapshot::text
            FROM compliance_assessments a JOIN organizations o ON o.id = a.organization_id
            WHERE o.park = \(park) AND a.state NOT IN ('draft', 'discarded')
              AND (\(templateId)::text IS NULL OR a.template_id = \(templateId))
            """, logger: logger)
        for try await json in rows.decode(String.self) {
            latest.append(try SnapshotCoding.decoder.decode(ComplianceAssessment.self, from: Data(json.utf8)))
        }
        return (organizations, latest)
    }

    /// Self-assessments as `audit verify` names them.
    static let chainedSubjects = ChainedSubjectType(
        name: ComplianceRules.subjectType,
        labels: { client, logger in
            var labels: [(UUID, String)] = []
            for try await (id, template) in try await client.query(
                "SELECT id, template_id FROM compliance_assessments", logger: logger
            ).decode((UUID, String).self) { labels.append((id, "\(template) \(id.uuidString.lowercased())")) }
            return labels
        },
        find: { _, _, _ in nil })
}
