import Foundation
import Testing
@testable import IPCaseServer

@Suite("Embedded PostgreSQL")
struct EmbeddedPostgresTests {
    func temporaryFolder(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("ipcase-\(name)-\(UUID().uuidString.prefix(8))")
    }

    @Test func startsStopsAndReusesItsDataLeavingNoPidFile() async throws {
        let folder = temporaryFolder("embedded")
        defer { try? FileManager.default.removeItem(at: folder) }
        let cluster = try EmbeddedPostgres(dataDirectory: folder)

        let first = try cluster.start()
        #expect(first.startedHere)
        #expect(try cluster.isRunning())
        // A second command while the first runs attaches instead of starting another server.
        let attached = try cluster.start()
        #expect(!attached.startedHere)
        try attached.close()
        #expect(try cluster.isRunning())

        try first.close()
        #expect(try !cluster.isRunning())
        let pidFile = cluster.clusterDirectory.appendingPathComponent("postmaster.pid").path
        #expect(!FileManager.default.fileExists(atPath: pidFile))

        let initialized = try FileManager.default.attributesOfItem(
            atPath: cluster.clusterDirectory.appendingPathComponent("PG_VERSION").path)[.modificationDate] as? Date
        let again = try cluster.start()
        #expect(again.startedHere)
        let stillSame = try FileManager.default.attributesOfItem(
            atPath: cluster.clusterDirectory.appendingPathComponent("PG_VERSION").path)[.modificationDate] as? Date
        #expect(initialized == stillSame, "the second start must reuse the data, not run initdb again")
        try again.close()
        #expect(!FileManager.default.fileExists(atPath: pidFile))
    }

    @Test func aClusterLeftRunningByADeadServerIsAdoptedAndStoppedAtTheEnd() throws {
        let folder = temporaryFolder("orphan")
        defer { try? FileManager.default.removeItem(at: folder) }
        let cluster = try EmbeddedPostgres(dataDirectory: folder)
        let first = try cluster.start()
        #expect(first.startedHere && !first.adopted)

        // The server that started it dies without stopping it (kill -9): its pid names no process any more.
        // pid_max itself is never a process id. (Foundation's Process is avoided: its threads hang the test
        // process at exit.)
        let pidMax = try String(contentsOfFile: "/proc/sys/kernel/pid_max", encoding: .utf8)
        let dead = try #require(pid_t(pidMax.trimmingCharacters(in: .whitespacesAndNewlines)))
        try Data("\(dead)\n".utf8).write(to: cluster.ownerFile)
        #expect(!EmbeddedPostgres.isAlive(dead))

        let next = try cluster.start()
        #expect(next.adopted && next.startedHere, "an orphaned cluster is adopted, not silently attached to")
        #expect(try String(contentsOf: cluster.ownerFile, encoding: .utf8) == "\(getpid())\n")
        try next.close()
        #expect(try !cluster.isRunning(), "the adopting process stops it at the end")
        #expect(!FileManager.default.fileExists(atPath: cluster.ownerFile.path))
    }

    @Test func longDataPathsGetAShortSocketFolder() throws {
        let deep = FileManager.default.temporaryDirectory.appendingPathComponent(String(repeating: "d", count: 120))
        let cluster = try EmbeddedPostgres(dataDirectory: deep)
        #expect(cluster.socketDirectory.path.hasPrefix("/tmp/ipcase-pg-"))
        #expect(cluster.socketDirectory.path.utf8.count + "/.s.PGSQL.5432".utf8.count <= EmbeddedPostgres.maximumSocketPathLength)
        #expect(cluster.databaseURL.contains(cluster.socketDirectory.path))
        // Deterministic, so that every command finds the same socket.
        #expect(try EmbeddedPostgres(dataDirectory: deep).socketDirectory == cluster.socketDirectory)

        let shallow = try EmbeddedPostgres(dataDirectory: URL(fileURLWithPath: "/tmp/short"))
        #expect(shallow.socketDirectory.path == "/tmp/short/pg")
    }

    @Test(.enabled(if: getuid() == 0, "only root hands the cluster to the postgres user"))
    func folderThePostgresUserCannotEnterIsNamed() throws {
        let locked = temporaryFolder("locked")
        try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: locked) }
        let cluster = try EmbeddedPostgres(dataDirectory: locked.appendingPathComponent("data"))
        let error = #expect(throws: EmbeddedPostgresError.self) { try cluster.start() }
        #expect(error?.description.contains(locked.path) == true)
        #expect(error?.description.contains("IPCASE_DATA_DIR") == true)
    }

    @Test func missingBinariesNameThePackage() {
        let error = #expect(throws: EmbeddedPostgresError.self) {
            try PostgresBinaries.locate(environment: ["PATH": "/nonexistent"], debianRoot: "/nonexistent")
        }
        #expect(error?.description.contains("apt-get install postgresql") == true)
    }
}
