import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IPCaseDomain
import Synchronization
import Logging
import Testing
@testable import IPCaseServer
import PostgresNIO
import NIOCore
import NIOPosix

@Suite("HTTP basics")
struct HTTPBasicsTests {
    /// Probes mounted only in tests, to drive the shared middleware and body reader.
    struct Echo: Codable { let name: String; let count: Int }
    static let probes: [Endpoint] = [
        Endpoint(.post, "/test/echo", access: .public) { request, context in
            try .json(try await RequestBodyReader.decode(Echo.self, from: request, context: context))
        },
        Endpoint(.get, "/test/crash", access: .public) { _, _ in
            struct SecretFailure: Error { let sql = "SELECT password FROM users" }
            throw SecretFailure()
        },
    ]

    func expectProblem(_ response: TestResponse, status: HTTPResponse.Status, kind: String, path: String) throws {
        #expect(response.status == status)
        #expect(response.headers[.contentType] == "application/problem+json")
        let body = try response.json()
        #expect(body["type"] as? String == Problem.typePrefix + kind)
        #expect(body["status"] as? Int == Int(status.code))
        #expect(body["title"] is String)
        #expect(body["detail"] is String)
        #expect(body["instance"] as? String == path)
    }

    @Test func livenessAndReadinessAnswerJSON() async throws {
        try await TestApp.run { client, _ in
            let live = try await client.execute(uri: "/health/live", method: .get)
            #expect(live.status == .ok)
            #expect(try live.json()["status"] as? String == "live")
            let ready = try await client.execute(uri: "/health/ready", method: .get)
            #expect(ready.status == .ok)
            #expect(ready.headers[.contentType] == "application/json")
            #expect(try ready.json()["status"] as? String == "ready")
        }
    }

    @Test func readinessIs503WhileAMigrationIsPending() async throws {
        try await TestApp.run { client, database in
            try await TestPostgres.shared.asOwner(database) { owner in
                try await owner.query("DELETE FROM schema_migrations WHERE version = 1", logger: TestPostgres.logger)
            }
            let ready = try await client.execute(uri: "/health/ready", method: .get)
            try expectProblem(ready, status: .serviceUnavailable, kind: "unavailable", path: "/health/ready")
        }
    }

    @Test func unknownRouteIs404Problem() async throws {
        try await TestApp.run { client, _ in
            let response = try await client.execute(uri: "/nope", method: .get)
            try expectProblem(response, status: .notFound, kind: "not-found", path: "/nope")
        }
    }

    @Test func wrongMethodIs405WithAllow() async throws {
        try await TestApp.run { client, _ in
            let response = try await client.execute(uri: "/health/live", method: .delete)
            try expectProblem(response, status: .methodNotAllowed, kind: "method-not-allowed", path: "/health/live")
            #expect(response.headers[.allow] == "GET")
        }
    }

