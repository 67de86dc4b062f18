import Crypto
public import Foundation

/// A private PostgreSQL cluster under `<data folder>/pg`, reached only through a unix socket, so that the
/// service runs with no setup. `serve`, `migrate` and the test harness all use it the same way: attach to
/// the cluster if it is already running, otherwise start it and stop it again when done.
public struct EmbeddedPostgres: Sendable {
    public static let databaseName = "ipcase"
    static let superuser = "ipcase"
    /// PostgreSQL refuses to run as root; Debian's package creates this user for it.
    static let unprivilegedUser = "postgres"
    /// A unix socket path holds at most 107 bytes (sun_path less the terminator).
    static let maximumSocketPathLength = 107

    public let dataDirectory: URL
    let binaries: PostgresBinaries
    let runAsUser: String?

    public init(dataDirectory: URL) throws {
        self.dataDirectory = dataDirectory.standardizedFileURL
        self.binaries = try PostgresBinaries.locate()
        if getuid() == 0 {
            guard getpwnam(Self.unprivilegedUser) != nil else {
                throw EmbeddedPostgresError.unprivilegedUserMissing(Self.unprivilegedUser)
            }
            self.runAsUser = Self.unprivilegedUser
        } else {
            self.runAsUser = nil
        }
    }

    var clusterDirectory: URL { dataDirectory.appendingPathComponent("pg", isDirectory: true) }
    var logFile: URL { dataDirectory.appendingPathComponent("postgres.log") }

    /// The socket lives in the cluster folder when its path is short enough, otherwise in a folder under
    /// /tmp named after the cluster's path, so every command finds the same socket without being told.
    var socketDirectory: URL {
        let preferred = clusterDirectory.path
        if preferred.utf8.count + "/.s.PGSQL.5432".utf8.count <= Self.maximumSocketPathLength {
            return clusterDirectory
        }
        let digest = SHA256.hash(data: Data(preferred.utf8)).prefix(6).map { String(format: "%02x", $0) }.joined()
        return URL(fileURLWithPath: "/tmp/ipcase-pg-\(digest)", isDirectory: true)
    }

    public var databaseURL: String {
        "postgres:///\(Self.databaseName)?host=\(socketDirectory.path)&user=\(Self.superuser)"
    }

    var serviceURL: String {
        "postgres:///\(Self.databaseName)?host=\(socketDirectory.path)&user=\(DatabaseAdministration.serviceRole)"
    }

    /// A running cluster that this process either started (and must stop) or attached to.
    public struct Session: Sendable {
        public let cluster: EmbeddedPostgres
        public let startedHere: Bool
        /// Found running after its owner died, and taken over: stopped at the end like one started here.
        public var adopted = false
        public var databaseURL: String { cluster.databaseURL }
        /// The same database as the role the service runs as, which may only read and write rows.
        public var serviceURL: String { cluster.serviceURL }

        /// Stops the cluster if this process started it; a cluster another `serve` owns keeps running.
        public func close() throws {
            guard startedHere else { return }
            try cluster.stop()
        }
    }

    /// The process that started the running cluster, so that the next one can tell a live owner (attach,
    /// leave it running) from one that died without stopping it (adopt, stop it when done).
    var ownerFile: URL { dataDirectory.appendingPathComponent("postgres.owner") }

    public func start() throws -> Session {
        if try isRunning() {
            if let owner = try? String(contentsOf: ownerFile, encoding: .utf8), let pid = pid_t(owner.trimmingCharacters(in: .whitespacesAndNewlines)),
               pid == getpid() || Self.isAlive(pid) {
                return Session(cluster: self, startedHere: false)
            }
            // Left running by a process that is gone (a `kill -9`): this one adopts it and stops it at the end.
            try recordOwner()
            return Session(cluster: self, startedHere: true, adopted: true)
        }
        try prepareFolders()
        if !FileManager.default.fileExists(atPath: clusterDirectory.appendingPathComponent("PG_VERSION").path) {
            try initialize()
        }
        try writeSettings()
        do {
            try command(binaries.pgCtl, [
                "start", "-D", clusterDirectory.path, "-l", logFile.path, "-w", "-t", "60", "-s",
            ]).run()
        } catch {
            throw EmbeddedPostgresError.commandFailed("pg_ctl start failed (see \(logFile.path)): \(error)")
        }
        try recordOwner()
        return Session(cluster: self, startedHere: true)
    }

