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
