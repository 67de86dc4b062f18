import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import IPCaseServer
import PostgresNIO

@Suite("Policy reload")
struct PolicyReloadTests {
    /// A project root of its own whose Policies/ the test may break; migrations and the document are shared.
    func scratchProject() throws -> ProjectFiles {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("ipcase-policies-\(UUID().uuidString)")
        let real = TestPostgres.projectFiles
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("Migrations"), withDestinationURL: real.migrations)
        try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("openapi.yaml"), withDestinationURL: real.openAPIDocument)
        try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("Console"), withDestinationURL: real.console)
        try FileManager.default.copyItem(at: real.policies, to: root.appendingPathComponent("Policies"))
        return ProjectFiles(root: root)
    }

    @Test func anInvalidSetIsRefusedAndTheRunningSetStays() async throws {
        let project = try scratchProject()
        defer { try? FileManager.default.removeItem(at: project.root) }
        try await TestApp.run(configure: { $0.projectFiles = project }) { client, database in
            try await Accounts.seed(database)
            let admin = try await client.token(Accounts.admin)
            let hashBefore = try await client.execute(uri: "/health/ready", method: .get).json()["policyHash"] as? String
            #expect(hashBefore != nil)

            let broken = project.policies.appendingPathComponent("access/broken.yaml")
            try Data("""
                rules:
                  - id: broken.rule
                    description: refers to what does not exist
                    effect: permit
                    roles: [admin]
                    actions: [organization.explode]
                """.utf8).write(to: broken)
            let refused = try await client.call(.post, "/v1/admin/policies/reload", token: admin)
            #expect(refused.status == .unprocessableContent)
            let problems = try #require(try refused.json()["problems"] as? [String])
            #expect(problems.contains { $0.contains("Policies/access/broken.yaml:6") && $0.contains("organization.explode") })

            // The old set still decides, and its hash is still the one reported.
            #expect(try await client.call(.get, "/v1/organizations", token: admin).status == .ok)
            let hashAfter = try await client.execute(uri: "/health/ready", method: .get).json()["policyHash"] as? String
            #expect(hashAfter == hashBefore)

            // A valid change is swapped in: here, one that forbids listing organisations.
            try FileManager.default.removeItem(at: broken)
            try Data("""
                rules:
                  - id: freeze.listing
                    description: Listing organisations is frozen.
                    effect: forbid
                    roles: ["*"]
                    actions: [organization.list]
                """.utf8).write(to: project.policies.appendingPathComponent("access/freeze.yaml"))
            let reloaded = try await client.call(.post, "/v1/admin/policies/reload", token: admin)
            #expect(reloaded.status == .ok)
            let newHash = try reloaded.json()["hash"] as? String
            #expect(newHash != hashBefore)
            let frozen = try await client.call(.get, "/v1/organizations", token: admin)
            #expect(frozen.status == .forbidden)
            #expect(try frozen.json()["decision"] as? String == "forbidden")
            #expect(try frozen.json()["ruleIds"] as? [String] == ["freeze.listing"])

            let audit = try await database.query(
                "SELECT event FROM audit_log WHERE event LIKE 'policy.%' ORDER BY id", logger: TestPostgres.logger)
            var events: [String] = []
            for try await event in audit.decode(String.self) { events.append(event) }
            #expect(events == ["policy.reload_failed", "policy.reloaded"])
        }
    }

    @Test func onlyAdminsReload() async throws {
        try await TestApp.run { client, database in
            try await Accounts.seed(database)
            let alice = try await client.token(Accounts.alice)
            #expect(try await client.call(.post, "/v1/admin/policies/reload", token: alice).status == .forbidden)
        }
    }

    @Test("a workflow that drops a state some case is in is refused, and the case keeps working")
    func strandingReloadRefused() async throws {
        let project = try scratchProject()
        defer { try? FileManager.default.removeItem(at: project.root) }
        let clock = ManualClock(CaseWorld.start)
        try await TestApp.run(configure: { $0.projectFiles = project; $0.clock = clock }) { client, database in
            let world = try await CaseWorld.make(client: client, database: database, clock: clock)
            let id = try await world.file()
            // Rename `filed` to `received` everywhere: a valid file, but the case would be stranded.
            let file = project.policies.appendingPathComponent("workflows/cases.yaml")
            let text = try String(contentsOf: file, encoding: .utf8)
                .replacingOccurrences(of: "initialState: filed", with: "initialState: received")
                .replacingOccurrences(of: "  filed: {", with: "  received: {")
                .replacingOccurrences(of: "from: [filed]", with: "from: [received]")
                .replacingOccurrences(of: "from: [filed, ", with: "from: [received, ")
            try text.write(to: file, atomically: true, encoding: .utf8)
            let refused = try await client.call(.post, "/v1/admin/policies/reload", token: world.token(CaseWorld.admin))
            #expect(refused.status == .unprocessableContent)
            let problems = try refused.json()["problems"] as? [String] ?? []
            #expect(problems.contains { $0.contains("state filed is gone, but 1 case(s) are in it") })
            #expect(try await world.must(id, "accept", as: CaseWorld.mediator) == "awaiting_respondent")
        }
    }
}
