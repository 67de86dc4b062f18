import Foundation

/// Where `initdb` and `pg_ctl` are: on `PATH`, or in Debian's versioned folder, newest first.
struct PostgresBinaries: Sendable {
    let initdb: String
    let pgCtl: String

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
