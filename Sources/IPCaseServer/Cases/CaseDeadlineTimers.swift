import Foundation
import IPCaseDomain
import Logging
import PostgresNIO

/// When a case's deadline runs out, `system` takes the deadline's action. The timer row is locked first,
/// then the case row; a transition at the same moment holds the case row and skips the locked timer, so
/// one of the two goes first and the other sees its result (a stale timer, or a 412 for the user).
struct CaseDeadlineTimers: TimerHandler {
    let subjectType = CaseWriter.subjectType
    let cases: CaseStore
    let writer: CaseWriter
    let timers: TimerStore
    let policies: PolicyStore
    let clock: any AppClock

    func fire(_ timer: DueTimer, on connection: PostgresConnection, logger: Logger) async throws {
        guard let stored = try await cases.find(timer.subjectId, on: connection, forUpdate: true, logger: logger) else { return }
        let workflow = policies.loaded.workflow
        let now = clock.now
        guard let outcome = workflow.expire(timer.name, on: stored.snapshot, now: now) else {
            // The case moved on, or its deadline did (extended, paused, another time zone after a reload):
            // schedule what is still to come, so that no deadline is left without its timer.
            let upcoming = workflow.timers(for: stored.snapshot).filter { $0.firesAt > now }
            try await timers.replacePending(
                subjectType: subjectType, subjectId: stored.snapshot.id, with: upcoming, now: now, on: connection, logger: logger)
            logger.debug("stale timer", metadata: ["case": .string(stored.snapshot.number), "deadline": .string(timer.name)])
            return
        }
        _ = try await writer.update(outcome, previous: stored, workflow: workflow, now: now, on: connection, logger: logger)
        logger.info(
            "deadline ran out", metadata: ["case": .string(stored.snapshot.number), "deadline": .string(timer.name)])
    }
}
