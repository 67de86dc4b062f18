public import Logging
public import PostgresNIO
public import ServiceLifecycle
import NIOCore
import NIOPosix
import Synchronization

/// The service's PostgreSQL: a connection pool that says "unavailable" at once while the database is away,
/// instead of holding each request through the pool's back-off, and serves again as soon as it is back.
///
/// A watcher checks PostgreSQL a few times a second: can its socket be reached, and does `SELECT 1` answer
/// on a connection apart from the pool's? When the socket refuses (the server is stopped, the host is down),
/// or nothing has answered for `silenceLimit` (a partition, a hung server), every request waiting for a
/// connection is failed and every new one fails at once with `DatabaseUnavailable` (503 with `Retry-After` to a
/// client), until an answer comes again. The pool is then a fresh one: postgres-nio's pool backs off up to a
/// minute between attempts after a long outage, and a fresh pool connects on its first request.
///
/// A server that is merely slow (a saturated machine) is not away: its socket accepts, and it answers
/// within `silenceLimit`; cutting its connections would only lose work.
///
/// Everything else reads like `PostgresClient`: `query`, `withConnection` and `transaction`.
public final class Database: Service, Sendable {
    public let configuration: PostgresClient.Configuration
    let timing: Timing
    private let logger: Logger
    private let state: Mutex<State>

    public struct Timing: Sendable {
        /// The longest a request waits for an absent database before it is answered 503.
        public var outageWait: Duration

        public init(outageWait: Duration = .seconds(2)) { self.outageWait = outageWait }

        /// How long a database whose socket accepts may leave `SELECT 1` unanswered before it counts as away.
        public var silenceLimit: Duration = .seconds(10)

        /// How often the watcher asks: often enough that a refusing socket is seen well within `outageWait`.
        var probeInterval: Duration { min(outageWait / 4, .milliseconds(500)) }
        /// How long one check of the socket, or one `SELECT 1`, may take.
        var probeTimeout: Duration { min(outageWait / 2, .seconds(1)) }
        /// How soon a client should try again.
        var retryAfterSeconds: Int { max(1, Int(outageWait.components.seconds)) }
    }

    private struct State {
        var pool: Pool
        /// Set while the database is away: why, and since when.
        var outage: DatabaseUnavailable?
        var running = false
    }

    /// A `PostgresClient` and the task that runs it; cancelling the task closes its connections and fails its waiters.
    private struct Pool {
        let client: PostgresClient
        var task: Task<Void, Never>?
    }

    public init(configuration: PostgresClient.Configuration, logger: Logger, timing: Timing = Timing()) {
        var configuration = configuration
        // A connection attempt never outlasts the wait a request is promised.
        configuration.options.connectTimeout = min(configuration.options.connectTimeout, timing.outageWait)
        self.configuration = configuration
        self.timing = timing
        self.logger = logger
        state = Mutex(State(pool: Pool(client: PostgresClient(configuration: configuration, backgroundLogger: logger))))
    }

    /// Where the database is, for messages: `host:port` or the socket's path.
    public var location: String {
        configuration.unixSocketPath ?? "\(configuration.host ?? "?"):\(configuration.port ?? 5432)"
    }

    // MARK: Running

    public func run() async throws {
        state.withLock { state in
            state.running = true
            state.pool.task = Self.start(state.pool.client)
        }
        await cancelWhenGracefulShutdown { await self.watch() }
        let task = state.withLock { state in
            state.running = false
            return state.pool.task
        }
        task?.cancel()
        await task?.value
    }

    private static func start(_ client: PostgresClient) -> Task<Void, Never> {
        Task { await client.run() }
    }

