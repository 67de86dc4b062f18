import Foundation
import IPCaseDomain
import Logging
import PostgresNIO

/// Grade notices in PostgreSQL. At most one grade of a subject is published; publishing another
/// supersedes it, and both stay in the history.
struct CreditGradeStore: Sendable {
    let database: Database
    let model: @Sendable () -> CreditModel

    func insert(_ notice: CreditGradeNotice, on connection: PostgresConnection, logger: Logger) async throws {
        if notice.status == .published { try await supersede(notice.creditCode, on: connection, logger: logger) }
        let reasons = String(decoding: try JSONEncoder().encode(notice.reasons), as: UTF8.self)
        try await connection.query(
            """
            INSERT INTO credit_grades (id, credit_code, grade, computed_grade, score, score_minimum, score_maximum,
                seriously_dishonest, reasons, record_ids, as_of, model_version, model_hash, status, override_reason,
                issued_by_user_id, issuing_organization_id, issued_at, published_at, version)
            VALUES (\(notice.id), \(notice.creditCode), \(notice.grade), \(notice.computedGrade), \(notice.score),
                \(notice.scoreMinimum), \(notice.scoreMaximum), \(notice.seriouslyDishonest), \(reasons)::jsonb,
                \(notice.recordIds), \(notice.asOf.description)::date, \(notice.modelVersion), \(notice.modelHash),
                \(notice.status.rawValue), \(notice.overrideReason), \(notice.issuedByUserId), \(notice.issuingOrganizationId),
                \(notice.issuedAt), \(notice.publishedAt), 1)
            """, logger: logger)
    }

    /// A second regulator's review of a pending override: published (superseding the grade in force) or rejected.
    func review(
        _ notice: CreditGradeNotice, approved: Bool, by userId: UUID, reason: String?, now: Date,
        on connection: PostgresConnection, logger: Logger
    ) async throws -> CreditGradeNotice {
        if approved { try await supersede(notice.creditCode, on: connection, logger: logger) }
        let status: GradeIssue.Status = approved ? .published : .rejected
        try await connection.query(
            """
            UPDATE credit_grades SET status = \(status.rawValue), reviewed_by_user_id = \(userId), review_reason = \(reason),
                published_at = \(approved ? now : nil), version = version + 1
            WHERE id = \(notice.id) AND status = 'pending'
            """, logger: logger)
        var reviewed = notice
        reviewed.status = status
        reviewed.reviewedByUserId = userId
        reviewed.reviewReason = reason
        reviewed.publishedAt = approved ? now : nil
        reviewed.version += 1
        return reviewed
    }

    private func supersede(_ creditCode: String, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            UPDATE credit_grades SET status = 'superseded', version = version + 1
            WHERE credit_code = \(creditCode) AND status = 'published'
            """, logger: logger)
    }

    /// The notice; locked for the rest of the transaction when read on a connection.
    func find(_ id: UUID, on connection: PostgresConnection? = nil, logger: Logger) async throws -> CreditGradeNotice? {
        if let connection {
            return try await decode(connection.query("\(unescaped: Self.select) WHERE g.id = \(id) FOR UPDATE OF g", logger: logger)).first
        }
        return try await decode(database.query("\(unescaped: Self.select) WHERE g.id = \(id)", logger: logger)).first
    }

    /// The subject's grade in force.
    func published(of creditCode: String, logger: Logger) async throws -> CreditGradeNotice? {
        try await decode(database.query(
            "\(unescaped: Self.select) WHERE g.credit_code = \(creditCode) AND g.status = 'published'", logger: logger)).first
    }

    /// The grades in force of these subjects, by credit code.
    func published(of creditCodes: [String], logger: Logger) async throws -> [String: CreditGradeNotice] {
        let notices = try await decode(database.query(
            "\(unescaped: Self.select) WHERE g.credit_code = ANY(\(creditCodes)) AND g.status = 'published'", logger: logger))
        return Dictionary(notices.map { ($0.creditCode, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The subject's most recent grades, newest first.
    func history(of creditCode: String, limit: Int, logger: Logger) async throws -> [CreditGradeNotice] {
        try await decode(database.query(
            """
            \(unescaped: Self.select) WHERE g.credit_code = \(creditCode) ORDER BY g.issued_at DESC, g.id DESC LIMIT \(limit)
            """, logger: logger))
    }

    private static let select = """
        SELECT g.id, g.credit_code, g.grade, g.computed_grade, g.score, g.score_minimum, g.score_maximum,
            g.seriously_dishonest, g.reasons::text, g.record_ids, g.as_of::text, g.model_version, g.model_hash, g.status,
            g.override_reason, g.issued_by_user_id, g.issuing_organization_id, o.name, g.issued_at, g.reviewed_by_user_id,
            g.review_reason, g.published_at, g.version
        FROM credit_grades g JOIN organizations o ON o.id = g.issuing_organization_id
        """

    private func decode(_ rows: PostgresRowSequence) async throws -> [CreditGradeNotice] {
        let model = model()
        var notices: [CreditGradeNotice] = []
        for try await row in rows {
            let columns = try row.decode(
                (UUID, String, String, String, Int, Int?, Int?, Bool, String, [UUID], String, String, String, String, String?,
                 UUID, UUID, String, Date, UUID?, String?, Date?, Int).self)
            guard let asOf = CalendarDay(columns.10), let status = GradeIssue.Status(rawValue: columns.13) else {
                throw CreditRecordStoreError.unreadableRow(columns.0)
            }
            notices.append(CreditGradeNotice(
                id: columns.0, creditCode: columns.1, grade: columns.2, computedGrade: columns.3, score: columns.4,
                scoreMinimum: columns.5, scoreMaximum: columns.6, seriouslyDishonest: columns.7,
                reasons: try JSONDecoder().decode([CreditGradeNotice.Reason].self, from: Data(columns.8.utf8)),
                recordIds: columns.9, asOf: asOf, modelVersion: columns.11, modelHash: columns.12, status: status,
                overrideReason: columns.14, issuedByUserId: columns.15, issuingOrganizationId: columns.16,
                issuingAuthority: columns.17, issuedAt: columns.18, reviewedByUserId: columns.19, reviewReason: columns.20,
                publishedAt: columns.21, version: columns.22,
                howToObject: CreditMessage.gradeObjection(days: model.objectionDays), howToRepair: CreditMessage.gradeRepair))
        }
        return notices
    }
}
