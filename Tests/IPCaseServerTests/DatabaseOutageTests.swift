import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
@testable import IPCaseServer

/// PostgreSQL is stopped and started again under a running server: a cluster of the test's own, since the
/// shared one serves every other test.
@Suite("Database outage")
struct DatabaseOutageTests {
    @Test func requestsGetA503WithinTheWaitWhileAwayAndSucceedSoonAfterTheDatabaseReturns() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ipcase-outage-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: folder) }
        let connection = try await DatabaseConnection.open(databaseURL: nil, dataDirectory: folder, logger: TestPostgres.logger)
        defer { connection.close(logger: TestPostgres.logger) }
        let cluster = try #require(connection.embedded).cluster
        let database = Database(
            configuration: connection.serviceURL.configuration, logger: TestPostgres.logger, timing: .init(outageWait: .seconds(2)))
        var configuration = TestApp.configuration()
        configuration.databaseWait = .seconds(2)
        let app = try buildApplication(
            configuration: configuration, database: database, logger: TestPostgres.logger,
            migrationDatabase: connection.url.configuration)

        try await app.test(.live) { client in
            // A request that needs the database: a token it must look up.
            func needsDatabase() async throws -> (status: Int, retryAfter: String?, seconds: Double) {
                let started = ContinuousClock.now
                let response = try await client.execute(
                    uri: "/v1/me", method: .get, headers: [.authorization: "Bearer not-a-session"])
                let elapsed = started.duration(to: .now)
                return (Int(response.status.code), response.headers[.retryAfter], Self.seconds(elapsed))
            }
            func ready() async throws -> (status: Int, seconds: Double) {
                let started = ContinuousClock.now
                let response = try await client.execute(uri: "/health/ready", method: .get)
                return (Int(response.status.code), Self.seconds(started.duration(to: .now)))
            }
            #expect(try await needsDatabase().status == 401)
            #expect(try await ready().status == 200)

            try cluster.stop()
            // The first requests after the stop, before anything has noticed, and later ones alike.
            for attempt in 0..<6 {
                let answer = try await needsDatabase()
                #expect(answer.status == 503, "attempt \(attempt)")
                #expect(answer.retryAfter == "2")
                #expect(answer.seconds < 2.0, "attempt \(attempt) took \(answer.seconds) s")
                let readiness = try await ready()
                #expect(readiness.status == 503)
                #expect(readiness.seconds < 1.0, "readiness took \(readiness.seconds) s")
                try await Task.sleep(for: .milliseconds(300))
            }
            // Long enough for postgres-nio's own pool to have backed off for seconds.
            try await Task.sleep(for: .seconds(6))
            #expect(try await needsDatabase().status == 503)

            _ = try cluster.start()
            let back = ContinuousClock.now
            var recovered: Double?
            while recovered == nil, back.duration(to: .now) < .seconds(10) {
                if try await needsDatabase().status == 401 { recovered = Self.seconds(back.duration(to: .now)) }
                else { try await Task.sleep(for: .milliseconds(100)) }
            }
            let seconds = try #require(recovered, "requests never succeeded again")
            #expect(seconds < 3.0, "requests succeeded again only after \(seconds) s")
            #expect(try await ready().status == 200)
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