    /// Probes until cancelled, opening and closing the gate as the answers come and go.
    private func watch() async {
        var probe: Probe?
        var lastAnswer = ContinuousClock.now
        while !Task.isCancelled {
            if probe == nil { probe = Probe(configuration: configuration, logger: logger) }
            switch await probe!.ask(within: timing.probeTimeout) {
            case .answered:
                lastAnswer = .now
                recovered()
            case .refused(let reason):
                // A probe that failed is thrown away: the next one starts without its back-off.
                probe?.close()
                probe = nil
                wentAway(reason: reason)
            case .silent(let reason):
                // A fresh probe next time too, so that no back-off of its own pool reads as more silence.
                probe?.close()
                probe = nil
                if lastAnswer.duration(to: .now) >= timing.silenceLimit { wentAway(reason: reason) }
            }
            let away = state.withLock { $0.outage != nil }
            try? await Task.sleep(for: away ? timing.probeInterval / 2 : timing.probeInterval)
        }
        probe?.close()
    }

    private func wentAway(reason: String) {
        let replaced: Task<Void, Never>? = state.withLock { state in
            guard state.outage == nil else { return nil }
            state.outage = DatabaseUnavailable(
                location: location, reason: reason, retryAfterSeconds: timing.retryAfterSeconds)
            // Fail whoever waits on the old pool now, rather than after its back-off.
            let old = state.pool.task
            let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
            state.pool = Pool(client: client, task: state.running ? Self.start(client) : nil)
            return old
        }
        guard let replaced else { return }
        replaced.cancel()
        logger.error(
            "PostgreSQL does not answer; requests get 503 until it does",
            metadata: ["database": .string(location), "reason": .string(reason)])
    }

    private func recovered() {
        let outage = state.withLock { state in
            defer { state.outage = nil }
            return state.outage
        }
        if let outage {
            logger.notice("PostgreSQL answers again", metadata: ["database": .string(location), "away": .string(outage.reason)])
        }
    }

    // MARK: Queries

    /// The pool to use, or `DatabaseUnavailable` at once while the database is away.
    private func client() throws -> PostgresClient {
        try state.withLock { state in
            if let outage = state.outage { throw outage }
            return state.pool.client
        }
    }

    /// A failure of the connection itself (not of the statement) means the database is away.
    private func translated(_ error: any Error) -> any Error {
        if error is DatabaseUnavailable { return error }
        let connectionFailure: Bool
        switch error {
        case _ where String(reflecting: type(of: error)).hasSuffix("ConnectionPoolError"):
            // postgres-nio does not export the pool's module; its errors (circuit breaker, shutdown) are all of this kind.
            connectionFailure = true
        case let error as PSQLError:
            connectionFailure = [.connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed]
                .contains(error.code)
        default:
            connectionFailure = false
        }
        guard connectionFailure else { return error }
        return state.withLock { $0.outage } ?? DatabaseUnavailable(
            location: location, reason: String(describing: error), retryAfterSeconds: timing.retryAfterSeconds)
    }

    @discardableResult
    public func query(
        _ query: PostgresQuery, logger: Logger? = nil, file: String = #fileID, line: Int = #line
    ) async throws -> PostgresRowSequence {
        let client = try client()
        do {
            return try await client.query(query, logger: logger, file: file, line: line)
        } catch {
            throw translated(error)
        }
    }

    public func withConnection<Result>(
        isolation: isolated (any Actor)? = #isolation,
        _ closure: (PostgresConnection) async throws -> sending Result
    ) async throws -> sending Result {
        let client = try client()
        do {
            return try await client.withConnection(isolation: isolation, closure)
        } catch {
            throw translated(error)
        }
    }

    /// One transaction: commits when `body` returns, rolls back when it throws. The error `body` threw
    /// comes out unwrapped, so a `Problem` raised inside (412, 409…) reaches the client as itself.
    func transaction<Result: Sendable>(
        logger: Logger, _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        let client = try client()
        do {
            return try await client.withTransaction(logger: logger) { connection in try await body(connection) }
        } catch let error as PostgresTransactionError {
            if let inner = error.closureError { throw translated(inner) }
            throw translated(error.rollbackError ?? error.commitError ?? error.beginError ?? error)
        } catch {
            throw translated(error)
        }
    }

