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
    let events: EventChain
    let documents: DocumentStore
    let documentSubmission: DocumentSubmission
    let timers: TimerStore
    let notifications: NotificationStore
    let idempotency: IdempotencyKeys
    let cases: CaseStore
    let caseWriter: CaseWriter
    let caseAccess: CaseAccess

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
        self.events = EventChain()
        self.documents = DocumentStore(database: database)
        self.documentSubmission = DocumentSubmission(documents: documents, events: events)
        self.timers = TimerStore()
        self.notifications = NotificationStore(database: database)
        self.idempotency = IdempotencyKeys(database: database)
        self.cases = CaseStore(database: database)
        self.caseWriter = CaseWriter(
            store: cases, events: events, notifications: notifications, timers: timers, creditProposals: CreditProposalStore())
        self.caseAccess = CaseAccess(cases: cases, authorizer: authorizer)
    }

    /// The deadline scheduler with every capability's timer handler.
    func timerScheduler(interval: Duration) -> TimerScheduler {
        TimerScheduler(
            database: database,
            handlers: [WorkflowDeadlineTimers(writer: caseWriter, policies: policies, clock: clock)],
            clock: clock, interval: interval, logger: logger)
    }
}
