import Foundation
import ServiceLifecycle
import UnixSignals

/// SIGHUP re-loads the policy files, as operators expect of a long-running daemon.
struct PolicyReloadOnHangup: Service {
    let reloader: PolicyReloader

    func run() async throws {
        for await _ in await UnixSignalsSequence(trapping: .sighup).cancelOnGracefulShutdown() {
            _ = try? await reloader.reload(actor: nil, context: nil)
        }
    }
}
