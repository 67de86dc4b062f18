import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Runs an external program to completion and captures what it printed, or starts one and leaves it running.
/// Used only at start-up and shutdown (initdb, pg_ctl), never while serving requests.
///
/// It uses posix_spawn and waitpid directly: Foundation's `Process.waitUntilExit` was seen to hang on
/// Linux after `runuser` had exited, leaving `serve` stuck before it ever opened its port.
struct SystemCommand {
    let executable: String
    let arguments: [String]
    /// Variables added to this process's environment for the command (a password, say, kept off its arguments).
    var environment: [String: String] = [:]

    struct Failure: Error, CustomStringConvertible {
        let command: String
        let status: Int32
        let output: String
        var description: String {
            "\(command) exited with status \(status): \(output.trimmingCharacters(in: .whitespacesAndNewlines))"
        }
    }

    /// Prefixes the command so that it runs as `user`, which PostgreSQL needs when we are root.
    func running(as user: String?) -> SystemCommand {
        guard let user else { return self }
        return SystemCommand(executable: "/usr/sbin/runuser", arguments: ["-u", user, "--", executable] + arguments, environment: environment)
    }

    @discardableResult
    func run(allowing allowedStatuses: Set<Int32> = [0]) throws -> (status: Int32, output: String) {
        // Output goes to a file rather than a pipe: pg_ctl leaves a server running that could inherit a pipe
        // and keep it from ever reaching end-of-file.
        let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("ipcase-cmd-\(UUID().uuidString)").path
        defer { unlink(outputPath) }
        let status = try start(outputTo: outputPath).wait()
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        guard allowedStatuses.contains(status) else {
            throw Failure(command: ([executable] + arguments).joined(separator: " "), status: status, output: text)
        }
        return (status, text)
    }

    /// A command started and not yet waited for.
    struct Started: Sendable {
        let pid: pid_t

        /// Waits for it to exit, and says its exit status (128 + the signal's number when a signal ended it).
        func wait() -> Int32 {
            var rawStatus: Int32 = 0
            while waitpid(pid, &rawStatus, 0) == -1 && errno == EINTR {}
            // WIFEXITED / WEXITSTATUS, which Swift does not import as macros.
            return rawStatus & 0x7f == 0 ? (rawStatus >> 8) & 0xff : 128 + (rawStatus & 0x7f)
        }
    }

    /// Starts the command with its output (both streams) in the file at `outputPath`, and returns at once.
    func start(outputTo outputPath: String) throws -> Started {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

        // `env -C /`: the unprivileged postgres user may not be able to enter our working directory.
        let argv: [UnsafeMutablePointer<CChar>?] = (["/usr/bin/env", "-C", "/", executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        var inherited: [String] = []
        var index = 0
        while let entry = environ[index] {
            let text = String(cString: entry)
            if !environment.keys.contains(where: { text.hasPrefix("\($0)=") }) { inherited.append(text) }
            index += 1
        }
        let envp: [UnsafeMutablePointer<CChar>?] = (inherited + environment.map { "\($0.key)=\($0.value)" }).map { strdup($0) } + [nil]
        defer { envp.forEach { free($0) } }
        let spawned = posix_spawn(&pid, "/usr/bin/env", &actions, nil, argv, envp)
        guard spawned == 0 else {
            throw Failure(command: executable, status: -1, output: String(cString: strerror(spawned)))
        }
        return Started(pid: pid)
    }
}
