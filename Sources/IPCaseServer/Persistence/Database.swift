public import Logging
public import PostgresNIO
public import ServiceLifecycle
import NIOCore
import NIOPosix
import Synchronization

/// The service's PostgreSQL: a connection pool that says "unavailable" at once while the database is away,
/// instead of holding each request through the pool's back-off, and serves again as soon as it is back.
///
/// A watcher looks a few times a second, without I/O, for signs of trouble: a statement waiting longer than
/// `suspicionAfter` while no other has had an answer meanwhile, or a connection that failed. Only then does it check PostgreSQL itself, below SQL (see
/// `Probe`). When the server refuses (it is stopped, the host is down), or nothing at all, neither the
/// check nor any request, has answered for
/// `silenceLimit` (a partition, a hung server), every request waiting for a connection is failed and every new
/// one fails at once with `DatabaseUnavailable` (503 with `Retry-After` to a client) until a check answers
/// again. The pool is then a fresh one: postgres-nio's pool backs off up to a minute between attempts after a
/// long outage, and a fresh pool connects on its first request.
///
/// A server that is merely slow or full (a saturated machine, all connections taken) is not away: its socket
/// accepts and requests still complete; cutting its connections would only lose work. And a healthy database
/// costs the watcher nothing: no connection of its own, no query.
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

        /// A statement still waiting after this long is a reason to check on the database.
        var suspicionAfter: Duration { min(outageWait / 4, .milliseconds(500)) }
        /// How often the watcher looks: often enough that a refusing socket is seen well within `outageWait`.
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
        /// When each statement now in progress began, by a number of its own.
        var inProgress: [Int: ContinuousClock.Instant] = [:]
        /// Those of them still waiting: for a connection, or for a plain query's first answer.
        var waiting: Set<Int> = []
        var nextNumber = 0
        /// The last sign that the database works: a statement that completed, or a check that was answered.
        var lastSignOfLife = ContinuousClock.now
        /// A check of the database is under way.
        var checking = false
    }

    /// A `PostgresClient` and the task that runs it; cancelling the task closes its connections and fails its waiters.
    private struct Pool {
        let client: PostgresClient
        var task: Task<Void, Never>?
    }

    public init(configuration: PostgresClient.Configuration, logger: Logger, timing: Timing = Timing()) {
        // The pool's own connect timeout stays long: on a saturated machine a connection may take seconds to
        // open, and the watcher, not the pool, decides when the database is away.
        self.configuration = configuration
        self.timing = timing
        self.logger = logger
        state = Mutex(State(pool: Pool(client: PostgresClient(configuration: configuration, backgroundLogger: Self.poolLogger(logger)))))
    }

    /// The pool's own log: errors only. Each failed connection attempt is not news; the watcher says once, at
    /// `error`, that the database is away and why, and once that it is back.
    private static func poolLogger(_ logger: Logger) -> Logger {
        var quiet = logger
        quiet.logLevel = max(logger.logLevel, .error)
        return quiet
    }

    /// Where the database is, for messages: `host:port` or the socket's path.
    public var location: String {
        configuration.unixSocketPath ?? "\(configuration.host ?? "?"):\(configuration.port ?? 5432)"
    }

    /// Statements waiting for a connection or running now, for `/metrics`.
    public var inProgress: Int { state.withLock { $0.inProgress.count } }
    /// Those still waiting for a connection (or, for a plain query, its first answer), for `/metrics`.
    public var waiting: Int { state.withLock { $0.waiting.count } }
    /// The most connections the pool opens, for `/metrics`.
    public var maximumConnections: Int { configuration.options.maximumConnections }
    /// Whether the database is taken to be away, for `/metrics`.
    public var isAway: Bool { state.withLock { $0.outage != nil } }
    /// Told how long each statement waited, for `/metrics`. postgres-nio keeps its pool's own figures
    /// internal, so the wait is measured from this side of the pool.
    private let waitObserver = Mutex<WaitObserver?>(nil)

    public func observeWaits(_ observer: @escaping @Sendable (Duration) -> Void) {
        waitObserver.withLock { $0 = WaitObserver(observe: observer) }
    }

    /// The observer in a box. A closure held in a `Mutex` directly is re-abstracted on every `withLock`, which
    /// wraps it in two more thunks each time (`Value` is generic, `$0` is inout and written back): after a
    /// million statements, calling it walked a million thunks and took most of the server's CPU.
    private final class WaitObserver: Sendable {
        let observe: @Sendable (Duration) -> Void
        init(observe: @escaping @Sendable (Duration) -> Void) { self.observe = observe }
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

    /// Looks for trouble until cancelled, and checks on the database while there is some.
    private func watch() async {
        while !Task.isCancelled {
            let (away, suspicious) = state.withLock { state in
                // Someone has waited a while, and meanwhile the database has said nothing to anyone. A busy
                // database that keeps answering others is not suspected, and costs no check.
                let threshold = ContinuousClock.now - timing.suspicionAfter
                let waiting = state.inProgress.values.contains { $0 < threshold }
                return (state.outage != nil, waiting && state.lastSignOfLife < threshold)
            }
            if away || suspicious { await check() }
            try? await Task.sleep(for: away ? timing.probeInterval / 2 : timing.probeInterval)
        }
    }

    /// Asks the database once, on a probe of its own (no back-off of an earlier attempt reads as more
    /// silence), and opens or closes the gate by the answer. One check at a time.
    private func check() async {
        let lastSignOfLife: ContinuousClock.Instant? = state.withLock { state in
            guard !state.checking else { return nil }
            state.checking = true
            return state.lastSignOfLife
        }
        guard let lastSignOfLife else { return }
        let answer = await Probe(configuration: configuration).ask(within: timing.probeTimeout)
        switch answer {
        case .answered:
            state.withLock { $0.lastSignOfLife = .now }
            recovered()
        case .refused(let reason):
            wentAway(reason: reason)
        case .silent(let reason):
            if lastSignOfLife.duration(to: .now) >= timing.silenceLimit { wentAway(reason: reason) }
        }
        state.withLock { $0.checking = false }
    }

    private func wentAway(reason: String) {
        let replaced: Task<Void, Never>? = state.withLock { state in
            guard state.outage == nil else { return nil }
            state.outage = DatabaseUnavailable(
                location: location, reason: reason, retryAfterSeconds: timing.retryAfterSeconds)
            // Fail whoever waits on the old pool now, rather than after its back-off.
            let old = state.pool.task
            let client = PostgresClient(configuration: configuration, backgroundLogger: Self.poolLogger(logger))
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

    /// The pool to use and the number of the statement about to begin, or `DatabaseUnavailable` at once.
    private func begin() throws -> (PostgresClient, Int) {
        try state.withLock { state in
            if let outage = state.outage { throw outage }
            state.nextNumber += 1
            state.inProgress[state.nextNumber] = .now
            state.waiting.insert(state.nextNumber)
            return (state.pool.client, state.nextNumber)
        }
    }

    /// The statement has its connection (or its first answer): it waits no longer.
    private func served(_ number: Int) {
        let began: ContinuousClock.Instant? = state.withLock { state in
            guard state.waiting.remove(number) != nil else { return nil }
            return state.inProgress[number]
        }
        guard let began, let observer = waitObserver.withLock({ $0 }) else { return }
        observer.observe(.now - began)
    }

    /// The statement is over; if it got an answer, the database lives.
    private func end(_ number: Int, answered: Bool) {
        state.withLock { state in
            state.inProgress[number] = nil
            state.waiting.remove(number)
            if answered { state.lastSignOfLife = .now }
        }
    }

    /// A failure of the connection itself (not of the statement): the database may be away.
    private static func isConnectionFailure(_ error: any Error) -> Bool {
        switch error {
        case is DatabaseUnavailable:
            return true
        case _ where String(reflecting: type(of: error)).hasSuffix("ConnectionPoolError"):
            // postgres-nio does not export the pool's module; its errors (circuit breaker, shutdown) are all of this kind.
            return true
        case let error as PSQLError:
            return [.connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed]
                .contains(error.code)
        default:
            return false
        }
    }

    /// A connection failure becomes `DatabaseUnavailable` (503), and tells the watcher to look now.
    private func translated(_ error: any Error) -> any Error {
        guard !(error is DatabaseUnavailable), Self.isConnectionFailure(error) else { return error }
        // A connection failed: check now, rather than at the watcher's next look.
        Task { await self.check() }
        return state.withLock { $0.outage } ?? DatabaseUnavailable(
            location: location, reason: String(describing: error), retryAfterSeconds: timing.retryAfterSeconds)
    }

    @discardableResult
    public func query(
        _ query: PostgresQuery, logger: Logger? = nil, file: String = #fileID, line: Int = #line
    ) async throws -> PostgresRowSequence {
        try await statement { try await $0.query(query, logger: logger, file: file, line: line) }
    }

    /// A statement prepared once per connection and executed by name from then on: PostgreSQL neither parses
    /// nor plans it again, which for short statements costs more than running them.
    public func execute<Statement: PostgresPreparedStatement>(
        _ statement: Statement, logger: Logger? = nil, file: String = #fileID, line: Int = #line
    ) async throws -> AsyncThrowingMapSequence<PostgresRowSequence, Statement.Row> {
        try await self.statement { try await $0.execute(statement, logger: logger, file: file, line: line) }
    }

    /// One statement on the pool, watched: counted while it waits and runs, its connection failures translated.
    private func statement<Rows>(_ send: (PostgresClient) async throws -> Rows) async throws -> Rows {
        let (client, number) = try begin()
        do {
            let rows = try await send(client)
            served(number)
            end(number, answered: true)
            return rows
        } catch {
            end(number, answered: !Self.isConnectionFailure(error))
            throw translated(error)
        }
    }

    public func withConnection<Result>(
        isolation: isolated (any Actor)? = #isolation,
        _ closure: (PostgresConnection) async throws -> sending Result
    ) async throws -> sending Result {
        let (client, number) = try begin()
        do {
            let result = try await client.withConnection(isolation: isolation) { connection in
                served(number)
                return try await closure(connection)
            }
            end(number, answered: true)
            return result
        } catch {
            end(number, answered: !Self.isConnectionFailure(error))
            throw translated(error)
        }
    }

    /// One transaction: commits when `body` returns, rolls back when it throws. The error `body` threw
    /// comes out unwrapped, so a `Problem` raised inside (412, 409…) reaches the client as itself.
    func transaction<Result: Sendable>(
        logger: Logger, _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        let (client, number) = try begin()
        do {
            let result = try await client.withTransaction(logger: logger) { connection in
                served(number)
                return try await body(connection)
            }
            end(number, answered: true)
            return result
        } catch let error as PostgresTransactionError {
            let cause = error.closureError ?? error.rollbackError ?? error.commitError ?? error.beginError ?? error
            end(number, answered: !Self.isConnectionFailure(cause))
            throw translated(cause)
        } catch {
            end(number, answered: !Self.isConnectionFailure(error))
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

/// Asks the server whether it is there at all, below SQL: connect to its socket and send the 8-byte
/// `SSLRequest` of PostgreSQL's protocol, which the server answers with one byte (`S` or `N`) before it
/// looks at who is asking or whether a connection slot is free. So a server that is full or slow still
/// counts as there, a stopped one refuses at once, and a partitioned one stays silent.
private struct Probe: Sendable {
    let configuration: PostgresClient.Configuration

    enum Answer { case answered, refused(reason: String), silent(reason: String) }

    func ask(within timeout: Duration) async -> Answer {
        let nanoseconds = Int64(timeout.components.seconds) * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000
        let group = MultiThreadedEventLoopGroup.singleton
        let answered = OnceAnswer(group.next().makePromise(of: Answer.self))
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(.nanoseconds(nanoseconds))
            .channelInitializer { channel in channel.pipeline.addHandler(FirstByte(answered: answered)) }
        let channel: any Channel
        do {
            if let path = configuration.unixSocketPath {
                channel = try await bootstrap.connect(unixDomainSocketPath: path).get()
            } else {
                channel = try await bootstrap.connect(host: configuration.host ?? "localhost", port: configuration.port ?? 5432).get()
            }
        } catch {
            let answer: Answer = if case ChannelError.connectTimeout = error {
                .silent(reason: "no connection within \(timeout)")
            } else {
                .refused(reason: String(describing: error))
            }
            answered.resolve(answer)  // a promise is always kept, even one nobody waits for
            return answer
        }
        let deadline = group.next().scheduleTask(in: .nanoseconds(nanoseconds)) {
            answered.resolve(.silent(reason: "no answer within \(timeout)"))
        }
        // Int32 length 8, then the SSLRequest code 80877103.
        var request = channel.allocator.buffer(capacity: 8)
        request.writeInteger(Int32(8))
        request.writeInteger(Int32(80_877_103))
        channel.writeAndFlush(request, promise: nil)
        let answer = (try? await answered.promise.futureResult.get()) ?? .silent(reason: "no answer")
        deadline.cancel()
        try? await channel.close()
        return answer
    }

    /// The first of the byte, the hang-up and the deadline decides.
    private final class OnceAnswer: Sendable {
        let promise: EventLoopPromise<Answer>
        private let decided = Mutex(false)
        init(_ promise: EventLoopPromise<Answer>) { self.promise = promise }

        func resolve(_ answer: Answer) {
            let first = decided.withLock { decided in
                defer { decided = true }
                return !decided
            }
            if first { promise.succeed(answer) }
        }
    }

    /// `answered` at the first byte, `refused` if the server hangs up without one.
    private final class FirstByte: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let answered: OnceAnswer
        init(answered: OnceAnswer) { self.answered = answered }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) { answered.resolve(.answered) }
        func channelInactive(context: ChannelHandlerContext) {
            answered.resolve(.refused(reason: "the server closed the connection without answering"))
        }
        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            answered.resolve(.refused(reason: String(describing: error)))
            context.close(promise: nil)
        }
    }
}
