import Foundation
import IPCaseDomain
import Logging
import PostgresNIO

/// When a subject's deadline runs out, `system` takes the deadline's action; one handler serves every
/// capability's workflow. The timer row is locked first, then the subject's row; a transition at the
/// same moment holds the subject and skips the locked timer, so one of the two goes first and the other
/// sees its result (a stale timer, or a 412 for the user).
struct WorkflowDeadlineTimers<Store: WorkflowSubjectStore>: TimerHandler {
    let writer: WorkflowWriter<Store>
    let policies: PolicyStore
    let clock: any AppClock

    var subjectType: String { Store.Rules.subjectType }

    func fire(_ timer: DueTimer, on connection: PostgresConnection, logger: Logger) async throws {
        guard let stored = try await writer.store.find(timer.subjectId, on: connection, forUpdate: true, logger: logger)
        else { return }
        let workflow = policies.loaded.workflows[Store.Rules.self]
        let now = clock.now
        if let reminders = workflow.reminders(timer.name, on: stored.snapshot, now: now) {
            try await writer.remind(reminders, on: stored.snapshot, now: now, on: connection, logger: logger)
            return
        }
        if let notices = Store.Rules.notice(timer.name, on: stored.snapshot, today: CalendarDay(now, in: workflow.timeZone)) {
            try await writer.remind(notices, on: stored.snapshot, now: now, on: connection, logger: logger)
            return
        }
        guard let outcome = workflow.expire(timer.name, on: stored.snapshot, now: now) else {
            // The subject moved on, or its deadline did (extended, paused, another time zone after a
            // reload): schedule what is still to come, so that no deadline is left without its timer. Other
            // timers already due (the scheduler was down past several) stay, to fire next.
            let upcoming = workflow.timers(for: stored.snapshot).filter { $0.name != timer.name || $0.firesAt > now }
            try await writer.timers.replacePending(
                subjectType: subjectType, subjectId: stored.snapshot.id, with: upcoming, now: now, on: connection,
                logger: logger)
            logger.debug("stale timer", metadata: ["subject": .string(stored.snapshot.label), "deadline": .string(timer.name)])
            return
        }
        _ = try await writer.update(outcome, previous: stored, workflow: workflow, now: now, on: connection, logger: logger)
        logger.info(
            "deadline ran out",
            metadata: ["subject_type": .string(subjectType), "subject": .string(stored.snapshot.label), "deadline": .string(timer.name)])
    }
}
