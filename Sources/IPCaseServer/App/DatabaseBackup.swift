import Crypto
public import Foundation
public import Logging
import PostgresNIO

/// A backup is PostgreSQL's own: `pg_dump` in its custom format, which holds the documents too (their bytes
/// live in the database), and `pg_restore` into an empty database. Nothing of ipcase's own format to trust.
public enum DatabaseBackup {
    public struct Written: Sendable {
        public let bytes: Int
        public let sha256: String
    }

    public enum Failure: Error, CustomStringConvertible {
        case notEmpty(String)
        case missing(String)

        public var description: String {
            switch self {
            case .notEmpty(let database):
                "\(database) already holds an ipcase database: restore into an empty one (another --data-dir, or a new database in DATABASE_URL)"
            case .missing(let path):
                "no backup at \(path)"
            }
        }
    }

    /// Dumps the database at `url` to `file`, written whole or not at all, readable by its owner alone
    /// (it holds password hashes and confidential documents).
    public static func dump(_ url: DatabaseURL, to file: URL) throws -> Written {
        let binaries = try PostgresBinaries.locate()
        let partial = file.deletingLastPathComponent().appendingPathComponent(".\(file.lastPathComponent).partial")
        defer { try? FileManager.default.removeItem(at: partial) }
        FileManager.default.createFile(atPath: partial.path, contents: nil, attributes: [.posixPermissions: 0o600])
        try SystemCommand(
            executable: binaries.pgDump, arguments: ["--format=custom", "--no-owner", "--file=\(partial.path)"],
            environment: url.libpqEnvironment
        ).run()
        guard rename(partial.path, file.path) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: file.path])
        }
        return try written(file)
    }

    /// Restores `file` into the database at `url`, which must not yet hold ipcase's tables; in one
    /// transaction, so that a restore that fails leaves the database as empty as it was.
    public static func restore(_ url: DatabaseURL, from file: URL, on database: Database, logger: Logger) async throws -> Written {
        guard FileManager.default.fileExists(atPath: file.path) else { throw Failure.missing(file.path) }
        let rows = try await database.query("SELECT to_regclass('public.schema_migrations') IS NOT NULL", logger: logger)
        for try await holdsTables in rows.decode(Bool.self) where holdsTables { throw Failure.notEmpty(url.description) }
        let binaries = try PostgresBinaries.locate()
        try SystemCommand(
            executable: binaries.pgRestore,
            arguments: ["--no-owner", "--exit-on-error", "--single-transaction", "--dbname=\(url.libpqEnvironment["PGDATABASE"] ?? "")", file.path],
            environment: url.libpqEnvironment
        ).run()
        return try written(file)
    }

    private static func written(_ file: URL) throws -> Written {
        // Read in pieces: a backup can be larger than the memory the process should take.
        let handle = try FileHandle(forReadingFrom: file)
        defer { try? handle.close() }
        var hash = SHA256()
        var bytes = 0
        while let piece = try handle.read(upToCount: 1 << 20), !piece.isEmpty {
            hash.update(data: piece)
            bytes += piece.count
        }
        return Written(bytes: bytes, sha256: hash.finalize().map { String(format: "%02x", $0) }.joined())
    }
}
