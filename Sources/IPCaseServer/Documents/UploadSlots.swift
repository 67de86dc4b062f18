import HTTPTypes
import IPCaseDomain
import Synchronization

/// How many uploads may stream in at once (`IPCASE_MAX_UPLOADS_IN_FLIGHT`): each holds a database
/// connection while it writes and some memory while it reads. Beyond the limit an upload is answered 503
/// with `Retry-After` at once, before its body is read.
final class UploadSlots: Sendable {
    let limit: Int
    private let inUse = Mutex(0)

    init(limit: Int) { self.limit = limit }

    /// Uploads streaming in now, for `/metrics`.
    var inFlight: Int { inUse.withLock { $0 } }

    func withSlot<Result>(_ body: () async throws -> Result) async throws -> Result {
        let taken = inUse.withLock { count in
            guard count < limit else { return false }
            count += 1
            return true
        }
        guard taken else {
            var headers = HTTPFields()
            headers[.retryAfter] = "1"
            throw Problem(kind: .unavailable, detail: ProblemDetail.uploadsBusy(limit: limit), headers: headers)
        }
        defer {
            let idle = inUse.withLock { count in
                count -= 1
                return count == 0
            }
            // When the last upload ends, the memory it freed goes back to the system, not just to the allocator.
            if idle { ReleaseFreedMemory.now() }
        }
        return try await body()
    }
}
