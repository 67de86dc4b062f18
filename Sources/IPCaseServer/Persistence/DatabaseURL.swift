import Foundation
public import PostgresNIO

/// A `postgres://` URL, turned into a client configuration.
///
/// Besides `postgres://user:password@host:port/database?sslmode=disable|prefer|require`, it accepts the
/// libpq form for a unix socket, `postgres:///database?host=/path/to/socket/dir&user=name`, which is how
/// the embedded cluster is reached.
public struct DatabaseURL: Sendable, CustomStringConvertible {
    public let configuration: PostgresClient.Configuration
    /// The URL with the password hidden, for logs and errors.
    public let description: String
    /// The same connection as libpq's variables (`PGHOST`, `PGPASSWORD`…), for PostgreSQL's own tools:
    /// a password in the environment, not on a command line anyone may read.
    public let libpqEnvironment: [String: String]
    /// The TLS mode, for the single connection `checkLogin` opens (postgres-nio keeps the pool's own private).
    let sslMode: String?

    public init(_ string: String) throws(DatabaseURLError) {
        guard let components = URLComponents(string: string),
            let scheme = components.scheme, ["postgres", "postgresql"].contains(scheme)
        else { throw .malformed(string) }
        let query = Dictionary(
            (components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { $1 })
        let username = components.user ?? query["user"] ?? "postgres"
        let password = components.password ?? query["password"]
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        let database = path.isEmpty ? nil : path

        var libpq = ["PGUSER": username, "PGDATABASE": database ?? username]
        if let password { libpq["PGPASSWORD"] = password }
        sslMode = query["sslmode"]
        if let socketFolder = query["host"], socketFolder.hasPrefix("/") {
            let port = components.port ?? Int(query["port"] ?? "") ?? 5432
            libpq["PGHOST"] = socketFolder
            libpq["PGPORT"] = String(port)
            configuration = PostgresClient.Configuration(
                unixSocketPath: "\(socketFolder)/.s.PGSQL.\(port)", username: username, password: password,
                database: database)
        } else {
            guard let host = components.host, !host.isEmpty else { throw .malformed(string) }
            let tls: PostgresClient.Configuration.TLS
            switch query["sslmode"] ?? "prefer" {
            case "disable": tls = .disable
            case "require", "verify-ca", "verify-full": tls = .require(.makeClientConfiguration())
            default: tls = .prefer(.makeClientConfiguration())
            }
            libpq["PGHOST"] = host
            libpq["PGPORT"] = String(components.port ?? 5432)
            libpq["PGSSLMODE"] = query["sslmode"] ?? "prefer"
            configuration = PostgresClient.Configuration(
                host: host, port: components.port ?? 5432, username: username, password: password,
                database: database, tls: tls)
        }
        libpqEnvironment = libpq
        var redacted = components
        if redacted.password != nil { redacted.password = "***" }
        description = redacted.string ?? "postgres://…"
    }
}

public enum DatabaseURLError: Error, CustomStringConvertible {
    case malformed(String)

    public var description: String {
        switch self {
        case .malformed:
            "DATABASE_URL is not a postgres:// URL (expected postgres://user:password@host:port/database)"
        }
    }
}
