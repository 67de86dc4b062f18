import Foundation

/// Where `initdb` and `pg_ctl` are: on `PATH`, or in Debian's versioned folder, newest first. `pg_dump` and
/// `pg_restore` are taken from the same folder, so that the tools match the server they were installed with.
struct PostgresBinaries: Sendable {
    let initdb: String
    let pgCtl: String
    /// The folder `pg_ctl` really lives in, past any link on `PATH` (`/usr/local/bin/pg_ctl` → Debian's own).
    var folder: String { (URL(fileURLWithPath: pgCtl).resolvingSymlinksInPath().path as NSString).deletingLastPathComponent }
    var pgDump: String { folder + "/pg_dump" }
    var pgRestore: String { folder + "/pg_restore" }
    /// Whether the server's `pg_stat_statements` module is installed beside it (Debian's contrib, in `../lib`).
    var hasStatementStatistics: Bool {
        FileManager.default.fileExists(atPath: (folder as NSString).deletingLastPathComponent + "/lib/pg_stat_statements.so")
    }

    static func locate(
        environment: [String: String] = ProcessInfo.processInfo.environment, debianRoot: String = "/usr/lib/postgresql"
    ) throws -> PostgresBinaries {
        var folders = (environment["PATH"] ?? "").split(separator: ":").map(String.init)
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: debianRoot)) ?? []
        folders += versions.sorted { (Int($0) ?? 0) > (Int($1) ?? 0) }.map { "\(debianRoot)/\($0)/bin" }
        for folder in folders {
            let initdb = "\(folder)/initdb", pgCtl = "\(folder)/pg_ctl"
            if FileManager.default.isExecutableFile(atPath: initdb), FileManager.default.isExecutableFile(atPath: pgCtl) {
                return PostgresBinaries(initdb: initdb, pgCtl: pgCtl)
            }
        }
        throw EmbeddedPostgresError.binariesMissing
    }
}
