import Crypto
import Foundation
import IPCaseDomain
import Synchronization

/// The policy set in force. Loading validates every file; a reload that fails keeps the running set,
/// and one that succeeds replaces it in a single swap, so no request ever sees half of each.
final class PolicyStore: Sendable {
    struct Loaded: Sendable {
        let set: PolicySet
        /// `case-workflow.yaml`, loaded with the access rules so that a reload swaps both at once.
        let workflow: WorkflowDefinition
        /// SHA-256 over every file's path and text: which rules decided, in logs and `/health/ready`.
        let hash: String
    }

    let folder: URL
    private let current: Mutex<Loaded>

    init(folder: URL) throws {
        self.folder = folder
        current = Mutex(try Self.load(from: folder))
    }

    var loaded: Loaded { current.withLock { $0 } }

    /// Re-reads the files; on failure, or when `accept` refuses the new set, the running set stays and
    /// the error says why.
    @discardableResult
    func reload(accept: (Loaded) async throws -> Void = { _ in }) async throws -> Loaded {
        let fresh = try Self.load(from: folder)
        try await accept(fresh)
        current.withLock { $0 = fresh }
        return fresh
    }

    static func load(from folder: URL) throws -> Loaded {
        let schema = try source(folder.appendingPathComponent("schema.yaml"), under: folder)
        let rules = try yamlFiles(in: folder.appendingPathComponent("access")).map { try source($0, under: folder) }
        let set = try PolicySet.load(schema: schema, rules: rules)
        let workflowFile = try source(folder.appendingPathComponent("case-workflow.yaml"), under: folder)
        let workflow = try WorkflowDefinition.load(workflowFile)
        try checkEveryManualActionIsDecided(workflow, by: set, file: workflowFile.path)
        var hasher = SHA256()
        for file in [schema] + rules + [workflowFile] {
            hasher.update(data: Data(file.path.utf8 + [0] + file.text.utf8 + [0]))
        }
        return Loaded(set: set, workflow: workflow, hash: Array(hasher.finalize()).hexString)
    }

    /// The workflow says when an action is possible, the policies who may take it: an action without a
    /// `case.action.<name>` in the schema could never be allowed, and is a mistake in one file or the other.
    private static func checkEveryManualActionIsDecided(
        _ workflow: WorkflowDefinition, by set: PolicySet, file: String
    ) throws {
        let problems = workflow.actions.filter { $0.trigger == .manual && set.actions["case.action.\($0.name)"] == nil }
            .map {
                PolicyProblem(
                    path: file, line: 1,
                    message: "action \($0.name) has no policy action case.action.\($0.name) in Policies/schema.yaml")
            }
        if !problems.isEmpty { throw PolicyValidationError(problems: problems) }
    }

    static func tests(in folder: URL) throws -> PolicyTestSuite {
        try PolicyTestSuite.parse(
            sources: try yamlFiles(in: folder.appendingPathComponent("tests")).map { try source($0, under: folder) })
    }

    private static func yamlFiles(in folder: URL) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { ["yaml", "yml"].contains($0.pathExtension) }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// Paths are named from the project root (`Policies/access/cases.yaml`), as problems report them.
    private static func source(_ file: URL, under folder: URL) throws -> PolicySource {
        let relative = file.path.replacingOccurrences(of: folder.deletingLastPathComponent().path + "/", with: "")
        return PolicySource(path: relative, text: try String(contentsOf: file, encoding: .utf8))
    }
}
