import Crypto
public import Foundation

/// One file of `Migrations/`, named `NNNN_snake_case.sql`.
public struct MigrationFile: Sendable, Equatable {
    public let version: Int
    public let name: String
    public let sql: String
    /// SHA-256 of the file's bytes, hex: how an edit after applying is noticed.
    public let checksum: String

    public var fileName: String { String(format: "%04d_%@.sql", version, name) }

    /// Reads every `.sql` file of `folder`, in version order. A misnamed file or a repeated version is an
    /// error rather than something silently skipped, since a skipped migration would surface much later.
    public static func load(from folder: URL) throws -> [MigrationFile] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".sql") }
        var files: [MigrationFile] = []
        for fileName in names {
            guard let match = fileName.wholeMatch(of: /(\d{4})_([a-z0-9]+(?:_[a-z0-9]+)*)\.sql/),
                let version = Int(match.output.1)
            else { throw MigrationError.misnamed(fileName) }
            let data = try Data(contentsOf: folder.appendingPathComponent(fileName))
            let checksum = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
            files.append(
                MigrationFile(version: version, name: String(match.output.2), sql: String(decoding: data, as: UTF8.self), checksum: checksum))
        }
        files.sort { $0.version < $1.version }
        for (earlier, later) in zip(files, files.dropFirst()) where earlier.version == later.version {
            throw MigrationError.duplicateVersion(earlier.fileName, later.fileName)
        }
        return files
    }
}

public enum MigrationError: Error, Equatable, CustomStringConvertible {
    case misnamed(String)
    case duplicateVersion(String, String)
    case edited(String)
    case unknownApplied(version: Int, name: String)
    case failed(String, underlying: String)

    public var description: String {
        switch self {
        case .misnamed(let file):
            "migration \(file) is misnamed: migrations are named NNNN_snake_case.sql"
        case .duplicateVersion(let first, let second):
            "migrations \(first) and \(second) share a version number"
        case .edited(let file):
            "migration \(file) was edited after it was applied (its checksum differs): "
                + "applied migrations are never edited, add a new migration instead"
        case .unknownApplied(let version, let name):
            "the database has migration \(String(format: "%04d", version))_\(name).sql applied, which is not in Migrations/: "
                + "this binary is older than the database"
        case .failed(let file, let underlying):
            "migration \(file) failed and was rolled back: \(underlying)"
        }
    }
}
