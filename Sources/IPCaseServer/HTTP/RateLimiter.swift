import Foundation
import HTTPTypes
import IPCaseDomain
import Synchronization

/// A token bucket per client address, for what anyone may call without logging in (the public credit
/// views). Each address may burst to `perMinute` requests and earns them back evenly over a minute; past
/// that it is answered 429 with `Retry-After`. Kept in memory: a restart forgets, which errs on the side of
/// the caller, and several instances each limit on their own.
final class RateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: Date
    }

    let perMinute: Int
    private let clock: any AppClock
    private let buckets = Mutex<[String: Bucket]>([:])
    /// Beyond this many addresses, full buckets are forgotten, so that a scan of many addresses cannot
    /// grow the table without bound.
    private let maximumAddresses = 10_000

    init(perMinute: Int, clock: any AppClock) {
        self.perMinute = perMinute
        self.clock = clock
    }

    /// Takes one token for `address`, or throws 429 naming how long until the next one.
    func admit(_ address: String?) throws {
        let key = address ?? "unknown"
        let now = clock.now
        let capacity = Double(perMinute)
        let perSecond = capacity / 60
        let wait: Int? = buckets.withLock { buckets in
            if buckets.count > maximumAddresses {
                buckets = buckets.filter { $0.value.tokens + now.timeIntervalSince($0.value.updated) * perSecond < capacity }
            }
            var bucket = buckets[key] ?? Bucket(tokens: capacity, updated: now)
            bucket.tokens = min(capacity, bucket.tokens + max(0, now.timeIntervalSince(bucket.updated)) * perSecond)
            bucket.updated = now
            defer { buckets[key] = bucket }
            guard bucket.tokens >= 1 else { return Int(((1 - bucket.tokens) / perSecond).rounded(.up)) }
            bucket.tokens -= 1
            return nil
        }
        if let wait {
            throw Problem(
                kind: .tooManyRequests, detail: ProblemDetail.tooManyRequests(retryAfter: wait),
                headers: [.retryAfter: String(max(1, wait))])
        }
    }
}
