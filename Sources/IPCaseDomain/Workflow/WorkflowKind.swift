import Foundation
import Yams

/// A workflow of any capability, for what handles them all alike: loading, the schema check, reloads.
public protocol AnyWorkflow: Sendable {
    var subjectType: String { get }
    var stateNames: [String] { get }
    /// The policy action of each manual action, which the schema must declare: `case.action.accept`.
    var policyActions: [(action: String, policyAction: String)] { get }
    /// Whether a deadline counts working days, so that the calendar must cover the days it runs on.
    var countsWorkingDays: Bool { get }
    /// An action's name in both languages and its fields, for a client that builds its forms from the workflow.
    func describe(action name: String) -> (description: LocalizedText, fields: [WorkflowField])?
}

extension WorkflowDefinition: AnyWorkflow {
    public var stateNames: [String] { states.map(\.name) }
    public var policyActions: [(action: String, policyAction: String)] {
        actions.filter { $0.trigger == .manual }.map { ($0.name, policyAction($0.name)) }
    }
    public var countsWorkingDays: Bool { deadlines.contains(where: \.workingDays) }
    public func describe(action name: String) -> (description: LocalizedText, fields: [WorkflowField])? {
        action(name).map { ($0.description, $0.fields) }
    }
}

/// How to load the workflow of one subject type; each capability registers one.
public struct WorkflowKind: Sendable {
    public let subjectType: String
    /// Reads a file of the kind; deadlines in working days are counted on the calendar.
    public let load: @Sendable (PolicySource, WorkingDayCalendar) throws -> any AnyWorkflow

    public static func of<Rules: WorkflowRules>(_ rules: Rules.Type) -> WorkflowKind {
        WorkflowKind(subjectType: Rules.subjectType) { source, calendar in
            try WorkflowDefinition<Rules>.load(source, calendar: calendar)
        }
    }

    /// The `subject:` a workflow file declares, read before the file is handed to its capability; a file
    /// that is not YAML is reported with the line of its fault.
    public static func declaredSubject(of source: PolicySource) throws(PolicyValidationError) -> String {
        var file = PolicyYAMLFile(path: source.path)
        guard let root = file.parse(source.text) else { throw PolicyValidationError(problems: file.problems) }
        guard case .mapping(let mapping) = root, let subject = mapping["subject"]?.string, !subject.isEmpty else {
            throw PolicyValidationError(problems: [
                PolicyProblem(path: source.path, line: 1, message: "a workflow file needs subject: <subject type>"),
            ])
        }
        return subject
    }
}

/// The workflows in force, one per subject type.
public struct WorkflowSet: Sendable {
    public let bySubject: [String: any AnyWorkflow]

    public init(_ workflows: [any AnyWorkflow]) {
        bySubject = Dictionary(workflows.map { ($0.subjectType, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The workflow of a registered capability; loading refuses a set without it, so it is there.
    public subscript<Rules: WorkflowRules>(_ rules: Rules.Type) -> WorkflowDefinition<Rules> {
        guard let workflow = bySubject[Rules.subjectType] as? WorkflowDefinition<Rules> else {
            preconditionFailure("no workflow for \(Rules.subjectType) was loaded: its capability is not registered")
        }
        return workflow
    }
}
