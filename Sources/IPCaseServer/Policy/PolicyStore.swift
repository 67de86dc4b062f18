import Crypto
import Foundation
import IPCaseDomain
import Synchronization

/// The policy set in force. Loading validates every file; a reload that fails keeps the running set,
/// and one that succeeds replaces it in a single swap, so no request ever sees half of each.
final class PolicyStore: Sendable {
    struct Loaded: Sendable {
        let set: PolicySet
        /// `workflows/*.yaml`, one per capability, loaded with the access rules so that a reload swaps
        /// all of them at once.
        let workflows: WorkflowSet
        /// `calendar/*.yaml`: which days are working days, for limits counted in working days.
        let calendar: WorkingDayCalendar
        /// `credit-model.yaml`: the kinds of credit record, tiers, measures and grade bands.
        let creditModel: CreditModel
        /// `checklists/*.yaml`: the compliance checklist templates, by id.
        let checklists: [ChecklistTemplate]
        /// SHA-256 over every file's path and text: which rules decided, in logs and `/health/ready`.
        let hash: String
        /// What is valid but needs an operator soon (a calendar year missing), logged at start and by `policy check`.
        var warnings: [PolicyProblem] = []
    }

    let folder: URL
    /// The capabilities whose workflows the folder must hold.
    let workflowKinds: [WorkflowKind]
    private let current: Mutex<Loaded>

    init(folder: URL, workflowKinds: [WorkflowKind] = Capabilities.workflowKinds) throws {
        self.folder = folder
        self.workflowKinds = workflowKinds
        current = Mutex(try Self.load(from: folder, workflowKinds: workflowKinds))
    }

    var loaded: Loaded { current.withLock { $0 } }

    /// Re-reads the files; on failure, or when `accept` refuses the new set, the running set stays and
    /// the error says why.
    @discardableResult
    func reload(accept: (Loaded) async throws -> Void = { _ in }) async throws -> Loaded {
        let fresh = try Self.load(from: folder, workflowKinds: workflowKinds)
        try await accept(fresh)
        current.withLock { $0 = fresh }
        return fresh
    }

    /// `credit-model.yaml` alone, for commands that score without serving.
    static func loadCreditModel(from folder: URL) throws -> CreditModel {
        try CreditModel.load(try source(folder.appendingPathComponent("credit-model.yaml"), under: folder))
    }

    static func load(from folder: URL, workflowKinds: [WorkflowKind] = Capabilities.workflowKinds) throws -> Loaded {
        let schema = try source(folder.appendingPathComponent("schema.yaml"), under: folder)
        let rules = try yamlFiles(in: folder.appendingPathComponent("access")).map { try source($0, under: folder) }
        let set = try PolicySet.load(schema: schema, rules: rules)
        let calendarFiles = try yamlFiles(in: folder.appendingPathComponent("calendar")).map { try source($0, under: folder) }
        let calendar = try WorkingDayCalendar.load(calendarFiles)
        let workflowFiles = try yamlFiles(in: folder.appendingPathComponent("workflows")).map { try source($0, under: folder) }
        let (workflows, warnings) = try loadWorkflows(workflowFiles, kinds: workflowKinds, decidedBy: set, calendar: calendar)
        let creditModelFile = try source(folder.appendingPathComponent("credit-model.yaml"), under: folder)
        let creditModel = try CreditModel.load(creditModelFile)
        let checklistFiles = try yamlFiles(in: folder.appendingPathComponent("checklists")).map { try source($0, under: folder) }
        let checklists = try ChecklistTemplate.loadAll(checklistFiles)
        // A level's credit kind must be one the model can record as a positive record.
        let unknownCredit = checklists.flatMap { template in
            template.levels.compactMap { level -> PolicyProblem? in
                guard let kind = level.creditKind, creditModel.kind(kind)?.isPositive != true else { return nil }
                let positive = creditModel.kinds.filter(\.isPositive).map(\.code).joined(separator: ", ")
                return PolicyProblem(
                    path: "Policies/checklists/\(template.id).yaml", line: 1,
                    message: "level \(level.id) names creditKind \(kind), which is not a positive kind of credit-model.yaml (\(positive))")
            }
        }
        if !unknownCredit.isEmpty { throw PolicyValidationError(problems: unknownCredit) }
        var hasher = SHA256()
        for file in [schema] + rules + workflowFiles + calendarFiles + [creditModelFile] + checklistFiles {
            hasher.update(data: Data(file.path.utf8 + [0] + file.text.utf8 + [0]))
        }
        return Loaded(
            set: set, workflows: workflows, calendar: calendar, creditModel: creditModel, checklists: checklists,
            hash: Array(hasher.finalize()).hexString, warnings: warnings)
    }

    /// Each file goes to the capability its `subject:` names; every registered capability needs exactly
    /// one file, and a file for a subject nobody registered is a mistake. The workflow says when an action
    /// is possible, the policies who may take it: a manual action without its `<subject>.action.<name>`
    /// in the schema could never be allowed, and is a mistake in one file or the other.
    private static func loadWorkflows(
        _ files: [PolicySource], kinds: [WorkflowKind], decidedBy set: PolicySet, calendar: WorkingDayCalendar,
        today: CalendarDay = CalendarDay(Date(), in: TimeZone(identifier: "Asia/Shanghai")!)
    ) throws -> (WorkflowSet, warnings: [PolicyProblem]) {
        var problems: [PolicyProblem] = []
        var warnings: [PolicyProblem] = []
        var loaded: [String: any AnyWorkflow] = [:]
        var declared: Set<String> = []
        for file in files {
            let subject: String
            do { subject = try WorkflowKind.declaredSubject(of: file) } catch {
                problems += error.problems
                continue
            }
            guard let kind = kinds.first(where: { $0.subjectType == subject }) else {
                let known = kinds.map(\.subjectType).joined(separator: ", ")
                problems.append(PolicyProblem(
                    path: file.path, line: 1, message: "no capability moves subjects of type '\(subject)' (known: \(known))"))
                continue
            }
            if !declared.insert(subject).inserted {
                problems.append(PolicyProblem(path: file.path, line: 1, message: "a second workflow for subject '\(subject)'"))
                continue
            }
            do {
                let workflow = try kind.load(file, calendar)
                loaded[subject] = workflow
                // Working days are not guessed: a calendar that does not cover this year cannot count them, and a
                // step whose limit would fall in it answers 503. The service still starts on New Year's Day;
                // the operator is warned to add the year's holidays as soon as the State Council publishes them.
                if workflow.countsWorkingDays, calendar.years[today.year] == nil {
                    warnings.append(PolicyProblem(
                        path: file.path, line: 1,
                        message: "its deadlines count working days, but Policies/calendar has no file for \(today.year): "
                            + "steps whose limits fall in it are refused (503) until one is added"))
                }
                for (action, policyAction) in workflow.policyActions where set.actions[policyAction] == nil {
                    problems.append(PolicyProblem(
                        path: file.path, line: 1,
                        message: "action \(action) has no policy action \(policyAction) in Policies/schema.yaml"))
                }
            } catch let error as PolicyValidationError {
                problems += error.problems
            }
        }
        for kind in kinds where !declared.contains(kind.subjectType) {
            problems.append(PolicyProblem(
                path: "Policies/workflows", line: 1, message: "no workflow file has subject: \(kind.subjectType)"))
        }
        if !problems.isEmpty { throw PolicyValidationError(problems: problems) }
        return (WorkflowSet(Array(loaded.values)), warnings)
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
