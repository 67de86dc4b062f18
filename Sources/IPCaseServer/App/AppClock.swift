public import Foundation
import Synchronization

/// Where the service reads the time. Injected, so that tests can jump days ahead to drive expiry,
/// lockouts and legal deadlines; the service itself uses the system clock.
public protocol AppClock: Sendable {
    var now: Date { get }
}

public struct SystemClock: AppClock {
    public init() {}
    public var now: Date { Date() }
}

/// A clock that stands still until moved, for tests.
public final class ManualClock: AppClock {
    private let current: Mutex<Date>

    public init(_ start: Date = Date()) {
        current = Mutex(start)
    }

    public var now: Date { current.withLock { $0 } }

    public func advance(by interval: TimeInterval) {
        current.withLock { $0.addTimeInterval(interval) }
    }
}
