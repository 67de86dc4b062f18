public import Foundation
import IPCaseDomain
public import Logging

/// Every setting the service reads from the environment, in one place: `ipcase serve` (and every other
/// command), the tests and the container image all configure the server through here, and `--help` and
/// the README list the same table.
public enum EnvironmentSettings {
    public struct Setting: Sendable {
        public let name: String
        public let defaultValue: String
        public let help: String
    }

    public struct Invalid: Error, CustomStringConvertible {
        public let name: String
        public let value: String
        public let expected: String

        public var description: String { "\(name)='\(value)' is not valid: \(expected)" }
    }

    public static let all: [Setting] = [
        Setting(name: "DATABASE_URL", defaultValue: "the embedded cluster", help: "PostgreSQL URL"),
        Setting(
            name: "IPCASE_MIGRATION_DATABASE_URL", defaultValue: "DATABASE_URL",
            help: "the owner's PostgreSQL URL, for migrations and the admin commands, when DATABASE_URL is the service role's"),
        Setting(name: "IPCASE_HOST", defaultValue: "127.0.0.1", help: "address to listen on"),
        Setting(name: "IPCASE_PORT", defaultValue: "8080", help: "port to listen on"),
        Setting(name: "IPCASE_DATA_DIR", defaultValue: ".ipcase", help: "folder of the embedded cluster and local state"),
        Setting(name: "IPCASE_LOG_LEVEL", defaultValue: "info", help: "trace, debug, info, notice, warning, error or critical"),
        Setting(name: "IPCASE_HOME", defaultValue: "found", help: "the folder holding Migrations/, Policies/ and openapi.yaml"),
        Setting(name: "IPCASE_ARGON2_MEMORY_KIB", defaultValue: "19456", help: "Argon2id memory; never below 19456"),
        Setting(name: "IPCASE_ARGON2_ITERATIONS", defaultValue: "2", help: "Argon2id passes; never below 2"),
        Setting(name: "IPCASE_ARGON2_PARALLELISM", defaultValue: "1", help: "Argon2id lanes"),
        Setting(name: "IPCASE_SESSION_LIFETIME_MINUTES", defaultValue: "720", help: "a session's absolute lifetime"),
        Setting(name: "IPCASE_SESSION_IDLE_MINUTES", defaultValue: "60", help: "a session ends after this much inactivity"),
        Setting(name: "IPCASE_LOGIN_MAX_FAILURES", defaultValue: "5", help: "failed logins per email in 15 minutes"),
        Setting(name: "IPCASE_LOGIN_MAX_FAILURES_PER_ADDRESS", defaultValue: "50", help: "failed logins per client address"),
        Setting(name: "IPCASE_MAX_DOCUMENT_BYTES", defaultValue: "20971520", help: "largest uploaded document (20 MiB)"),
        Setting(
            name: "IPCASE_MAX_UPLOADS_IN_FLIGHT", defaultValue: "8",
            help: "uploads that may stream in at once; more get 503 with Retry-After"),
        Setting(name: "IPCASE_TIMER_INTERVAL_SECONDS", defaultValue: "30", help: "how often deadline timers are checked"),
        Setting(
            name: "IPCASE_PUBLIC_REQUESTS_PER_MINUTE", defaultValue: "120",
            help: "requests per minute one client address may make to the public credit views"),
        Setting(
            name: "IPCASE_IDLE_TIMEOUT_SECONDS", defaultValue: "30",
            help: "a connection that sends nothing for this long, or stops mid-request, is closed"),
        Setting(
            name: "IPCASE_DATABASE_WAIT_SECONDS", defaultValue: "2",
            help: "while PostgreSQL does not answer, requests get 503 with Retry-After within this long"),
        Setting(
            name: "IPCASE_CHECKPOINT_INTERVAL_SECONDS", defaultValue: "60",
            help: "how often the transparency log signs a checkpoint (when it has grown)"),
        Setting(
            name: "IPCASE_LOG_SIGNING_KEY", defaultValue: "<data dir>/transparency-signing.key, made on first start",
            help: "file of the Ed25519 key that signs the log's checkpoints (PRIVATE+KEY+<origin>+<id>+<base64>)"),
        Setting(
            name: "IPCASE_LOG_ORIGIN", defaultValue: TransparencySigningKey.defaultOriginPrefix,
            help: "the first part of a generated key's origin line; the key's fingerprint follows it"),
        Setting(name: "IPCASE_METRICS_FROM", defaultValue: "none", help: "besides loopback, addresses that may read /metrics"),
        Setting(
            name: "IPCASE_TRUSTED_PROXIES", defaultValue: "none",
            help: "proxy addresses whose X-Forwarded-For names the client"),
        Setting(name: "IPCASE_COOKIE_SECURE", defaultValue: "false", help: "true when the console is served over TLS: its cookies say Secure"),
    ]

    /// The table above as `--help` prints it.
    public static var helpText: String {
        all.map { "  \($0.name) (default: \($0.defaultValue))\n      \($0.help)" }.joined(separator: "\n")
    }

