import Foundation
import Logging
import PostgresNIO

/// Recent login attempts, from which `LoginThrottle` decides lockouts.
struct LoginAttemptStore: Sendable {
    let database: PostgresClient

    func record(emailKey: String, clientAddress: String?, succeeded: Bool, at: Date, logger: Logger) async throws {
        try await database.query(
            """
            INSERT INTO login_attempts (email_key, client_address, succeeded, at)
            VALUES (\(emailKey), \(clientAddress), \(succeeded), \(at))
            """, logger: logger)
    }

    /// Failures for the email within the window that came after its last success.
    func failures(emailKey: String, since: Date, logger: Logger) async throws -> [Date] {
        try await dates(database.query(
            """
            SELECT at FROM login_attempts
            WHERE email_key = \(emailKey) AND at > \(since) AND NOT succeeded
              AND at > coalesce((SELECT max(at) FROM login_attempts WHERE email_key = \(emailKey) AND succeeded), '-infinity')
            """, logger: logger))
    }

    func failures(clientAddress: String, since: Date, logger: Logger) async throws -> [Date] {
        try await dates(database.query(
            "SELECT at FROM login_attempts WHERE client_address = \(clientAddress) AND at > \(since) AND NOT succeeded",
            logger: logger))
    }

    private func dates(_ rows: PostgresRowSequence) async throws -> [Date] {
        var dates: [Date] = []
        for try await date in rows.decode(Date.self) { dates.append(date) }
        return dates
    }
}
