import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import PostgresNIO
@testable import IPCaseServer

/// Runs the real application on a loopback port against a fresh copy of the migrated database.
enum TestApp {
    /// No timer scheduler runs in the background: tests that need deadlines fire them by hand
    /// (`CaseWorld.runTimers`), so that what they check never races a scheduler.
    static func configuration() -> ServerConfiguration {
        // The same reading of settings as `ipcase serve` and the image, from an environment of the test's own.
        var configuration = try! ServerConfiguration(
            environment: ["IPCASE_HOST": "127.0.0.1", "IPCASE_PORT": "0"], projectFiles: TestPostgres.projectFiles)
        configuration.timerInterval = nil
        // Checkpoints are signed on demand (a receipt asked for), or by the test.
        configuration.checkpointInterval = nil
        // The test client does not reconnect: on a machine busy enough to pause a test for half a minute, the
        // server must not close its idle connection meanwhile (the timeout's own test sets a short one).
        configuration.idleTimeout = .seconds(300)
        return configuration
    }

    static func run<Value: Sendable>(
        template: TestPostgres.Template = .migrated,
        configure: (inout ServerConfiguration) -> Void = { _ in },
        extraEndpoints: [Endpoint] = [],
        logger: Logger = TestPostgres.logger,
        _ test: @Sendable (any TestClientProtocol, Database) async throws -> Value
    ) async throws -> Value {
        var databaseConfiguration = try await TestPostgres.shared.makeDatabase(template)
        databaseConfiguration.options.maximumConnections = 5
        // The application runs as the service's role, as `serve` does: any statement it needs beyond rows fails here.
        let database = Database(configuration: try await TestPostgres.shared.asService(databaseConfiguration), logger: TestPostgres.logger)
        var configuration = configuration()
        configure(&configuration)
        let app = try buildApplication(
            configuration: configuration, database: database, logger: logger, extraEndpoints: extraEndpoints)
        let value = try await app.test(.live) { client in try await test(client, database) }
        try await TestPostgres.shared.dropDatabase(databaseConfiguration)
        return value
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }

    func json() throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(body.readableBytesView))
        guard let dictionary = object as? [String: Any] else { throw TestFailure("body is not a JSON object: \(text)") }
        return dictionary
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
