import Foundation
import Logging
public import PostgresNIO

/// Applies `Migrations/` in order, each file in its own transaction, recorded in `schema_migrations`.
///
/// A session advisory lock serialises migrators, so that two instances starting at once migrate once:
/// the second waits, then finds nothing left to do.
public struct Migrator: Sendable {
    /// Arbitrary, fixed: every ipcase instance must agree on it.
    static let advisoryLockKey: Int64 = 0x6970_6361_7365  // "ipcase"

    public let files: [MigrationFile]
    let client: Database
    let logger: Logger

    public init(client: Database, files: [MigrationFile], logger: Logger) {
        self.client = client
        self.files = files
        self.logger = logger
    }

    /// Applies what is pending and returns it. Fails, naming the file, if an applied migration was edited.
    @discardableResult
    public func migrate() async throws -> [MigrationFile] {
        try await client.withConnection { connection in
            try await connection.query("SELECT pg_advisory_lock(\(Self.advisoryLockKey))", logger: logger)
            do {
                let applied = try await apply(on: connection)
                try await connection.query("SELECT pg_advisory_unlock(\(Self.advisoryLockKey))", logger: logger)
                return applied
            } catch {
                _ = try? await connection.query("SELECT pg_advisory_unlock(\(Self.advisoryLockKey))", logger: logger)
                throw error
            }
        }
    }

    /// What `migrate()` would apply now, without applying it.
    public func pending() async throws -> [MigrationFile] {
        try await client.withConnection { connection in
            try pendingFiles(applied: try await appliedChecksums(on: connection))
        }
    }

    /// True when every file is applied unchanged; what `/health/ready` asks.
    public func isUpToDate() async throws -> Bool {
        try await pending().isEmpty
    }

    private func apply(on connection: PostgresConnection) async throws -> [MigrationFile] {
        // The service's role may check for migrations but not create tables: with nothing pending it needs no more.
        let current = try pendingFiles(applied: try await appliedChecksums(on: connection))
        if current.isEmpty { return [] }
        try await connection.query(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version integer PRIMARY KEY,
                name text NOT NULL,
                checksum text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """, logger: logger)
        let pending = try pendingFiles(applied: try await appliedChecksums(on: connection))
        for file in pending {
            do {
                try await connection.withTransaction(logger: logger) { transaction in
                    for statement in SQLStatementSplitter.split(file.sql) {
                        try await transaction.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                    }
                    try await transaction.query(
                        """
                        INSERT INTO schema_migrations (version, name, checksum)
                        VALUES (\(file.version), \(file.name), \(file.checksum))
                        """, logger: logger)
                }
            } catch {
                throw MigrationError.failed(file.fileName, underlying: error.postgresMessage)
            }
            logger.info("applied migration", metadata: ["migration": "\(file.fileName)"])
        }
        return pending
    }

    private func appliedChecksums(on connection: PostgresConnection) async throws -> [Int: (name: String, checksum: String)] {
        let exists = try await connection.query("SELECT to_regclass('schema_migrations') IS NOT NULL", logger: logger)
        var tableExists = false
        for try await (value) in exists.decode(Bool.self) { tableExists = value }
        guard tableExists else { return [:] }
        var applied: [Int: (name: String, checksum: String)] = [:]
        let rows = try await connection.query("SELECT version, name, checksum FROM schema_migrations", logger: logger)
        for try await (version, name, checksum) in rows.decode((Int, String, String).self) {
            applied[version] = (name, checksum)
        }
        return applied
    }

    private func pendingFiles(applied: [Int: (name: String, checksum: String)]) throws -> [MigrationFile] {
        let known = Set(files.map(\.version))
        if let stranger = applied.keys.sorted().first(where: { !known.contains($0) }) {
            throw MigrationError.unknownApplied(version: stranger, name: applied[stranger]!.name)
        }
        for file in files {
            if let record = applied[file.version], record.checksum != file.checksum {
                throw MigrationError.edited(file.fileName)
            }
        }
        return files.filter { applied[$0.version] == nil }
    }
}
