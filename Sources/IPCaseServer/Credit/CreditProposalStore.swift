import Foundation
import IPCaseDomain
import Logging
import PostgresNIO

/// Credit records other capabilities propose, waiting for a regulator to confirm or dismiss them
/// (docs/domain.md#credit-proposals-from-cases). Written by the one workflow writer, in the
/// transaction of the step that proposes; decided through `CreditProposalEndpoints`.
struct CreditProposalStore: Sendable {
    let database: Database

    func insert(
        _ proposal: CreditProposal, sourceType: String, sourceId: UUID, now: Date, on connection: PostgresConnection,
        logger: Logger
    ) async throws {
        try await connection.query(
            """
            INSERT INTO credit_proposals (id, kind, organization_id, credit_code, source_type, source_id, reason, proposed_at)
            VALUES (\(UUID()), \(proposal.kind), \(proposal.organizationId), \(proposal.creditCode), \(sourceType), \(sourceId),
                    \(proposal.reason), \(now))
            """, logger: logger)
    }

    /// Oldest first: a regulator works through them in the order they came.
    static let keyset = Keyset(list: "creditProposals", [("proposed_at", .time), ("id", .id)])

    func list(status: StoredCreditProposal.Status?, page: PageRequest, logger: Logger) async throws -> Page<StoredCreditProposal> {
        let rows = try await database.query(
            Self.keyset.page(
                "SELECT \(unescaped: Self.columns) FROM credit_proposals WHERE (\(status?.rawValue)::text IS NULL OR status = \(status?.rawValue))",
                after: page.after, limit: page.limit + 1),
            logger: logger)
        let items = try await decode(rows)
        return Page(rows: items, limit: page.limit) { Self.keyset.cursor(.time($0.proposedAt), .id($0.id)) }
    }

    /// The proposal; locked for the rest of the transaction when read on a connection.
    func find(_ id: UUID, on connection: PostgresConnection? = nil, logger: Logger) async throws -> StoredCreditProposal? {
        if let connection {
            return try await decode(connection.query(
                "SELECT \(unescaped: Self.columns) FROM credit_proposals WHERE id = \(id) FOR UPDATE", logger: logger)).first
        }
        return try await decode(database.query(
            "SELECT \(unescaped: Self.columns) FROM credit_proposals WHERE id = \(id)", logger: logger)).first
    }

    /// Marks a proposal decided; the caller holds its lock and has checked that it is still proposed.
    func decide(
        _ id: UUID, status: StoredCreditProposal.Status, by userId: UUID, reason: String?, recordId: UUID?, now: Date,
        on connection: PostgresConnection, logger: Logger
    ) async throws {
        try await connection.query(
            """
            UPDATE credit_proposals SET status = \(status.rawValue), decided_by_user_id = \(userId), decided_at = \(now),
                decision_reason = \(reason), record_id = \(recordId)
            WHERE id = \(id) AND status = 'proposed'
            """, logger: logger)
    }

    /// Withdraws the open proposals of a lapsed source and returns the records confirmed from them, to be ended.
    func lapse(_ source: CreditRecordChange.LapsedSource, now: Date, on connection: PostgresConnection, logger: Logger) async throws -> [UUID] {
        try await connection.query(
            """
            UPDATE credit_proposals SET status = 'withdrawn', decided_at = \(now), decision_reason = \(source.reason)
            WHERE status = 'proposed' AND credit_code = \(source.creditCode) AND source_type = \(source.sourceType)
              AND (\(source.sourceId)::uuid IS NULL OR source_id = \(source.sourceId))
              AND (\(source.except)::uuid IS NULL OR source_id <> \(source.except))
            """, logger: logger)
        var records: [UUID] = []
        for try await id in try await connection.query(
            """
            SELECT record_id FROM credit_proposals
            WHERE status = 'confirmed' AND record_id IS NOT NULL AND credit_code = \(source.creditCode)
              AND source_type = \(source.sourceType) AND (\(source.sourceId)::uuid IS NULL OR source_id = \(source.sourceId))
              AND (\(source.except)::uuid IS NULL OR source_id <> \(source.except))
              AND record_id IN (SELECT id FROM credit_records WHERE status = 'active')
            """, logger: logger
        ).decode(UUID.self) { records.append(id) }
        return records
    }

    private static let columns = """
        id, kind, organization_id, credit_code, source_type, source_id, reason, status, proposed_at, decided_by_user_id,
        decided_at, decision_reason, record_id
        """

    private func decode(_ rows: PostgresRowSequence) async throws -> [StoredCreditProposal] {
        var proposals: [StoredCreditProposal] = []
        for try await row in rows {
            let (id, kind, organizationId, code, sourceType, sourceId, reason, status, proposedAt, decidedBy, decidedAt,
                 decisionReason, recordId) = try row.decode(
                (UUID, String, UUID?, String, String, UUID, String, String, Date, UUID?, Date?, String?, UUID?).self)
            guard let status = StoredCreditProposal.Status(rawValue: status) else { throw CreditRecordStoreError.unreadableRow(id) }
            proposals.append(StoredCreditProposal(
                id: id, kind: kind, organizationId: organizationId, creditCode: code, sourceType: sourceType,
                sourceId: sourceId, reason: reason, status: status, proposedAt: proposedAt, decidedByUserId: decidedBy,
                decidedAt: decidedAt, decisionReason: decisionReason, recordId: recordId))
        }
        return proposals
    }
}
