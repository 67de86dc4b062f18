import Foundation
import IPCaseDomain
import Logging
import PostgresNIO

/// When a case's deadline runs out, `system` takes the deadline's action. The case row is locked, so a
/// user's transition at the same moment either goes first (and the timer finds it stale) or waits and
/// then gets 412.
struct CaseDeadlineTimers: TimerHandler {
    let subjectType = CaseWriter.subjectType
    let cases: CaseStore
    let writer: CaseWriter
    let policies: PolicyStore
    let clock: any AppClock

    func fire(_ timer: DueTimer, on connection: PostgresConnection, logger: Logger) async throws {
        guard let stored = try await cases.find(timer.subjectId, on: connection, forUpdate: true, logger: logger) else { return }
        let workflow = policies.loaded.workflow
        let now = clock.now
        guard let outcome = workflow.expire(timer.name, on: stored.snapshot, now: now) else {
            logger.debug("stale timer", metadata: ["case": .string(stored.snapshot.number), "deadline": .string(timer.name)])
            return
        }
        _ = try await writer.update(outcome, previous: stored, workflow: workflow, now: now, on: connection, logger: logger)
        logger.info(
            "deadline ran out", metadata: ["case": .string(stored.snapshot.number), "deadline": .string(timer.name)])
    }
}
