import Foundation
import IPCaseDomain
import Logging
import PostgresNIO

/// A subject as read from the database: the domain's value and the row version its ETag carries.
struct VersionedSubject<Subject: WorkflowSubject>: Sendable {
    var snapshot: Subject
    var version: Int
    var updatedAt: Date
    /// Where the subject's chain ended when it was read, if the store read it with the subject: the next step's
    /// events are sealed onto it without another statement. Nil makes the writer read it.
    var chainHead: EventChain.Head? = nil
}

/// Where a capability keeps its workflow's subjects. The one workflow writer and the one deadline
/// timer handler read and write subjects only through it, so a capability plugs in by implementing it.
protocol WorkflowSubjectStore: Sendable {
    associatedtype Rules: WorkflowRules

    /// The subject, locked for the rest of the transaction when `forUpdate`.
    func find(
        _ id: UUID, on connection: PostgresConnection?, forUpdate: Bool, logger: Logger
    ) async throws -> VersionedSubject<Rules.Subject>?
    /// The row of a new subject: `INSERT … SELECT … FROM head RETURNING version` (see `WorkflowWriteStatement`).
    static var insertRow: SubjectRowSQL { get }
    /// A step's change to the row: a gate locking it at the expected version, and
    /// `UPDATE … FROM head WHERE id = … RETURNING version`.
    static var updateRow: SubjectRowSQL { get }
    /// The values `insertRow` numbers, in order.
    func insertValues(_ subject: Rules.Subject, dueOn: CalendarDay?) throws -> PostgresBindings
    /// The values `updateRow` numbers, in order.
    func updateValues(_ subject: Rules.Subject, dueOn: CalendarDay?, expectedVersion: Int, now: Date) throws -> PostgresBindings
    /// Who, concretely, one of the workflow's recipients is for this subject.
    func audiences(of intent: NotificationIntent, on subject: Rules.Subject) -> [NotificationStore.Audience]
}
