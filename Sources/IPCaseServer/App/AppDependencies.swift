import Foundation
import IPCaseDomain
import Logging
import PostgresNIO

/// The composition root: builds the shared parts once per application and assembles each capability
/// from the few of them it needs. Endpoint collections receive their capability's module, never this.
struct AppDependencies: Sendable {
    let configuration: ServerConfiguration
    /// What `/metrics` shows, for this application alone.
    let metrics = ServiceMetrics()
    let database: Database
    let migrator: Migrator
    let logger: Logger
    let policies: PolicyStore
    let identity: IdentityModule
    let notifications: NotificationsModule
    let policyAdministration: PolicyModule
    let cases: CasesModule
    let credit: CreditModule
    let compliance: ComplianceModule
    let transparency: TransparencyLog

    init(configuration: ServerConfiguration, database: Database, logger: Logger) throws {
        self.configuration = configuration
        self.database = database
        self.logger = logger
        let clock = configuration.clock
        self.migrator = Migrator(
            client: database, files: try MigrationFile.load(from: configuration.projectFiles.migrations), logger: logger)
        let policies = try PolicyStore(folder: configuration.projectFiles.policies)
        for warning in policies.loaded.warnings {
            logger.warning("policy warning", metadata: ["file": .string("\(warning.path):\(warning.line)"), "problem": .string(warning.message)])
        }
        self.policies = policies
        let audit = AuditLog(database: database, clock: clock)
        let authorizer = Authorizer(policies: policies, audit: audit, metrics: metrics)
        let organizations = OrganizationStore(database: database)
        let users = UserStore(database: database)
        let events = EventChain()
        let notificationStore = NotificationStore(database: database)
        let uploads = UploadSlots(limit: configuration.maxUploadsInFlight)
        let documents = DocumentStore(database: database, uploads: uploads)
        metrics.watch(database: database, uploads: uploads)

        identity = IdentityModule(
            database: database, clock: clock, authorizer: authorizer, audit: audit,
            hashing: try PasswordHashing(parameters: configuration.argon2),
            sessionLifetime: SessionStore.Lifetime(absolute: configuration.sessionLifetime, idle: configuration.sessionIdleTimeout),
            loginThrottlePerAccount: configuration.loginThrottlePerAccount,
            loginThrottlePerAddress: configuration.loginThrottlePerAddress,
            organizations: organizations, users: users, sessions: SessionStore(database: database),
            loginAttempts: LoginAttemptStore(database: database), apiTokens: ApiTokenStore(database: database), metrics: metrics)
        notifications = NotificationsModule(clock: clock, authorizer: authorizer, notifications: notificationStore)
        policyAdministration = PolicyModule(
            database: database, logger: logger, policies: policies, authorizer: authorizer, audit: audit)
        transparency = TransparencyLog(
            database: database, signer: try configuration.transparencySigner ?? TransparencySigningKey.ephemeral(
                originPrefix: configuration.transparencyOriginPrefix),
            clock: clock)
        let creditRecords = CreditRecordStore(database: database)
        let creditProposals = CreditProposalStore(database: database)
        let creditFeed = CreditFeed(database: database, model: { policies.loaded.creditModel })
        let creditRecording = CreditRecording(
            database: database, records: creditRecords, events: events, notifications: notificationStore, feed: creditFeed,
            timers: TimerStore())
        let creditRecordChanges = CreditRecordChanges(
            records: creditRecords, proposals: creditProposals, recording: creditRecording, events: events, feed: creditFeed,
            model: { policies.loaded.creditModel })
        /// The one consequence writer, over each capability's store.
        func writer<Store: WorkflowSubjectStore>(_ store: Store) -> WorkflowWriter<Store> {
            WorkflowWriter(
                store: store, events: events, notifications: notificationStore, timers: TimerStore(),
                creditProposals: creditProposals, creditRecords: creditRecordChanges)
        }
        func applications<Rules: CreditApplicationRules>(_ rules: Rules.Type) -> CreditApplications<Rules> {
            let store = CreditApplicationStore<Rules>(database: database)
            return CreditApplications(store: store, writer: writer(store))
        }

        let caseStore = CaseStore(database: database)
        cases = CasesModule(
            database: database, clock: clock, policies: policies, authorizer: authorizer, audit: audit, cases: caseStore,
            caseWriter: writer(caseStore),
            caseAccess: CaseAccess(cases: caseStore, authorizer: authorizer), events: events, documents: documents,
            documentSubmission: DocumentSubmission(documents: documents, events: events),
            maxDocumentSize: configuration.maxDocumentSize, idempotency: IdempotencyKeys(database: database),
            organizations: organizations, users: users)
        let assessments = ComplianceAssessmentStore(database: database)
        compliance = ComplianceModule(
            database: database, clock: clock, policies: policies, authorizer: authorizer, organizations: organizations,
            assessments: assessments, writer: writer(assessments), documents: documents,
            documentSubmission: DocumentSubmission(documents: documents, events: events), audit: audit,
            maxDocumentSize: configuration.maxDocumentSize)
        let creditGrades = CreditGradeStore(database: database, model: { policies.loaded.creditModel })
        credit = CreditModule(
            database: database, clock: clock, policies: policies, authorizer: authorizer,
            records: creditRecords, organizations: organizations, recording: creditRecording, proposals: creditProposals,
            grades: creditGrades,
            notifications: notificationStore, objections: applications(CreditObjectionRules.self),
            repairs: applications(CreditRepairRules.self), commitments: applications(CreditCommitmentRules.self),
            publicView: PublicCreditView(
                database: database, records: creditRecords, grades: creditGrades, model: { policies.loaded.creditModel },
                clock: clock),
            publicRateLimit: RateLimiter(perMinute: configuration.publicRequestsPerMinute, clock: clock), feed: creditFeed,
            documents: documents, documentSubmission: DocumentSubmission(documents: documents, events: events), audit: audit,
            maxDocumentSize: configuration.maxDocumentSize, idempotency: IdempotencyKeys(database: database))
    }

    /// The deadline scheduler with every capability's timer handler.
    func timerScheduler(interval: Duration) -> TimerScheduler {
        TimerScheduler(
            database: database, handlers: [cases.deadlineTimers, compliance.deadlineTimers] + credit.deadlineTimers, clock: configuration.clock,
            interval: interval,
            logger: logger, metrics: metrics)
    }
}
