import Logging
import ServiceLifecycle

/// Removes, every few minutes, the pieces of uploads that never became documents: refused after their bytes
/// arrived (the subject moved on, a 409), or cut off by a crash. Any number of instances may run it.
struct AbandonedUploadSweeper: Service {
    let documents: DocumentStore
    let clock: any AppClock
    let logger: Logger
    var interval: Duration = .seconds(600)

    func run() async throws {
        await cancelWhenGracefulShutdown {
            // Sleep first, as the timer scheduler does: at start-up the migrations that create the table may still
            // be running, and a fresh database has nothing abandoned anyway.
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                if !Task.isCancelled { await sweep() }
            }
        }
    }

    func sweep() async {
        do {
            let removed = try await documents.sweepAbandoned(now: clock.now, logger: logger)
            if removed > 0 { logger.info("removed the pieces of abandoned uploads", metadata: ["pieces": "\(removed)"]) }
        } catch {
            logger.warning("could not remove the pieces of abandoned uploads: \(error)")
        }
    }
}
