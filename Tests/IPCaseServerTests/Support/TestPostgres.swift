import Foundation
import Logging
import PostgresNIO
@testable import IPCaseServer

/// One PostgreSQL server for the whole test run, and migrated template databases that every test
/// copies (`CREATE DATABASE … TEMPLATE …`), which takes milliseconds and isolates tests from each other.
/// The `world` template also holds the accounts of `CaseWorld`, hashed with Argon2id once per run
/// instead of once per test.
///
/// With `TEST_DATABASE_URL` the tests use that server; otherwise they start a throwaway cluster in a
/// temporary folder and stop it when the test process exits.
actor TestPostgres {
    static let shared = TestPostgres()
    static let logger: Logger = {
        var logger = Logger(label: "ipcase.tests")
        logger.logLevel = ProcessInfo.processInfo.environment["TEST_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .warning
        return logger
    }()
    static let projectFiles = ProjectFiles(
        root: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent())

    struct Server: Sendable {
        /// Connected to the maintenance database `postgres`, for creating and dropping databases.
        let maintenance: PostgresClient.Configuration
        let templateName: String
        let worldTemplateName: String
        /// Whether the service's role may log in here, so that the application under test runs as it: true on
        /// the throwaway cluster, whose socket is private; a `TEST_DATABASE_URL` server keeps one role.
        let serviceRoleLogsIn: Bool
    }

    /// What a test's database starts with.
    enum Template: Sendable {
        /// The migrated schema and nothing else.
        case migrated
        /// The schema and the accounts of `CaseWorld.seed`.
        case world
    }

    private var server: Task<Server, any Error>?

    func prepared() async throws -> Server {
        if let server { return try await server.value }
        let task = Task { try await Self.start() }
        server = task
        return try await task.value
    }

    /// A fresh migrated database of its own for one test.
    func makeDatabase(_ template: Template = .migrated) async throws -> PostgresClient.Configuration {
        let server = try await prepared()
        let name = "test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let templateName = template == .world ? server.worldTemplateName : server.templateName
        try await Database.withScoped(server.maintenance, logger: Self.logger) { client in
            try await DatabaseAdministration.createDatabase(name, template: templateName, on: client, logger: Self.logger)
        }
        var configuration = server.maintenance
        configuration.database = name
        return configuration
    }

    /// An empty database, for tests of the migration runner itself.
    func makeEmptyDatabase() async throws -> PostgresClient.Configuration {
        let server = try await prepared()
        let name = "empty_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await Database.withScoped(server.maintenance, logger: Self.logger) { client in
            try await DatabaseAdministration.createDatabase(name, on: client, logger: Self.logger)
        }
        var configuration = server.maintenance
        configuration.database = name
        return configuration
    }

    /// The same database as the service's role, which may only read and write rows, where it can log in.
    func asService(_ configuration: PostgresClient.Configuration) async throws -> PostgresClient.Configuration {
        guard try await prepared().serviceRoleLogsIn else { return configuration }
        var service = configuration
        service.username = DatabaseAdministration.serviceRole
        return service
    }

    /// Runs `body` on the same database as its owner, for what a test sets up beyond rows (a migration undone).
    nonisolated func asOwner<Value: Sendable>(
        _ service: Database, _ body: @Sendable (Database) async throws -> Value
    ) async throws -> Value {
        var owner = service.configuration
        owner.username = try await prepared().maintenance.username
        return try await Database.withScoped(owner, logger: Self.logger, body)
    }

    func dropDatabase(_ configuration: PostgresClient.Configuration) async throws {
        guard let name = configuration.database else { return }
        let server = try await prepared()
        try await Database.withScoped(server.maintenance, logger: Self.logger) { client in
            try await DatabaseAdministration.dropDatabase(name, on: client, logger: Self.logger)
        }
    }

    private static func start() async throws -> Server {
        var maintenance: PostgresClient.Configuration
        var embedded = false
        if let url = ProcessInfo.processInfo.environment["TEST_DATABASE_URL"], !url.isEmpty {
            maintenance = try DatabaseURL(url).configuration
        } else {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ipcase-tests-\(getpid())")
            let session = try EmbeddedPostgres(dataDirectory: folder).start()
            ClusterCleanup.register(session: session, folder: folder)
            maintenance = try DatabaseURL(session.databaseURL).configuration
            embedded = true
        }
        maintenance.database = "postgres"
        maintenance.options.maximumConnections = 4
        let template = "ipcase_template_\(getpid())"
        try await Database.withScoped(maintenance, logger: logger) { client in
            try await DatabaseAdministration.dropDatabase(template, on: client, logger: logger)
            try await DatabaseAdministration.createDatabase(template, on: client, logger: logger)
        }
        var templateConfiguration = maintenance
        templateConfiguration.database = template
        let files = try MigrationFile.load(from: projectFiles.migrations)
        _ = try await Database.withScoped(templateConfiguration, logger: logger) { client in
            try await Migrator(client: client, files: files, logger: logger).migrate()
        }
        let world = "ipcase_world_\(getpid())"
        try await Database.withScoped(maintenance, logger: logger) { client in
            try await DatabaseAdministration.dropDatabase(world, on: client, logger: logger)
            try await DatabaseAdministration.createDatabase(world, template: template, on: client, logger: logger)
        }
        var worldConfiguration = maintenance
        worldConfiguration.database = world
        try await Database.withScoped(worldConfiguration, logger: logger) { client in
            try await CaseWorld.seed(client)
        }
        if embedded {
            try await Database.withScoped(maintenance, logger: logger) { client in
                try await DatabaseAdministration.allowServiceLogin(on: client, logger: logger)
            }
        }
        return Server(maintenance: maintenance, templateName: template, worldTemplateName: world, serviceRoleLogsIn: embedded)
    }
}

/// Stops the throwaway cluster when the test process exits, however the tests ended.
enum ClusterCleanup {
    nonisolated(unsafe) private static var session: EmbeddedPostgres.Session?
    nonisolated(unsafe) private static var folder: URL?

    static func register(session: EmbeddedPostgres.Session, folder: URL) {
        Self.session = session
        Self.folder = folder
        atexit {
            try? ClusterCleanup.session?.close()
            if let folder = ClusterCleanup.folder { try? FileManager.default.removeItem(at: folder) }
        }
    }
}
