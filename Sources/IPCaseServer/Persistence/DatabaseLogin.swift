import Foundation
public import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO

extension DatabaseURL {
    /// Opens one connection and closes it again, so that a login the server refuses (a wrong password, a
    /// role or database that does not exist) is said at once, naming the setting to fix. The pool would
    /// instead retry behind its back-off for a minute and end in a bare `ConnectionPoolError`.
    ///
    /// `setting` is the environment variable the URL came from, for the message.
    public func checkLogin(setting: String, logger: Logger) async throws {
        let location = configuration.unixSocketPath ?? "\(configuration.host ?? "localhost"):\(configuration.port ?? 5432)"
        let username = configuration.username
        do {
            let connection = try await PostgresConnection.connect(
                configuration: try connectionConfiguration(), id: 0, logger: logger)
            try await connection.close()
        } catch let error as PSQLError where error.code == .server {
            let fields = error.serverInfo
            throw DatabaseLoginRefused(
                setting: setting, location: location, username: username,
                sqlState: fields?[.sqlState] ?? "?", message: fields?[.message] ?? String(reflecting: error))
        } catch {
            throw DatabaseUnavailable(location: location, reason: Self.reason(error), retryAfterSeconds: 1)
        }
    }

    private func connectionConfiguration() throws -> PostgresConnection.Configuration {
        let c = configuration
        if let path = c.unixSocketPath {
            return .init(unixSocketPath: path, username: c.username, password: c.password, database: c.database)
        }
        let tls: PostgresConnection.Configuration.TLS = switch sslMode ?? "prefer" {
        case "disable": .disable
        case "require", "verify-ca", "verify-full": .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        default: .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
        return .init(host: c.host ?? "localhost", port: c.port ?? 5432, username: c.username, password: c.password, database: c.database, tls: tls)
    }

    /// The socket's own words ("Connection refused") rather than postgres-nio's wrapper around them.
    private static func reason(_ error: any Error) -> String {
        let error = (error as? PSQLError)?.underlying ?? error
        if let failures = error as? NIOConnectionError, let last = failures.connectionErrors.last {
            return String(describing: last.error)
        }
        return String(describing: error)
    }
}

/// PostgreSQL answered, and refused the login: nothing will change by waiting, so commands stop at once.
public struct DatabaseLoginRefused: Error, Sendable, CustomStringConvertible {
    public let setting: String
    public let location: String
    public let username: String
    /// PostgreSQL's SQLSTATE: 28P01 wrong password, 28000 no such role or no pg_hba entry, 3D000 no such database.
    public let sqlState: String
    public let message: String

    public var description: String {
        "PostgreSQL at \(location) refused to let user \"\(username)\" in: \(message) (SQLSTATE \(sqlState)). Check \(setting)."
    }
}