    public static func databaseURL(_ environment: [String: String]) -> String? {
        environment["DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    public static func dataDirectory(_ environment: [String: String]) -> URL {
        URL(fileURLWithPath: environment["IPCASE_DATA_DIR"] ?? ".ipcase", isDirectory: true).standardizedFileURL
    }

    public static func logLevel(_ environment: [String: String]) throws(Invalid) -> Logger.Level {
        let text = environment["IPCASE_LOG_LEVEL"] ?? "info"
        guard let level = Logger.Level(rawValue: text.lowercased()) else {
            throw Invalid(name: "IPCASE_LOG_LEVEL", value: text, expected: "trace, debug, info, notice, warning, error or critical")
        }
        return level
    }
}

extension ServerConfiguration {
    /// The server's configuration from the environment, every value checked and named when it is wrong.
    public init(environment: [String: String], projectFiles: ProjectFiles) throws(EnvironmentSettings.Invalid) {
        let port = try Self.integer("IPCASE_PORT", environment, in: 0...65535) ?? 8080
        self.init(
            host: environment["IPCASE_HOST"] ?? "127.0.0.1", port: port,
            databaseURL: EnvironmentSettings.databaseURL(environment),
            dataDirectory: EnvironmentSettings.dataDirectory(environment),
            logLevel: try EnvironmentSettings.logLevel(environment), projectFiles: projectFiles)
        if let memory = try Self.integer("IPCASE_ARGON2_MEMORY_KIB", environment) { argon2.memoryKiB = UInt32(clamping: memory) }
        if let passes = try Self.integer("IPCASE_ARGON2_ITERATIONS", environment) { argon2.iterations = UInt32(clamping: passes) }
        if let lanes = try Self.integer("IPCASE_ARGON2_PARALLELISM", environment) { argon2.parallelism = UInt32(clamping: lanes) }
        if let minutes = try Self.integer("IPCASE_SESSION_LIFETIME_MINUTES", environment) {
            sessionLifetime = TimeInterval(minutes * 60)
        }
        if let minutes = try Self.integer("IPCASE_SESSION_IDLE_MINUTES", environment) {
            sessionIdleTimeout = TimeInterval(minutes * 60)
        }
        if let limit = try Self.integer("IPCASE_LOGIN_MAX_FAILURES", environment) {
            loginThrottlePerAccount.maximumFailures = limit
        }
        if let limit = try Self.integer("IPCASE_LOGIN_MAX_FAILURES_PER_ADDRESS", environment) {
            loginThrottlePerAddress.maximumFailures = limit
        }
        if let bytes = try Self.integer("IPCASE_MAX_DOCUMENT_BYTES", environment) { maxDocumentSize = bytes }
        if let uploads = try Self.integer("IPCASE_MAX_UPLOADS_IN_FLIGHT", environment) { maxUploadsInFlight = uploads }
        if let seconds = try Self.integer("IPCASE_TIMER_INTERVAL_SECONDS", environment) { timerInterval = .seconds(seconds) }
        if let limit = try Self.integer("IPCASE_PUBLIC_REQUESTS_PER_MINUTE", environment) { publicRequestsPerMinute = limit }
        if let seconds = try Self.integer("IPCASE_IDLE_TIMEOUT_SECONDS", environment) { idleTimeout = .seconds(seconds) }
        if let seconds = try Self.integer("IPCASE_DATABASE_WAIT_SECONDS", environment) { databaseWait = .seconds(seconds) }
        if let seconds = try Self.integer("IPCASE_CHECKPOINT_INTERVAL_SECONDS", environment) {
            checkpointInterval = .seconds(seconds)
        }
        if let file = environment["IPCASE_LOG_SIGNING_KEY"], !file.isEmpty {
            transparencySigningKeyFile = URL(fileURLWithPath: file)
        }
        if let origin = environment["IPCASE_LOG_ORIGIN"] {
            guard !origin.isEmpty, !origin.contains("+"), !origin.contains(where: \.isWhitespace) else {
                throw EnvironmentSettings.Invalid(name: "IPCASE_LOG_ORIGIN", value: origin, expected: "text without spaces or +")
            }
            transparencyOriginPrefix = origin
        }
        if let scrapers = environment["IPCASE_METRICS_FROM"] {
            metricsFrom = Set(scrapers.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        }
        if let secure = environment["IPCASE_COOKIE_SECURE"] {
            switch secure.lowercased() {
            case "true", "1", "yes": secureCookies = true
            case "false", "0", "no", "": secureCookies = false
            default: throw EnvironmentSettings.Invalid(name: "IPCASE_COOKIE_SECURE", value: secure, expected: "true or false")
            }
        }
        if let proxies = environment["IPCASE_TRUSTED_PROXIES"] {
            trustedProxies = Set(proxies.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        }
    }

    /// A whole number in `range` (positive unless said otherwise), or nil when the variable is unset.
    private static func integer(
        _ name: String, _ environment: [String: String], in range: ClosedRange<Int> = 1...Int.max
    ) throws(EnvironmentSettings.Invalid) -> Int? {
        guard let text = environment[name] else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw EnvironmentSettings.Invalid(
                name: name, value: text,
                expected: range.lowerBound == 1 ? "a positive whole number" : "a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }
}
