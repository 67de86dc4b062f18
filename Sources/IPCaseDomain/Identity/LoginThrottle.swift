public import Foundation

/// When a login may be tried again, decided from the recent failures alone.
///
/// After `maximumFailures` failures within `window`, further attempts wait `baseDelay`, doubled for each
/// further failure up to `maximumDelay`: a person who mistypes waits seconds, a guesser waits ever longer.
public struct LoginThrottle: Sendable, Equatable {
    public var maximumFailures: Int
    public var window: TimeInterval
    public var baseDelay: TimeInterval
    public var maximumDelay: TimeInterval

    public init(maximumFailures: Int, window: TimeInterval, baseDelay: TimeInterval = 30, maximumDelay: TimeInterval = 900) {
        self.maximumFailures = maximumFailures
        self.window = window
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
    }

    /// Per email: 5 failures in 15 minutes.
    public static let perAccount = LoginThrottle(maximumFailures: 5, window: 15 * 60)
    /// Per client address: enough for a shared office, too few for a sweep of many accounts.
    public static let perAddress = LoginThrottle(maximumFailures: 50, window: 15 * 60)

    public enum Decision: Sendable, Equatable {
        case allowed
        case locked(retryAfter: TimeInterval)
    }

    /// `failures` are the times of failed attempts since the last success, any order.
    public func decide(failures: [Date], now: Date) -> Decision {
        let recent = failures.filter { now.timeIntervalSince($0) < window }
        guard recent.count >= maximumFailures, let last = recent.max() else { return .allowed }
        let doublings = Double(min(recent.count - maximumFailures, 20))
        let delay = min(baseDelay * pow(2, doublings), maximumDelay)
        let remaining = last.addingTimeInterval(delay).timeIntervalSince(now)
        return remaining > 0 ? .locked(retryAfter: remaining) : .allowed
    }
}
