public import Foundation
public import IPCaseDomain
public import Logging

/// Everything the running service is told from outside: flags, environment and defaults, already resolved.
/// The CLI builds one; tests build one by hand.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// `nil` means "run the embedded cluster under `dataDirectory`".
    public var databaseURL: String?
    public var dataDirectory: URL
    public var logLevel: Logger.Level
    /// Largest request body accepted, in bytes; larger bodies get 413.
    public var maxBodySize: Int
    /// Where `Migrations/`, `Policies/` and `openapi.yaml` live.
    public var projectFiles: ProjectFiles
    public var clock: any AppClock = SystemClock()
    /// Never below OWASP's minimum for Argon2id: the server refuses to start with weaker ones.
    public var argon2: Argon2Parameters = .owaspMinimum
    public var sessionLifetime: TimeInterval = 12 * 3600
    public var sessionIdleTimeout: TimeInterval = 3600
    public var loginThrottlePerAccount: LoginThrottle = .perAccount
    public var loginThrottlePerAddress: LoginThrottle = .perAddress
    /// Largest document upload, in bytes (20 MiB unless configured).
    public var maxDocumentSize = 20 << 20
    /// Uploads that may stream in at once; more get 503 with `Retry-After` (see `UploadSlots`).
    public var maxUploadsInFlight = 8
    /// How often the deadline timers look for work; `nil` runs no scheduler (tests drive it by hand).
    public var timerInterval: Duration? = .seconds(30)
    /// How often the transparency log signs a checkpoint; `nil` signs only on demand (a receipt asked for).
    public var checkpointInterval: Duration? = .seconds(60)
    /// The file of the key that signs checkpoints; `nil` keeps (and on first start makes) one in `dataDirectory`.
    public var transparencySigningKeyFile: URL?
    /// A generated key's origin begins with this.
    public var transparencyOriginPrefix = TransparencySigningKey.defaultOriginPrefix
    /// The key that signs checkpoints, as `TransparencySigningKey.load` found or made it; `nil` (tests) signs
    /// with a key made for this process alone.
    public var transparencySigner: SignedNote.Signer?
    /// What one client address may ask of the public credit views in a minute.
    public var publicRequestsPerMinute = 120
    /// A connection that sends nothing for this long is closed: an idle keep-alive, or a request half sent
    /// (slowloris) that would otherwise hold its connection for good.
    public var idleTimeout: Duration = .seconds(30)
    /// The longest a request waits for an absent database before it is answered 503 (see `Database`).
    public var databaseWait: Duration = .seconds(2)
    /// Besides loopback, the addresses that may read `/metrics`.
    public var metricsFrom: Set<String> = []
    /// Proxies whose `X-Forwarded-For` names the client (for per-address login limits and the audit log).
    public var trustedProxies: Set<String> = []
    /// Seed the demo world after migrating (`serve --demo`).
    public var seedDemo = false
    /// The console's cookies carry `Secure`: set when it is served over TLS (by a proxy in front).
    public var secureCookies = false

    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        databaseURL: String? = nil,
        dataDirectory: URL = URL(fileURLWithPath: ".ipcase"),
        logLevel: Logger.Level = .info,
        maxBodySize: Int = 1 << 20,
        projectFiles: ProjectFiles
    ) {
        self.host = host
        self.port = port
        self.databaseURL = databaseURL
        self.dataDirectory = dataDirectory
        self.logLevel = logLevel
        self.maxBodySize = maxBodySize
        self.projectFiles = projectFiles
    }
}
