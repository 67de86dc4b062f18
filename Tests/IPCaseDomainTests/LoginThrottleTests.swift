import Foundation
import Testing
@testable import IPCaseDomain

@Suite("Login throttle")
struct LoginThrottleTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let throttle = LoginThrottle(maximumFailures: 5, window: 900, baseDelay: 30, maximumDelay: 900)

    func failures(_ count: Int, secondsAgo: TimeInterval = 1) -> [Date] {
        (0..<count).map { now.addingTimeInterval(-secondsAgo - Double($0)) }
    }

    @Test func fewerFailuresThanTheLimitAreAllowed() {
        #expect(throttle.decide(failures: failures(4), now: now) == .allowed)
    }

    @Test func theFifthFailureLocks() {
        #expect(throttle.decide(failures: failures(5), now: now) == .locked(retryAfter: 29))
    }

    @Test func eachFurtherFailureDoublesTheDelay() {
        guard case .locked(let six) = throttle.decide(failures: failures(6), now: now),
            case .locked(let seven) = throttle.decide(failures: failures(7), now: now)
        else { Issue.record("expected locks"); return }
        #expect(six == 59)
        #expect(seven == 119)
    }

    @Test func theDelayIsCapped() {
        guard case .locked(let wait) = throttle.decide(failures: failures(40), now: now) else { Issue.record("expected a lock"); return }
        #expect(wait <= 900)
    }

    @Test func failuresOutsideTheWindowDoNotCount() {
        #expect(throttle.decide(failures: failures(10, secondsAgo: 901), now: now) == .allowed)
    }

    @Test func theLockEndsAfterTheDelay() {
        #expect(throttle.decide(failures: failures(5, secondsAgo: 31), now: now) == .allowed)
    }
}

@Suite("Roles")
struct RoleTests {
    @Test func rolesMustFitTheOrganizationKind() {
        #expect(Role.misfits([.judge], for: .court).isEmpty)
        #expect(Role.misfits([.judge, .mediator], for: .court) == [.mediator])
        #expect(Role.misfits([.admin], for: .enterprise) == [.admin])
    }
}
