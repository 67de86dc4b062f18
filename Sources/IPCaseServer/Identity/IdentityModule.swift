import Foundation
import IPCaseDomain
import PostgresNIO

/// What the identity endpoints (logins, sessions, one's own account, organisations, users) need, and
/// nothing of other capabilities.
struct IdentityModule: Sendable {
    let database: Database
    let clock: any AppClock
    let authorizer: Authorizer
    let audit: AuditLog
    let hashing: PasswordHashing
    let sessionLifetime: SessionStore.Lifetime
    let loginThrottlePerAccount: LoginThrottle
    let loginThrottlePerAddress: LoginThrottle
    let organizations: OrganizationStore
    let users: UserStore
    let sessions: SessionStore
    let loginAttempts: LoginAttemptStore
    let apiTokens: ApiTokenStore
    let metrics: ServiceMetrics
}
