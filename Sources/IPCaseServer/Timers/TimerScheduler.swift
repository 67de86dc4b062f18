import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle

/// What a capability does when one of its timers comes due. It runs inside the transaction that claimed
/// the timer, so the timer is marked fired if and only if the handler's writes commit.
protocol TimerHandler: Sendable {
    var subjectType: String { get }
    func fire(_ timer: DueTimer, on connection: PostgresConnection, logger: Logger) async throws
}

/// Fires due timers on an interval, inside the server. Any number of instances may run it at once:
/// each claim takes a row lock that the others skip.
struct TimerScheduler: Service {
    let database: Database
    let store: TimerStore
    let handlers: [String: any TimerHandler]
    let clock: any AppClock
    let interval: Duration
    let logger: Logger
    let metrics: ServiceMetrics?

    init(
        database: Database, handlers: [any TimerHandler], clock: any AppClock, interval: Duration, logger: Logger,
        metrics: ServiceMetrics? = nil
    ) {
        self.metrics = metrics
        self.database = database
        self.store = TimerStore()
        self.handlers = Dictionary(handlers.map { ($0.subjectType, $0) }, uniquingKeysWith: { first, _ in first })
        self.clock = clock
        self.interval = interval
        self.logger = logger
    }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            // Sleep first: at start-up the migrations that create the timer table may still be running.
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                await runDue()
            }
        }
    }

    /// Fires every timer due now, one transaction each, and returns how many fired.
    @discardableResult
    func runDue() async -> Int {
        var count = 0
        while !Task.isCancelled {
            do {
                let now = clock.now
                let fired = try await database.transaction(logger: logger) { connection -> DueTimer? in
                    guard let timer = try await store.claimNext(now: now, on: connection, logger: logger) else { return nil }
                    do {
                        if let handler = handlers[timer.subjectType] {
                            try await handler.fire(timer, on: connection, logger: logger)
                        } else {
                            logger.error("no handler for timer", metadata: ["subject_type": .string(timer.subjectType)])
                        }
                    } catch {
                        throw HandlerFailure(timer: timer, error: error)
                    }
                    try await store.markFired(timer, at: now, on: connection, logger: logger)
                    return timer
                }
                guard let timer = fired else { return count }
                count += 1
                metrics?.timer(failed: false)
                metrics?.timerLag(.seconds(now.timeIntervalSince(timer.firesAt)))
            } catch let failure as HandlerFailure {
                metrics?.timer(failed: true)
                logger.error(
                    "timer failed", metadata: ["timer": .string(failure.timer.name), "error": .string("\(failure.error)")])
                try? await store.postpone(failure.timer, error: "\(failure.error)", now: clock.now, on: database, logger: logger)
            } catch {
                logger.error("timers could not be claimed", metadata: ["error": .string("\(error)")])
                return count
            }
        }
        return count
    }

    private struct HandlerFailure: Error {
        let timer: DueTimer
        let error: any Error
    }
}
