import Foundation
public import Hummingbird
import Logging
public import PostgresNIO

/// The router with its middleware and every endpoint, and the catalog of those endpoints.
/// Split from `buildApplication` so that tests can walk the routes without serving.
func buildRouter(_ dependencies: AppDependencies, extraEndpoints: [Endpoint] = []) throws -> (router: Router<AppRequestContext>, catalog: RouteCatalog) {
    let collections: [any EndpointCollection] = [
        HealthEndpoints(database: dependencies.database, migrator: dependencies.migrator, policies: dependencies.policies),
        try OpenAPIEndpoints(file: dependencies.configuration.projectFiles.openAPIDocument),
        AuthEndpoints(dependencies: dependencies.identity),
        MeEndpoints(dependencies: dependencies.identity),
        OrganizationEndpoints(dependencies: dependencies.identity),
        UserEndpoints(dependencies: dependencies.identity),
        PolicyEndpoints(dependencies: dependencies.policyAdministration),
        CaseEndpoints(dependencies: dependencies.cases),
        CaseTransitionEndpoint(dependencies: dependencies.cases),
        CaseEventEndpoints(dependencies: dependencies.cases),
        CaseEventReceiptEndpoint(dependencies: dependencies.cases, log: dependencies.transparency),
        CaseDocumentEndpoints(dependencies: dependencies.cases),
        CaseStatisticsEndpoints(dependencies: dependencies.cases),
        CaseAgreementPage(dependencies: dependencies.cases),
        NotificationEndpoints(dependencies: dependencies.notifications),
        CreditEndpoints(dependencies: dependencies.credit),
        CreditProposalEndpoints(dependencies: dependencies.credit),
        CreditGradeEndpoints(dependencies: dependencies.credit),
        PublicCreditEndpoints(dependencies: dependencies.credit, log: dependencies.transparency),
        TransparencyEndpoints(log: dependencies.transparency),
        CreditFeedEndpoints(dependencies: dependencies.credit),
        CreditSupervisionEndpoints(dependencies: dependencies.credit),
        ApiTokenEndpoints(dependencies: dependencies.identity),
        DirectoryEndpoints(dependencies: dependencies.identity),
        ChecklistTemplateEndpoints(dependencies: dependencies.compliance),
        ComplianceAssessmentEndpoints(dependencies: dependencies.compliance),
        ComplianceEvidenceEndpoints(
            dependencies: dependencies.compliance, assessments: ComplianceAssessmentEndpoints(dependencies: dependencies.compliance)),
        ComplianceReportEndpoints(
            dependencies: dependencies.compliance, assessments: ComplianceAssessmentEndpoints(dependencies: dependencies.compliance)),
        ComplianceSummaryEndpoints(dependencies: dependencies.compliance),
        MetricsEndpoints(metrics: dependencies.metrics, allowed: dependencies.configuration.metricsFrom),
    ] + dependencies.credit.applicationEndpoints
    let endpoints = collections.flatMap(\.endpoints) + extraEndpoints
    let catalog = RouteCatalog(endpoints)

    let router = Router(context: AppRequestContext.self)
    // Outermost first: the id is set before anything logs, and errors become problems inside the log.
    router.add(middleware: RequestIDMiddleware())
    router.add(middleware: ClientAddressMiddleware(trustedProxies: dependencies.configuration.trustedProxies))
    router.add(middleware: MetricsMiddleware(metrics: dependencies.metrics, catalog: catalog))
    router.add(middleware: AccessLogMiddleware())
    router.add(middleware: PrivateResponsesMiddleware())
    router.add(middleware: ProblemMiddleware(catalog: catalog))
    router.add(middleware: URILengthMiddleware())
    router.add(
        middleware: BodyLimitMiddleware(
            limit: dependencies.configuration.maxBodySize, catalog: catalog,
            consoleUploadLimit: DocumentUpload.bodyLimit(maxDocumentSize: dependencies.cases.maxDocumentSize)))
    let authentication = Authentication(
        sessions: dependencies.identity.sessions, lifetime: dependencies.identity.sessionLifetime,
        clock: dependencies.identity.clock, apiTokens: dependencies.identity.apiTokens)
    for endpoint in endpoints {
        router.on(RouterPath(endpoint.routerPath), method: endpoint.method, use: authenticated(endpoint, by: authentication))
    }
    // The console asks the API through a responder of the routes so far: the API's, without the console's own.
    let console = Console(
        api: ConsoleAPI(responder: router.buildResponder()),
        templates: try ConsoleTemplates(directory: dependencies.configuration.projectFiles.console),
        cookies: ConsoleCookies(secure: dependencies.configuration.secureCookies), policies: dependencies.policies,
        database: dependencies.database, maxFormSize: 256 * 1024, maxDocumentSize: dependencies.cases.maxDocumentSize)
    console.register(on: router)
    return (router, catalog)
}

