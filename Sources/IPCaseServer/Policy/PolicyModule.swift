import Foundation
import Logging
import PostgresNIO

/// What reloading the policy files needs: the store, the data its reload checks read, and the audit log.
struct PolicyModule: Sendable {
    let database: Database
    let logger: Logger
    let policies: PolicyStore
    let authorizer: Authorizer
    let audit: AuditLog
}
