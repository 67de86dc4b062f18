import Foundation

/// What a user's notification endpoints need.
struct NotificationsModule: Sendable {
    let clock: any AppClock
    let authorizer: Authorizer
    let notifications: NotificationStore
}
