import Foundation
import IPCaseDomain
import Testing
@testable import IPCaseServer

/// The workflow says when, the policies say who: each manual action needs its `case.action.<name>`,
/// and a policy action for a workflow action that does not exist is a leftover.
@Suite("Workflow and policies agree")
struct WorkflowPolicyAlignmentTests {
    @Test("every manual workflow action has a policy action, and every case.action.* names a manual action")
    func alignment() throws {
        let loaded = try PolicyStore.load(from: TestPostgres.projectFiles.policies)
        let manual = Set(loaded.caseWorkflow.actions.filter { $0.trigger == .manual }.map { "case.action.\($0.name)" })
        let declared = Set(loaded.set.actions.keys.filter { $0.hasPrefix("case.action.") })
        #expect(manual == declared)
        #expect(manual.count > 20)
    }

    @Test("a workflow action without a policy action refuses to load")
    func missingPolicyActionRefused() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("policies-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: TestPostgres.projectFiles.policies, to: folder)
        defer { try? FileManager.default.removeItem(at: folder) }
        let workflow = folder.appendingPathComponent("workflows/cases.yaml")
        var text = try String(contentsOf: workflow, encoding: .utf8)
        text += """

              escalate:
                description: { zh: "升级", en: "Escalate" }
                from: [in_mediation]

            """
        try text.write(to: workflow, atomically: true, encoding: .utf8)
        #expect(throws: PolicyValidationError.self) { try PolicyStore.load(from: folder) }
        do {
            _ = try PolicyStore.load(from: folder)
        } catch {
            #expect("\(error)".contains("case.action.escalate"))
        }
    }
}
