import Foundation
import IPCaseDomain
import Logging
import PostgresNIO
import Hummingbird

/// The append-only record of security-relevant events: logins, logouts, admin changes, password
/// changes, policy reloads, denials and reads of confidential material. A trigger refuses UPDATE,
/// DELETE and TRUNCATE on the table.
struct AuditLog: Sendable {
    let database: Database
    let clock: any AppClock

    struct Entry: Sendable {
        var event: String
        var actor: Principal?
        var actorUserId: UUID?
        var subjectType: String?
        var subjectId: String?
        var details: [String: JSONValue] = [:]
    }

    /// Written on `connection` when given, so that the entry commits or rolls back with the change it
    /// describes.
    func record(_ entry: Entry, context: AppRequestContext, on connection: PostgresConnection? = nil) async throws {
        let details = String(decoding: try JSONCoding.encoder.encode(entry.details), as: UTF8.self)
        let query: PostgresQuery = """
            INSERT INTO audit_log (at, event, actor_user_id, actor_organization_id, subject_type, subject_id,
                                   request_id, client_address, details)
            VALUES (\(clock.now), \(entry.event), \(entry.actor?.userId ?? entry.actorUserId), \(entry.actor?.organizationId),
                    \(entry.subjectType), \(entry.subjectId), \(context.requestID), \(context.clientAddress),
                    \(details)::jsonb)
            """
        if let connection {
            try await connection.query(query, logger: context.logger)
        } else {
            try await database.query(query, logger: context.logger)
        }
    }

    /// For events with no request behind them: a reload on SIGHUP, a user created from the command line.
    func recordWithoutRequest(_ entry: Entry, on connection: PostgresConnection? = nil, logger: Logger) async throws {
        let details = String(decoding: try JSONCoding.encoder.encode(entry.details), as: UTF8.self)
        let query: PostgresQuery = """
            INSERT INTO audit_log (at, event, actor_user_id, subject_type, subject_id, details)
            VALUES (\(clock.now), \(entry.event), \(entry.actorUserId), \(entry.subjectType), \(entry.subjectId), \(details)::jsonb)
            """
        if let connection {
            try await connection.query(query, logger: logger)
        } else {
            try await database.query(query, logger: logger)
        }
    }
}