    @Test func malformedJSONIs400() async throws {
        try await TestApp.run(extraEndpoints: Self.probes) { client, _ in
            let response = try await client.execute(
                uri: "/test/echo", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: "{\"name\": "))
            try expectProblem(response, status: .badRequest, kind: "malformed-json", path: "/test/echo")
        }
    }

    @Test func invalidFieldIs422NamingTheField() async throws {
        try await TestApp.run(extraEndpoints: Self.probes) { client, _ in
            // Asked in English: the message is "必填" in the default zh-CN.
            let missing = try await client.execute(
                uri: "/test/echo", method: .post, headers: [.contentType: "application/json", .acceptLanguage: "en"],
                body: ByteBuffer(string: #"{"name": "a"}"#))
            try expectProblem(missing, status: .unprocessableContent, kind: "validation", path: "/test/echo")
            let errors = try missing.json()["errors"] as? [[String: String]]
            #expect(errors == [["field": "count", "message": "is required"]])

            let wrongType = try await client.execute(
                uri: "/test/echo", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"name": "a", "count": "two"}"#))
            #expect((try wrongType.json()["errors"] as? [[String: String]])?.first?["field"] == "count")

            let fine = try await client.execute(
                uri: "/test/echo", method: .post, headers: [.contentType: "application/json; charset=utf-8"],
                body: ByteBuffer(string: #"{"name": "a", "count": 2}"#))
            #expect(fine.status == .ok)
        }
    }

    @Test func wrongContentTypeIs415() async throws {
        try await TestApp.run(extraEndpoints: Self.probes) { client, _ in
            let response = try await client.execute(
                uri: "/test/echo", method: .post, headers: [.contentType: "text/plain"], body: ByteBuffer(string: "hi"))
            try expectProblem(response, status: .unsupportedMediaType, kind: "unsupported-media-type", path: "/test/echo")
        }
    }

    @Test func bodyOverTheLimitIs413() async throws {
        try await TestApp.run(configure: { $0.maxBodySize = 1024 }, extraEndpoints: Self.probes) { client, _ in
            let big = #"{"name": ""# + String(repeating: "x", count: 2048) + #"", "count": 1}"#
            let response = try await client.execute(
                uri: "/test/echo", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: big))
            try expectProblem(response, status: .contentTooLarge, kind: "body-too-large", path: "/test/echo")
        }
    }

    @Test func oversizedHeadsGet431AndLongURIs414AsProblems() async throws {
        try await TestApp.run { client, _ in
            let port = try #require(client.port)
            // Sent on a connection of its own: the server answers and closes it, as there is no request to go on with.
            let fields = (0..<(RequestHeadLimits.maxHeaderFields + 20)).map { "X-Filler-\($0): 1\r\n" }.joined()
            let tooMany = try await Self.exchange("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\(fields)\r\n", port: port)
            #expect(tooMany.hasPrefix("HTTP/1.1 431"), "\(tooMany.prefix(200))")
            #expect(tooMany.contains("Content-Type: application/problem+json"))
            #expect(tooMany.contains(#""type":"urn:ipcase:problem:headers-too-large""#))

            let huge = "X-Huge: " + String(repeating: "a", count: RequestHeadLimits.maxFieldBytes + 1024) + "\r\n"
            let tooLarge = try await Self.exchange("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\(huge)\r\n", port: port)
            #expect(tooLarge.hasPrefix("HTTP/1.1 431"), "\(tooLarge.prefix(200))")
            #expect(tooLarge.contains(#""status":431"#))

            let long = "/health/live?pad=" + String(repeating: "b", count: RequestHeadLimits.maxURIBytes)
            let tooLong = try await client.execute(uri: long, method: .get, headers: [.acceptLanguage: "en"])
            try expectProblem(tooLong, status: .uriTooLong, kind: "uri-too-long", path: "/health/live")

            // Within the limits all is as usual.
            #expect(try await client.execute(uri: "/health/live", method: .get).status == .ok)
        }
    }

    /// Writes `request` as it is and reads everything until the server closes the connection.
    static func exchange(_ request: String, port: Int) async throws -> String {
        final class Collector: ChannelInboundHandler, @unchecked Sendable {
            typealias InboundIn = ByteBuffer
            var received = ByteBuffer()
            let done: EventLoopPromise<String>
            init(done: EventLoopPromise<String>) { self.done = done }
            func channelRead(context: ChannelHandlerContext, data: NIOAny) {
                var buffer = unwrapInboundIn(data)
                received.writeBuffer(&buffer)
            }
            func channelInactive(context: ChannelHandlerContext) { done.succeed(String(buffer: received)) }
            func errorCaught(context: ChannelHandlerContext, error: any Error) { context.close(promise: nil) }
        }
        let group = MultiThreadedEventLoopGroup.singleton
        let done = group.next().makePromise(of: String.self)
        let channel = try await ClientBootstrap(group: group)
            .channelInitializer { channel in channel.pipeline.addHandler(Collector(done: done)) }
            .connect(host: "127.0.0.1", port: port).get()
        // The server may answer and close before the whole request is written; what it answered still counts.
        try? await channel.writeAndFlush(ByteBuffer(string: request)).get()
        let watchdog = group.next().scheduleTask(in: .seconds(10)) { channel.close(promise: nil) }
        defer { watchdog.cancel() }
        return try await done.futureResult.get()
    }

    @Test func internalErrorsShowNoDetail() async throws {
        try await TestApp.run(extraEndpoints: Self.probes) { client, _ in
            let response = try await client.execute(uri: "/test/crash", method: .get)
            try expectProblem(response, status: .internalServerError, kind: "internal", path: "/test/crash")
            #expect(!response.text.contains("SELECT"))
            #expect(!response.text.contains("SecretFailure"))
        }
    }

    @Test func requestIDIsEchoedWhenWellFormedAndReplacedOtherwise() async throws {
        try await TestApp.run { client, _ in
            let own = try await client.execute(uri: "/health/live", method: .get, headers: [.requestID: "abc-123"])
            #expect(own.headers[.requestID] == "abc-123")

            let bad = try await client.execute(uri: "/nope", method: .get, headers: [.requestID: "bad id!<script>"])
            let generated = try #require(bad.headers[.requestID])
            #expect(generated != "bad id!<script>")
            #expect(RequestIDMiddleware.isWellFormed(generated))

            let none = try await client.execute(uri: "/health/live", method: .get)
            #expect(none.headers[.requestID].map(RequestIDMiddleware.isWellFormed) == true)
        }
    }

    @Test func openAPIDocumentIsServed() async throws {
        try await TestApp.run { client, _ in
            let response = try await client.execute(uri: "/openapi.yaml", method: .get)
            #expect(response.status == .ok)
            #expect(response.text.hasPrefix("openapi: 3.1"))
        }
    }
}

/// A request half sent (headers never finished) holds its connection only until the idle timeout.
@Suite("Connection timeouts")
struct ConnectionTimeoutTests {
    /// Collects what the server sends and notes when it closes the connection.
    final class Watcher: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        let closed: EventLoopPromise<Void>
        init(closed: EventLoopPromise<Void>) { self.closed = closed }
        func channelInactive(context: ChannelHandlerContext) { closed.succeed(()) }
    }

    @Test("a connection that stops sending mid-request is closed after the idle timeout")
    func halfSentRequestIsClosed() async throws {
        try await TestApp.run(configure: { $0.idleTimeout = .seconds(1) }) { client, _ in
            let port = try #require(client.port)
            let group = MultiThreadedEventLoopGroup.singleton
            let closed = group.next().makePromise(of: Void.self)
            let channel = try await ClientBootstrap(group: group)
                .channelInitializer { channel in channel.pipeline.addHandler(Watcher(closed: closed)) }
                .connect(host: "127.0.0.1", port: port).get()
            let started = ContinuousClock.now
            // On a loaded machine the server may close the idle connection before this write: either way it is closed.
            try? await channel.writeAndFlush(ByteBuffer(string: "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")).get()
            // Closed by the server within the timeout and a margin, not held open.
            let watchdog = group.next().scheduleTask(in: .seconds(10)) { closed.fail(ChannelError.alreadyClosed) }
            try await closed.futureResult.get()
            watchdog.cancel()
            #expect(ContinuousClock.now - started < .seconds(8))
        }
    }
}

@Suite("Access log")
struct AccessLogTests {
    /// Every line logged at info or above, with its metadata.
    final class Lines: Sendable {
        let lines = Mutex<[(message: String, metadata: Logger.Metadata)]>([])
    }

    /// A value, as a log handler must be: each logger's metadata is its own, the lines are shared.
    struct Recorder: LogHandler {
        let store: Lines
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .info
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            store.lines.withLock { $0.append((event.message.description, merged)) }
        }
    }

    @Test("each access line carries one request id, and the user and organisation ids of a signed-in caller")
    func accessLinesNameTheCaller() async throws {
        let recorder = Lines()
        let logger = Logger(label: "ipcase.tests.access") { _ in Recorder(store: recorder) }
        try await TestApp.run(logger: logger) { client, database in
            try await Accounts.seed(database)
            let token = try await client.token(Accounts.alice)
            let me = try await client.call(.get, "/v1/me", token: token)
            let userId = try #require(try me.json()["id"] as? String).lowercased()
            let requestId = try #require(me.headers[.requestID])
            let line = try #require(recorder.lines.withLock { lines in
                lines.last { $0.message == "request" && $0.metadata["path"]?.description == "/v1/me" }
            })
            #expect(line.metadata["request_id"]?.description == requestId)
            #expect(line.metadata["hb.request.id"] == nil, "one request id per line")
            #expect(line.metadata["user_id"]?.description == userId)
            #expect(line.metadata["organization_id"] != nil)
            // Nobody signed in, nobody named.
            _ = try await client.execute(uri: "/health/live", method: .get)
            let anonymous = try #require(recorder.lines.withLock { lines in
                lines.last { $0.message == "request" && $0.metadata["path"]?.description == "/health/live" }
            })
            #expect(anonymous.metadata["user_id"] == nil)
        }
    }
}

