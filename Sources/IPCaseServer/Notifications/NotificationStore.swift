import Foundation
import IPCaseDomain
import Logging
import PostgresNIO

struct NotificationStore: Sendable {
    let database: Database

    /// Where a notification goes: one user, or every active user with a role in an organisation.
    enum Audience: Sendable, Equatable {
        case user(UUID)
        case organization(UUID, role: Role)
    }

    func notify(
        _ audience: Audience, subjectType: String, subjectId: UUID, subjectLabel: String, text: LocalizedText,
        now: Date, on connection: PostgresConnection, logger: Logger
    ) async throws {
        switch audience {
        case .user(let userId):
            try await connection.query(
                """
                INSERT INTO notifications (id, user_id, subject_type, subject_id, subject_label, text_zh, text_en, created_at)
                SELECT gen_random_uuid(), id, \(subjectType), \(subjectId), \(subjectLabel), \(text.zh), \(text.en), \(now)
                FROM users WHERE id = \(userId) AND status = 'active'
                """, logger: logger)
        case .organization(let organizationId, let role):
            try await connection.query(
                """
                INSERT INTO notifications (id, user_id, subject_type, subject_id, subject_label, text_zh, text_en, created_at)
                SELECT gen_random_uuid(), id, \(subjectType), \(subjectId), \(subjectLabel), \(text.zh), \(text.en), \(now)
                FROM users WHERE organization_id = \(organizationId) AND \(role.rawValue) = ANY(roles) AND status = 'active'
                """, logger: logger)
        }
    }

    /// Newest first: what awaits a user now is on the first page.
    static let keyset = Keyset(list: "notifications", [("created_at", .time), ("id", .id)], descending: true)

    func unreadCount(userId: UUID, logger: Logger) async throws -> Int {
        for try await count in try await database.query(
            "SELECT count(*) FROM notifications WHERE user_id = \(userId) AND read_at IS NULL", logger: logger
        ).decode(Int.self) { return count }
        return 0
    }

    /// Marks every unread one read; returns how many.
    func markAllRead(userId: UUID, now: Date, logger: Logger) async throws -> Int {
        var marked = 0
        for try await _ in try await database.query(
            "UPDATE notifications SET read_at = \(now) WHERE user_id = \(userId) AND read_at IS NULL RETURNING id", logger: logger
        ) { marked += 1 }
        return marked
    }

    func list(userId: UUID, unreadOnly: Bool, page: PageRequest, logger: Logger) async throws -> Page<Notification> {
        let rows = try await database.query(
            Self.keyset.page(
                """
                SELECT id, subject_type, subject_id, subject_label, text_zh, text_en, created_at, read_at FROM notifications
                WHERE user_id = \(userId) AND (NOT \(unreadOnly) OR read_at IS NULL)
                """, after: page.after, limit: page.limit + 1),
            logger: logger)
        var items: [Notification] = []
        for try await row in rows { items.append(try Self.decode(row)) }
        return Page(rows: items, limit: page.limit) { Self.keyset.cursor(.time($0.createdAt), .id($0.id)) }
    }

    /// The notification's owner, for the policy check before anything else is shown.
    func owner(of id: UUID, logger: Logger) async throws -> UUID? {
        let rows = try await database.query("SELECT user_id FROM notifications WHERE id = \(id)", logger: logger)
        for try await userId in rows.decode(UUID.self) { return userId }
        return nil
    }

    /// Marks it read once; reading it again keeps the first time.
    func markRead(_ id: UUID, now: Date, logger: Logger) async throws -> Notification? {
        let rows = try await database.query(
            """
            UPDATE notifications SET read_at = coalesce(read_at, \(now)) WHERE id = \(id)
            RETURNING id, subject_type, subject_id, subject_label, text_zh, text_en, created_at, read_at
            """, logger: logger)
        for try await row in rows { return try Self.decode(row) }
        return nil
    }

    private static func decode(_ row: PostgresRow) throws -> Notification {
        let (id, type, subject, label, zh, en, createdAt, readAt) = try row.decode(
            (UUID, String, UUID, String, String, String, Date, Date?).self)
        return Notification(
            id: id, subjectType: type, subjectId: subject, subjectLabel: label, text: LocalizedText(zh: zh, en: en),
            createdAt: createdAt, readAt: readAt)
    }
}
