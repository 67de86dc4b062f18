import Foundation
import IPCaseDomain
import Logging
import PostgresNIO

/// Recent attempts at a secret (a login's password, a password change's current password), from which
/// `LoginThrottle` decides lockouts. `email_key` is the email for logins and `password:<user id>` for
/// password changes.
struct LoginAttemptStore: Sendable {
    let database: Database

    enum Admission: Sendable, Equatable {
        /// The attempt is counted (as failed until `succeeded(_:)` says otherwise) and may be verified.
        case counted(id: Int64)
        case locked(retryAfter: TimeInterval)
    }

    /// Decides on an attempt and counts it in one step. Concurrent attempts for one key (and one address)
    /// queue on transaction-scoped advisory locks, so each sees the ones before it as failures: N attempts at
    /// once verify at most the limit's worth, however many an attacker sends. The slow password check runs
    /// after, outside the lock.
    func admit(
        key: String, clientAddress: String?, perKey: LoginThrottle, perAddress: LoginThrottle?, now: Date, logger: Logger
    ) async throws -> Admission {
        try await database.transaction(logger: logger) { connection in
            // Always the key first, then the address: one order, no deadlock.
            try await connection.query("SELECT pg_advisory_xact_lock(hashtextextended(\("attempt:" + key), 0))", logger: logger)
            if let clientAddress, perAddress != nil {
                try await connection.query(
                    "SELECT pg_advisory_xact_lock(hashtextextended(\("address:" + clientAddress), 0))", logger: logger)
            }
            var decisions = [perKey.decide(
                failures: try await dates(connection.query(
                    """
                    SELECT at FROM login_attempts
                    WHERE email_key = \(key) AND at > \(now.addingTimeInterval(-perKey.window)) AND NOT succeeded
                      AND at > coalesce((SELECT max(at) FROM login_attempts WHERE email_key = \(key) AND succeeded), '-infinity')
                    """, logger: logger)),
                now: now)]
            if let clientAddress, let perAddress {
                decisions.append(perAddress.decide(
                    failures: try await dates(connection.query(
                        """
                        SELECT at FROM login_attempts
                        WHERE client_address = \(clientAddress) AND at > \(now.addingTimeInterval(-perAddress.window)) AND NOT succeeded
                        """, logger: logger)),
                    now: now))
            }
            let waits = decisions.compactMap { if case .locked(let wait) = $0 { wait } else { nil } }
            if let wait = waits.max() { return .locked(retryAfter: wait) }
            for try await id in try await connection.query(
                """
                INSERT INTO login_attempts (email_key, client_address, succeeded, at)
                VALUES (\(key), \(clientAddress), false, \(now)) RETURNING id
                """, logger: logger
            ).decode(Int64.self) { return .counted(id: id) }
            throw LoginAttemptError.notRecorded
        }
    }

    /// The counted attempt turned out right: it no longer counts as a failure, and it resets the key's count.
    func succeeded(_ id: Int64, logger: Logger) async throws {
        try await database.query("UPDATE login_attempts SET succeeded = true WHERE id = \(id)", logger: logger)
    }

    func dates(_ rows: PostgresRowSequence) async throws -> [Date] {
        var dates: [Date] = []
        for try await date in rows.decode(Date.self) { dates.append(date) }
        return dates
    }
}

enum LoginAttemptError: Error {
    case notRecorded
}
