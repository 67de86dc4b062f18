import Logging
import ServiceLifecycle

/// Signs a checkpoint of the transparency log on an interval, inside the server, when the log has grown.
/// Any number of instances may run it: they sign one after the other under the tree's row lock.
struct CheckpointSigner: Service {
    let log: TransparencyLog
    let interval: Duration
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            // Sleep first: at start-up the migrations that create the log's tables may still be running.
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard !Task.isCancelled else { return }
                do {
                    try await log.sign(logger: logger)
                } catch let refused as TransparencyLog.InconsistentTree {
                    // Someone changed the stored tree: signing now would vouch for a rewritten history.
                    logger.critical("transparency log not signed", metadata: ["reason": .string(refused.description)])
                } catch {
                    logger.error("transparency log not signed", metadata: ["error": .string("\(error)")])
                }
            }
        }
    }
}
