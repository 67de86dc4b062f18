import Foundation
import IPCaseDomain
import Logging
import PostgresNIO

/// When a record's publication period ends, partners are told to remove it (reason `expired`), on the
/// one timer table. A record already revoked or repaired was removed then; the timer finds nothing to do.
struct CreditPublicationTimer: TimerHandler {
    static let name = "publication"

    let feed: CreditFeed
    let records: CreditRecordStore
    let clock: any AppClock

    var subjectType: String { CreditRecordRules.subjectType }

    func fire(_ timer: DueTimer, on connection: PostgresConnection, logger: Logger) async throws {
        guard timer.name == Self.name else { return }
        let rows = try await connection.query(
            """
            SELECT 1 FROM credit_records r
            WHERE r.id = \(timer.subjectId) AND r.status = 'active' AND r.published_until IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM credit_feed f WHERE f.record_id = r.id AND f.change = 'removed')
            FOR UPDATE OF r
            """, logger: logger)
        for try await _ in rows {
            try await feed.append(.removed, reason: .expired, recordId: timer.subjectId, now: clock.now, on: connection, logger: logger)
            logger.info("credit record publication ended", metadata: ["record": .string(timer.subjectId.uuidString.lowercased())])
        }
    }
}
