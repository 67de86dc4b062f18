import Foundation
import Logging
import PostgresNIO

/// A timer that has come due, claimed by one scheduler.
struct DueTimer: Sendable {
    let id: UUID
    let subjectType: String
    let subjectId: UUID
    let name: String
    let firesAt: Date
}

/// The one timer table every capability schedules its deadlines in.
struct TimerStore: Sendable {
    /// Cancels the subject's pending timers and schedules `timers` instead, in the caller's transaction:
    /// a subject's timers always match its current deadlines. A timer a scheduler is firing right now is
    /// skipped rather than waited for: the scheduler locks the timer before the subject, a transition the
    /// subject before its timers, and waiting here would deadlock. That timer then finds its deadline gone
    /// and does nothing.
    func replacePending(
        subjectType: String, subjectId: UUID, with timers: [(name: String, firesAt: Date)], now: Date,
        on connection: PostgresConnection, logger: Logger
    ) async throws {
        try await connection.query(
            """
            UPDATE timers SET cancelled_at = \(now)
            WHERE id IN (
                SELECT id FROM timers
                WHERE subject_type = \(subjectType) AND subject_id = \(subjectId) AND fired_at IS NULL AND cancelled_at IS NULL
                FOR UPDATE SKIP LOCKED)
            """, logger: logger)
        for timer in timers {
            try await connection.query(
                """
                INSERT INTO timers (id, subject_type, subject_id, name, fires_at, created_at)
                VALUES (\(UUID()), \(subjectType), \(subjectId), \(timer.name), \(timer.firesAt), \(now))
                """, logger: logger)
        }
    }

    /// The earliest due timer no other transaction holds. SKIP LOCKED lets several schedulers work side by
    /// side: each takes a different timer and none waits for, or repeats, another's.
    func claimNext(now: Date, on connection: PostgresConnection, logger: Logger) async throws -> DueTimer? {
        let rows = try await connection.query(
            """
            SELECT id, subject_type, subject_id, name, fires_at FROM timers
            WHERE fired_at IS NULL AND cancelled_at IS NULL AND fires_at <= \(now)
            ORDER BY fires_at LIMIT 1
            FOR UPDATE SKIP LOCKED
            """, logger: logger)
        for try await (id, type, subject, name, firesAt) in rows.decode((UUID, String, UUID, String, Date).self) {
            return DueTimer(id: id, subjectType: type, subjectId: subject, name: name, firesAt: firesAt)
        }
        return nil
    }

    func markFired(_ timer: DueTimer, at now: Date, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("UPDATE timers SET fired_at = \(now) WHERE id = \(timer.id)", logger: logger)
    }

    /// After a failure the timer waits a minute per attempt, so a broken one cannot starve the rest.
    func postpone(_ timer: DueTimer, error: String, now: Date, on client: Database, logger: Logger) async throws {
        try await client.query(
            """
            UPDATE timers SET attempts = attempts + 1, last_error = \(error),
                fires_at = \(now) + (attempts + 1) * interval '1 minute'
            WHERE id = \(timer.id)
            """, logger: logger)
    }
}
