import Foundation
import IPCaseDomain
import Logging
import PostgresNIO

/// A subject as read from the database: the domain's value and the row version its ETag carries.
struct VersionedSubject<Subject: WorkflowSubject>: Sendable {
    var snapshot: Subject
    var version: Int
    var updatedAt: Date
}

/// Where a capability keeps its workflow's subjects. The one workflow writer and the one deadline
/// timer handler read and write subjects only through it, so a capability plugs in by implementing it.
protocol WorkflowSubjectStore: Sendable {
    associatedtype Rules: WorkflowRules

    /// The subject, locked for the rest of the transaction when `forUpdate`.
    func find(
        _ id: UUID, on connection: PostgresConnection?, forUpdate: Bool, logger: Logger
    ) async throws -> VersionedSubject<Rules.Subject>?
    func insert(_ subject: Rules.Subject, dueOn: CalendarDay?, on connection: PostgresConnection, logger: Logger) async throws
    /// Writes the subject if its row is still at `expectedVersion`; the new version, or nil when
    /// another change came first.
    func update(
        _ subject: Rules.Subject, dueOn: CalendarDay?, expectedVersion: Int, now: Date, on connection: PostgresConnection,
        logger: Logger
    ) async throws -> Int?
    /// Who, concretely, one of the workflow's recipients is for this subject.
    func audiences(of intent: NotificationIntent, on subject: Rules.Subject) -> [NotificationStore.Audience]
}
