import Foundation
import IPCaseDomain
import Logging
import PostgresNIO

/// Credit records other capabilities propose, waiting for a regulator to confirm or dismiss them
/// (docs/domain.md#credit-proposals-from-cases). Written by the one workflow writer, in the
/// transaction of the step that proposes.
struct CreditProposalStore: Sendable {
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
}
