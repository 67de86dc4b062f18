import Foundation
import Testing
import Yams
import IPCaseServer

/// No Docker engine runs on the build machines, so the container files are checked as data.
@Suite("Container files")
struct ContainerFilesTests {
    let root = TestPostgres.projectFiles.root

    @Test func composeRunsTheAppAgainstAHealthyPostgres16() throws {
        let text = try String(contentsOf: root.appendingPathComponent("docker-compose.yml"), encoding: .utf8)
        let compose = try #require(try Yams.load(yaml: text) as? [String: Any])
        let services = try #require(compose["services"] as? [String: Any])

        let db = try #require(services["db"] as? [String: Any])
        #expect((db["image"] as? String)?.hasPrefix("postgres:16") == true)
        let healthcheck = try #require(db["healthcheck"] as? [String: Any])
        #expect(healthcheck["test"] != nil)
        let dbVolumes = try #require(db["volumes"] as? [String])
        let namedVolume = try #require(dbVolumes.first?.split(separator: ":").first.map(String.init))
        let volumes = try #require(compose["volumes"] as? [String: Any])
        #expect(volumes.keys.contains(namedVolume), "the db volume must be a named volume")

        let app = try #require(services["app"] as? [String: Any])
        #expect(app["build"] != nil)
        let dependsOn = try #require(app["depends_on"] as? [String: Any])
        #expect((dependsOn["db"] as? [String: Any])?["condition"] as? String == "service_healthy")
        let environment = try #require(app["environment"] as? [String: Any])
        let url = try #require(environment["DATABASE_URL"] as? String)
        #expect(url.contains("@db:5432/"))
        // No password in the file, a restart policy, and published on loopback only.
        #expect(!text.contains("POSTGRES_PASSWORD: "))
        #expect(app["env_file"] != nil && db["env_file"] != nil)
        #expect(app["restart"] as? String == "unless-stopped")
        #expect((app["ports"] as? [String])?.allSatisfy { $0.hasPrefix("127.0.0.1:") } == true)
    }

    @Test func theOpenAPIDocumentStatesTheServiceVersion() throws {
        let text = try String(contentsOf: root.appendingPathComponent("openapi.yaml"), encoding: .utf8)
        let document = try #require(try Yams.load(yaml: text) as? [String: Any])
        #expect((document["info"] as? [String: Any])?["version"] as? String == ServiceVersion.current)
    }

    /// SwiftPM checks every target's folder when it resolves: the image must copy each one Package.swift names.
    @Test func dockerfileCopiesEveryFolderThePackageNames() throws {
        let manifest = try String(contentsOf: root.appendingPathComponent("Package.swift"), encoding: .utf8)
        let dockerfile = try String(contentsOf: root.appendingPathComponent("Dockerfile"), encoding: .utf8)
        let copied = dockerfile.split(separator: "\n").filter { $0.hasPrefix("COPY ") && !$0.contains("--from") }
            .compactMap { $0.split(separator: " ").dropFirst().first.map(String.init) }
        var folders: [String] = []
        // Explicit paths, then the default folders of targets without one.
        for match in manifest.matches(of: /path: "([^"]+)"/) { folders.append(String(match.1)) }
        for match in manifest.matches(of: /\.(target|executableTarget|testTarget|systemLibrary)\(\s*name: "([^"]+)"/) {
            folders.append((match.1 == "testTarget" ? "Tests/" : "Sources/") + match.2)
        }
        #expect(folders.count >= 6)
        for folder in folders {
            #expect(copied.contains { folder == $0 || folder.hasPrefix($0 + "/") }, "the Dockerfile does not copy \(folder)")
        }
        let ignored = try String(contentsOf: root.appendingPathComponent(".dockerignore"), encoding: .utf8)
        #expect(ignored.contains(".build") && ignored.contains(".ipcase"))
    }

    @Test func dockerfileIsMultiStageSwift6SlimAndNonRoot() throws {
        let text = try String(contentsOf: root.appendingPathComponent("Dockerfile"), encoding: .utf8)
        let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let stages = lines.filter { $0.hasPrefix("FROM ") }
        #expect(stages.count >= 2)
        #expect(stages.first?.contains("swift:6") == true)
        #expect(stages.last?.contains("slim") == true)
        #expect(text.contains("libargon2-1"), "the runtime image needs libargon2's shared library")
        let user = try #require(lines.last { $0.hasPrefix("USER ") })
        #expect(user != "USER root" && user != "USER 0")
        #expect(text.contains("COPY Migrations"))
    }
}