    public func stop() throws {
        guard try isRunning() else { return }
        try command(binaries.pgCtl, ["stop", "-D", clusterDirectory.path, "-m", "fast", "-w", "-s"]).run()
        try? FileManager.default.removeItem(at: ownerFile)
    }

    private func recordOwner() throws {
        try Data("\(getpid())\n".utf8).write(to: ownerFile, options: .atomic)
    }

    /// Whether a process with this id exists (signal 0 checks without sending anything).
    static func isAlive(_ pid: pid_t) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }

    func isRunning() throws -> Bool {
        guard FileManager.default.fileExists(atPath: clusterDirectory.path) else { return false }
        // pg_ctl status: 0 running, 3 not running, 4 no usable data folder.
        let result = try command(binaries.pgCtl, ["status", "-D", clusterDirectory.path]).run(allowing: [0, 3, 4])
        return result.status == 0
    }

    private func command(_ executable: String, _ arguments: [String]) -> SystemCommand {
        SystemCommand(executable: executable, arguments: arguments).running(as: runAsUser)
    }

    private func prepareFolders() throws {
        let manager = FileManager.default
        try manager.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        for folder in [clusterDirectory, socketDirectory] {
            try manager.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        if !manager.fileExists(atPath: logFile.path) {
            _ = manager.createFile(atPath: logFile.path, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        guard let user = runAsUser, let account = getpwnam(user) else { return }
        try checkTraversable(by: account.pointee.pw_uid, user: user)
        for path in [clusterDirectory.path, socketDirectory.path, logFile.path] {
            try SystemCommand(executable: "/bin/chown", arguments: ["-R", user, path]).run()
        }
    }

    /// The unprivileged user must be able to enter every folder above the cluster; a 0700 home folder
    /// on the way is the usual reason it cannot.
    private func checkTraversable(by uid: uid_t, user: String) throws {
        var folder = clusterDirectory.deletingLastPathComponent()
        while true {
            let attributes = try? FileManager.default.attributesOfItem(atPath: folder.path)
            if let owner = (attributes?[.ownerAccountID] as? NSNumber)?.uint32Value,
               let permissions = (attributes?[.posixPermissions] as? NSNumber)?.intValue,
               owner != uid, permissions & 0o001 == 0 {
                throw EmbeddedPostgresError.folderNotTraversable(folder: folder.path, user: user)
            }
            if folder.path == "/" { break }
            folder.deleteLastPathComponent()
        }
    }

    private func initialize() throws {
        do {
            try command(binaries.initdb, [
                "-D", clusterDirectory.path, "-U", Self.superuser, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync",
            ]).run()
        } catch {
            throw EmbeddedPostgresError.commandFailed("initdb failed: \(error)")
        }
        let conf = clusterDirectory.appendingPathComponent("postgresql.conf")
        let handle = try FileHandle(forWritingTo: conf)
        handle.seekToEndOfFile()
        handle.write(Data("\ninclude_if_exists = 'ipcase.conf'\n".utf8))
        try handle.close()
    }

    /// Rewritten on every start, because the socket folder depends on where the data folder now is.
    private func writeSettings() throws {
        let settings = """
            # Written by ipcase on every start; edit postgresql.conf instead.
            listen_addresses = ''
            unix_socket_directories = '\(socketDirectory.path)'
            unix_socket_permissions = 0700
            max_connections = 400
            \(binaries.hasStatementStatistics ? "shared_preload_libraries = 'pg_stat_statements'\n" : "")
            """
        let file = clusterDirectory.appendingPathComponent("ipcase.conf")
        try Data(settings.utf8).write(to: file)
        if let user = runAsUser {
            try SystemCommand(executable: "/bin/chown", arguments: [user, file.path]).run()
        }
    }
}
