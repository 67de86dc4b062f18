import Foundation
import Logging
import PostgresNIO

/// The service's parts that handlers share, built once per application.
struct AppDependencies: Sendable {
    let configuration: ServerConfiguration
    let database: PostgresClient
    let migrator: Migrator
    let logger: Logger
    let clock: any AppClock
    let policies: PolicyStore
    let audit: AuditLog
    let authorizer: Authorizer
    let hashing: PasswordHashing
    let sessionLifetime: SessionStore.Lifetime
    let organizations: OrganizationStore
    let users: UserStore
    let sessions: SessionStore
    let loginAttempts: LoginAttemptStore

    init(configuration: ServerConfiguration, database: PostgresClient, logger: Logger) throws {
        self.configuration = configuration
        self.database = database
        self.logger = logger
        self.clock = configuration.clock
        self.migrator = Migrator(
            client: database, files: try MigrationFile.load(from: configuration.projectFiles.migrations), logger: logger)
        self.policies = try PolicyStore(folder: configuration.projectFiles.policies)
        self.audit = AuditLog(database: database, clock: configuration.clock)
        self.authorizer = Authorizer(policies: policies, audit: audit)
        self.hashing = try PasswordHashing(parameters: configuration.argon2)
        self.sessionLifetime = SessionStore.Lifetime(
            absolute: configuration.sessionLifetime, idle: configuration.sessionIdleTimeout)
        self.organizations = OrganizationStore(database: database)
        self.users = UserStore(database: database)
        self.sessions = SessionStore(database: database)
        self.loginAttempts = LoginAttemptStore(database: database)
    }
}