/// Public endpoints run as they are; every other one first needs a valid bearer token: a session's, or for
/// the partner feed an API token of its scope.
private func authenticated(_ endpoint: Endpoint, by authentication: Authentication) -> Endpoint.Handler {
    switch endpoint.access {
    case .public:
        return endpoint.handler
    case .action:
        return { request, context in
            var context = context
            let principal = try await authentication.principal(for: request, context: context)
            context.principal = principal
            context.caller.identify(user: principal.userId, organization: principal.organizationId)
            context.logger[metadataKey: "user_id"] = .string(principal.userId.uuidString.lowercased())
            return try await endpoint.handler(request, context)
        }
    case .apiToken(let scope):
        return { request, context in
            var context = context
            context.apiToken = try await authentication.apiToken(for: request, scope: scope, context: context)
            return try await endpoint.handler(request, context)
        }
    }
}

/// The whole service: router, database client, and migrations that run before the port opens.
///
/// `extraEndpoints` lets tests mount probes (an endpoint that throws, one that echoes a body) to check
/// the shared HTTP behaviour through the real middleware; the service itself never passes any.
public func buildApplication(
    configuration: ServerConfiguration, database: Database, logger: Logger, extraEndpoints: [Endpoint] = [],
    migrationDatabase: PostgresClient.Configuration? = nil
) throws -> some ApplicationProtocol {
    let dependencies = try AppDependencies(configuration: configuration, database: database, logger: logger)
    let (router, _) = try buildRouter(dependencies, extraEndpoints: extraEndpoints)
    let idle = configuration.idleTimeout.components
    var app = Application(
        router: HeadAsGet(base: router),
        server: .http1(
            configuration: .init(
                additionalChannelHandlers: [OversizedHeadHandler()],
                idleTimeout: .nanoseconds(idle.seconds * 1_000_000_000 + idle.attoseconds / 1_000_000_000),
                httpDecoderConfiguration: RequestHeadLimits.decoder)),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "ipcase"),
        logger: logger)
    app.addServices(database)
    app.beforeServerStarts {
        // Migrations run as the owner when one is given; the service's own role may only read and write rows.
        let applied: [MigrationFile]
        if let owner = migrationDatabase {
            applied = try await Database.withScoped(owner, logger: logger) { client in
                try await Migrator(client: client, files: dependencies.migrator.files, logger: logger).migrate()
            }
        } else {
            applied = try await dependencies.migrator.migrate()
        }
        if !applied.isEmpty { logger.info("migrations applied", metadata: ["count": "\(applied.count)"]) }
        let excess = try await DatabaseAdministration.excessPrivileges(on: database, logger: logger)
        if !excess.isEmpty {
            logger.warning(
                "THE SERVICE'S DATABASE ROLE CAN DO MORE THAN READ AND WRITE ROWS: it could disable the triggers that keep the audit log and the event chain append-only. Run the service as ipcase_service (README: Using another PostgreSQL).",
                metadata: ["excess": .string(excess.joined(separator: "; "))])
        }
        if configuration.seedDemo {
            let provisioning = try AccountProvisioning(
                database: database, argon2: configuration.argon2, clock: configuration.clock, logger: logger)
            let (file, created) = try await DemoWorld.seed(with: provisioning, dataDirectory: configuration.dataDirectory)
            try await DemoCases.seed(dependencies.cases, logger: logger)
            try await DemoCredit.seed(dependencies.credit, logger: logger)
            try await DemoCompliance.seed(dependencies.compliance, logger: logger)
            // Passwords go to the terminal once, when they are made, and never into the log; later starts name the file.
            print("Web console: http://\(configuration.host):\(configuration.port)/ (log in as a demo user)")
            if created.isEmpty {
                print("Demo users: their passwords are in \(file.path)")
            } else {
                print("Demo users (role email password), also in \(file.path):\n" + created.joined(separator: "\n"))
            }
            fflush(nil)  // every output stream: the lines reach a file or pipe now, not at exit
        }
    }
    app.addServices(PolicyReloadOnHangup(reloader: PolicyReloader(dependencies: dependencies.policyAdministration)))
    if let interval = configuration.checkpointInterval {
        app.addServices(CheckpointSigner(log: dependencies.transparency, interval: interval, logger: logger))
    }
    if let interval = configuration.timerInterval {
        app.addServices(dependencies.timerScheduler(interval: interval))
        app.addServices(AbandonedUploadSweeper(documents: dependencies.cases.documents, clock: configuration.clock, logger: logger))
    }
    return app
}
