import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import NIOPosix
import PostgresNIO
import Synchronization
import Testing
@testable import IPCaseServer

#if canImport(Glibc)
import Glibc
#endif

/// Two `ipcase serve` processes on one database, as behind a load balancer: what must happen once happens
/// once, whichever instance a request reaches.
@Suite("Several instances on one database")
struct SeveralInstancesTests {
    typealias W = CaseWorld

    /// The `ipcase` binary this test run was built with, beside the test bundle.
    static var binary: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("ipcase").path
    }

    /// One `ipcase serve` of its own, on a free loopback port, its output in a file.
    final class ServeProcess: Sendable {
        let process: SystemCommand.Started
        let port: Int
        let log: String
        private let stopped = Mutex(false)

        init(environment: [String: String], log: String) async throws {
            let probe = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
            port = probe.localAddress!.port!
            try await probe.close()
            self.log = log
            var environment = environment
            environment["IPCASE_PORT"] = String(port)
            process = try SystemCommand(executable: SeveralInstancesTests.binary, arguments: ["serve"], environment: environment)
                .start(outputTo: log)
        }

        /// Waits until the instance says it is ready.
        func ready() async throws {
            for _ in 0..<600 {
                if let status = try? await SeveralInstancesTests.send(.init("/health/ready", method: .get), to: port).status,
                   status == .ok { return }
                try await Task.sleep(for: .milliseconds(100))
            }
            throw TestFailure("instance on \(port) never became ready: \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
        }

        func stop() {
            guard !stopped.withLock({ was in defer { was = true }; return was }) else { return }
            kill(process.pid, SIGTERM)
            _ = process.wait()
        }
    }

    /// One request on a connection of its own, so that requests sent at once are served at once.
    static func send(_ request: TestClient.Request, to port: Int) async throws -> TestClient.Response {
        try await TestClient.withClient(host: "127.0.0.1", port: port, configuration: .init(timeout: .seconds(60))) { client in
            try await client.execute(request)
        }
    }

    @Test("the same If-Match race, one Idempotency-Key and a due timer across two instances: each happens exactly once")
    func twoInstancesOneDatabase() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "build the ipcase product with the tests")
        let owner = try await TestPostgres.shared.makeDatabase(.world)
        let service = try await TestPostgres.shared.asService(owner)
        try #require(service.username == DatabaseAdministration.serviceRole, "needs the throwaway cluster")
        let socketFolder = try #require(owner.unixSocketPath.map { ($0 as NSString).deletingLastPathComponent })
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ipcase-instances-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let environment = [
            "DATABASE_URL": "postgres:///\(owner.database!)?host=\(socketFolder)&user=\(DatabaseAdministration.serviceRole)",
            "IPCASE_MIGRATION_DATABASE_URL": "postgres:///\(owner.database!)?host=\(socketFolder)&user=\(owner.username)",
            "IPCASE_HOME": TestPostgres.projectFiles.root.path,
            "IPCASE_DATA_DIR": folder.path,
            "IPCASE_TIMER_INTERVAL_SECONDS": "1",
            "IPCASE_LOG_LEVEL": "warning",
        ]
        let a = try await ServeProcess(environment: environment, log: folder.appendingPathComponent("a.log").path)
        defer { a.stop() }
        let b = try await ServeProcess(environment: environment, log: folder.appendingPathComponent("b.log").path)
        defer { b.stop() }
        try await a.ready()
        try await b.ready()
        let ports = [a.port, b.port]

        func token(_ email: String, at port: Int) async throws -> String {
            let response = try await Self.send(
                .init("/v1/auth/login", method: .post, headers: [.contentType: "application/json"],
                      body: ByteBuffer(string: #"{"email":"\#(email)","password":"\#(Accounts.password)"}"#)), to: port)
            let json = try JSONSerialization.jsonObject(with: Data((response.body ?? ByteBuffer()).readableBytesView)) as? [String: Any]
            return try #require(json?["token"] as? String, "login of \(email): \(response.status)")
        }
        // A session made on one instance is good on the other.
        let complainant = try await token(W.complainant, at: a.port)
        let mediator = try await token(W.mediator, at: b.port)

        let bodies = try await Database.withScoped(owner, logger: TestPostgres.logger) { database in
            try await database.query("SELECT id FROM organizations WHERE name = 'Mediation Body'", logger: TestPostgres.logger)
                .decode(UUID.self).reduce(into: [UUID]()) { $0.append($1) }
        }
        let filing = W.filingJSON(mediationBodyId: try #require(bodies.first).uuidString.lowercased())

        // One Idempotency-Key, ten requests at once, half to each instance: one case.
        let filed = try await withThrowingTaskGroup(of: (Int, String?).self) { group in
            for index in 0..<10 {
                group.addTask {
                    let response = try await Self.send(
                        .init("/v1/cases", method: .post,
                              headers: [.authorization: "Bearer \(complainant)", .contentType: "application/json",
                                        IdempotencyKeys.header: "several-instances-1"],
                              body: ByteBuffer(string: filing)), to: ports[index % 2])
                    let json = try? JSONSerialization.jsonObject(with: Data((response.body ?? ByteBuffer()).readableBytesView)) as? [String: Any]
                    return (Int(response.status.code), json?["id"] as? String)
                }
            }
            return try await group.reduce(into: [(Int, String?)]()) { $0.append($1) }
        }
        let ids = Set(filed.compactMap { $0.1?.lowercased() })
        #expect(ids.count == 1, "\(filed)")
        #expect(filed.allSatisfy { $0.0 == 201 }, "every replay gets the one filing's answer: \(filed)")
        let caseId = try #require(ids.first)
        let cases = try await Database.withScoped(owner, logger: TestPostgres.logger) { database in
            try await database.query("SELECT count(*)::int FROM cases", logger: TestPostgres.logger).decode(Int.self).reduce(0) { $1 }
        }
        #expect(cases == 1)

        // Twenty transitions with the same If-Match at once, half to each instance: one succeeds.
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<20 {
                group.addTask {
                    Int(try await Self.send(
                        .init("/v1/cases/\(caseId)/transitions", method: .post,
                              headers: [.authorization: "Bearer \(mediator)", .contentType: "application/json", .ifMatch: "\"1\""],
                              body: ByteBuffer(string: #"{"action":"accept"}"#)), to: ports[index % 2]).status.code)
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses.filter { $0 == 200 }.count == 1, "\(statuses)")
        #expect(statuses.filter { $0 == 412 }.count == 19, "\(statuses)")

        // The respondent's reply deadline falls due now; both instances' schedulers look every second.
        let caseUUID = try #require(UUID(uuidString: caseId))
        let silent = try await Database.withScoped(owner, logger: TestPostgres.logger) { database in
            // As if the fifteen days had passed: the deadline's day in the case, and its timer's time.
            try await database.query(
                """
                UPDATE cases SET snapshot = jsonb_set(snapshot, '{deadlines}',
                    (SELECT jsonb_agg(jsonb_set(d, '{dueOn}', '"2020-01-01"')) FROM jsonb_array_elements(snapshot->'deadlines') d))
                WHERE id = \(caseUUID)
                """, logger: TestPostgres.logger)
            try await database.query(
                "UPDATE timers SET fires_at = now() - interval '1 second' WHERE subject_id = \(caseUUID) AND fired_at IS NULL AND cancelled_at IS NULL",
                logger: TestPostgres.logger)
            var count = 0
            for _ in 0..<200 {
                count = try await database.query(
                    "SELECT count(*)::int FROM events WHERE subject_id = \(caseUUID) AND action = 'respondentSilent'",
                    logger: TestPostgres.logger
                ).decode(Int.self).reduce(0) { $1 }
                if count > 0 { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            // A few more rounds of both schedulers, in which a second firing would show.
            try await Task.sleep(for: .seconds(3))
            return try await database.query(
                "SELECT count(*)::int FROM events WHERE subject_id = \(caseUUID) AND action = 'respondentSilent'",
                logger: TestPostgres.logger
            ).decode(Int.self).reduce(0) { $1 }
        }
        #expect(silent == 1, "the deadline fired \(silent) times")
        a.stop()
        b.stop()
        try await TestPostgres.shared.dropDatabase(owner)
    }
}
