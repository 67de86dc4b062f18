import Foundation
import Synchronization

/// Who made the request, once authentication knows: shared by every copy of the request's context, so that
/// the access log line, written outside the handler, names the user and organisation the handler served.
final class RequestCaller: Sendable {
    private let ids = Mutex<(user: UUID, organization: UUID)?>(nil)

    var current: (user: UUID, organization: UUID)? { ids.withLock { $0 } }

    func identify(user: UUID, organization: UUID) {
        ids.withLock { $0 = (user, organization) }
    }
}