    /// Runs `body` with a database that lives exactly as long as the call: for commands such as `migrate`,
    /// and for set-up work before the server's own database starts.
    public static func withScoped<Result: Sendable>(
        _ configuration: PostgresClient.Configuration, logger: Logger, timing: Timing = Timing(),
        _ body: (Database) async throws -> Result
    ) async throws -> Result {
        let database = Database(configuration: configuration, logger: logger, timing: timing)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await database.run() }
            defer { group.cancelAll() }
            // Let `run()` begin before the first query, which would otherwise log a warning that it has not.
            try await Task.sleep(for: .milliseconds(20))
            return try await body(database)
        }
    }
}

/// PostgreSQL does not answer. Clients get 503 with `Retry-After`; commands print where and why.
public struct DatabaseUnavailable: Error, Sendable, CustomStringConvertible {
    public let location: String
    public let reason: String
    public let retryAfterSeconds: Int

    public var description: String { "PostgreSQL at \(location) does not answer: \(reason)" }
}

/// The watcher's own connection, apart from the pool so that a busy pool never delays it, and a plain
/// connect to the database's socket, which tells a stopped server (refused at once) from a slow one.
private struct Probe: Sendable {
    let client: PostgresClient
    let task: Task<Void, Never>
    let configuration: PostgresClient.Configuration

    enum Answer { case answered, refused(reason: String), silent(reason: String) }

    init(configuration: PostgresClient.Configuration, logger: Logger) {
        var configuration = configuration
        configuration.options.maximumConnections = 1
        configuration.options.minimumConnections = 0
        configuration.options.keepAliveBehavior = nil
        self.configuration = configuration
        // Its own failures are reported once, by the watcher, not at every back-off.
        var quiet = logger
        quiet.logLevel = .critical
        client = PostgresClient(configuration: configuration, backgroundLogger: quiet)
        let client = client
        task = Task { await client.run() }
    }

    func ask(within timeout: Duration) async -> Answer {
        let client = client
        let probe = self
        return await withTaskGroup(of: Answer?.self) { group in
            group.addTask {
                do {
                    try await client.query("SELECT 1")
                    return .answered
                } catch let error as PSQLError where error.code == .server {
                    // The server answers, and says no: a wrong password, a database that does not exist.
                    return .refused(reason: Self.reason(error))
                } catch {
                    return .silent(reason: Self.reason(error))
                }
            }
            group.addTask {
                // No answer yet: is anyone listening at all? A stopped server refuses at once.
                try? await Task.sleep(for: .milliseconds(200))
                if Task.isCancelled { return nil }
                return await probe.socketRefusal(within: timeout).map { .refused(reason: $0) }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return .silent(reason: "no answer within \(timeout)")
            }
            while let next = await group.next() {
                guard let answer = next else { continue }
                group.cancelAll()
                return answer
            }
            return .silent(reason: "no answer within \(timeout)")
        }
    }

    /// Why the database's socket cannot be connected to, or nil when it can (or the check ran out of time).
    private func socketRefusal(within timeout: Duration) async -> String? {
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000))
        do {
            let channel: any Channel
            if let path = configuration.unixSocketPath {
                channel = try await bootstrap.connect(unixDomainSocketPath: path).get()
            } else {
                channel = try await bootstrap.connect(host: configuration.host ?? "localhost", port: configuration.port ?? 5432).get()
            }
            try? await channel.close()
            return nil
        } catch let error as ChannelError {
            if case .connectTimeout = error { return nil }
            return String(describing: error)
        } catch {
            return String(describing: error)
        }
    }

    func close() { task.cancel() }

    /// The underlying cause in words: "connection refused", a missing socket, a refused password.
    private static func reason(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let server = error.serverInfo?[.message] { return server }
            if let underlying = error.underlying { return String(describing: underlying) }
            return String(describing: error.code)
        }
        return String(describing: error)
    }
}