@Suite("HEAD and private caching")
struct HeadAndCachingTests {
    @Test("HEAD answers every GET route without a body; signed-in answers are not cached")
    func headAndNoStore() async throws {
        try await TestApp.run { client, database in
            try await Accounts.seed(database)
            let live = try await client.execute(uri: "/health/live", method: .head)
            #expect(live.status == .ok)
            #expect(live.body.readableBytes == 0)
            let token = try await client.token(Accounts.alice)
            let me = try await client.call(.head, "/v1/me", token: token)
            #expect(me.status == .ok && me.body.readableBytes == 0)
            #expect(me.headers[.cacheControl] == "no-store")
            let get = try await client.call(.get, "/v1/me", token: token)
            #expect(get.headers[.cacheControl] == "no-store")
            #expect(try await client.call(.head, "/v1/me", token: nil).status == .unauthorized)
        }
    }
}

@Suite("Metrics")
struct MetricsTests {
    @Test("/metrics counts requests by route template and status, and refused logins; only loopback and the configured scrapers read it")
    func prometheusText() async throws {
        try await TestApp.run(configure: {
            $0.trustedProxies = ["127.0.0.1", "::1"]
            $0.metricsFrom = ["192.0.2.7"]
            $0.loginThrottlePerAccount = LoginThrottle(maximumFailures: 1, window: 900)
        }) { client, database in
            try await Accounts.seed(database)
            _ = try await client.execute(uri: "/health/live", method: .get)
            let token = try await client.token(Accounts.alice)
            _ = try await client.call(.get, "/v1/cases/\(UUID().uuidString)", token: token)
            _ = try await client.call(.get, "/v1/cases", token: token)
            // An enterprise may not manage users: one denial.
            #expect(try await client.call(.get, "/v1/admin/api-tokens", token: token).status == .forbidden)
            _ = try await client.login(Accounts.bob, password: "wrong password!!")
            _ = try await client.login(Accounts.bob, password: "wrong password!!")
            let scraped = try await client.execute(uri: "/metrics", method: .get)
            #expect(scraped.status == .ok)
            #expect(scraped.headers[.contentType]?.hasPrefix("text/plain") == true)
            let text = String(buffer: scraped.body)
            #expect(text.contains(#"ipcase_http_requests_total{route="/health/live",method="GET",status="200"} 1"#))
            // The template, never the id.
            #expect(text.contains(#"route="/v1/cases/{id}",method="GET",status="404""#))
            #expect(text.contains("ipcase_http_request_duration_seconds_bucket"))
            #expect(text.contains(#"ipcase_attempts_refused_total{kind="login"} 1"#))
            // Read as they are at the scrape: nothing uploading, the database here, nothing waiting but the scrape itself.
            #expect(text.contains("ipcase_uploads_in_flight 0"))
            #expect(text.contains("ipcase_database_away 0"))
            #expect(text.contains("ipcase_database_statements_in_progress "))
            #expect(text.contains("ipcase_database_statements_waiting "))
            #expect(text.contains("ipcase_database_connections_maximum 5.0"))
            #expect(text.contains("ipcase_database_wait_seconds_count "))
            #expect(!text.contains("ipcase_database_wait_seconds_count 0"))
            #expect(text.contains(#"ipcase_policy_decisions_total{effect="permitted"} "#))
            #expect(text.contains(#"ipcase_policy_decisions_total{effect="not_permitted"} 1"#))
            // A stranger (here a client forwarded by the trusted proxy) gets 404; a configured scraper gets the text.
            let stranger = try await client.execute(uri: "/metrics", method: .get, headers: [HTTPField.Name("X-Forwarded-For")!: "203.0.113.5"])
            #expect(stranger.status == .notFound)
            let scraper = try await client.execute(uri: "/metrics", method: .get, headers: [HTTPField.Name("X-Forwarded-For")!: "192.0.2.7"])
            #expect(scraper.status == .ok)
        }
    }
}
