import Foundation
import IPCaseDomain
import Logging
import PostgresNIO

/// Every capability of the service, and what each registers with the shared mechanisms. A new
/// capability (credit, compliance) adds one line to each list it needs.
enum Capabilities {
    /// The workflows `Policies/workflows/` must hold, one per subject type.
    static let workflowKinds: [WorkflowKind] = [
        .of(CaseRules.self), .of(CreditObjectionRules.self), .of(CreditRepairRules.self), .of(CreditCommitmentRules.self),
        .of(ComplianceRules.self),
    ]

    /// How `audit verify` names each capability's subjects.
    static let chainedSubjects: [ChainedSubjectType] = [
        CaseStore.chainedSubjects, CreditRecordStore.chainedSubjects, CreditCommitmentStore.chainedSubjects,
        ComplianceAssessmentStore.chainedSubjects,
    ]

    /// Checks a policy reload must pass against the data, by the subject type whose workflow they check:
    /// a workflow may not drop a state a subject is in.
    static let reloadChecks: [String: PolicyReloadCheck] = [CaseRules.subjectType: CaseStore.statesInUse]
}

/// Problems that make a reload unsafe for the data as it stands; empty when the new set may go in.
typealias PolicyReloadCheck = @Sendable (PolicyStore.Loaded, Database, Logger) async throws -> [PolicyProblem]

extension PolicyStore.Loaded {
    /// `Policies/workflows/cases.yaml`.
    var caseWorkflow: CaseWorkflow { workflows[CaseRules.self] }
}

extension CaseStore {
    /// A workflow that drops a state some case is in would strand that case: no action could start from
    /// it, and reading it would show a state the rules no longer know.
    static let statesInUse: PolicyReloadCheck = { loaded, database, logger in
        let workflow = loaded.caseWorkflow
        var problems: [PolicyProblem] = []
        let rows = try await database.query("SELECT state, count(*) FROM cases GROUP BY state", logger: logger)
        for try await (state, count) in rows.decode((String, Int).self) where workflow.state(state) == nil {
            problems.append(PolicyProblem(
                path: "Policies/workflows/cases.yaml", line: 1,
                message: "state \(state) is gone, but \(count) case(s) are in it; keep the state or move the cases first"))
        }
        return problems
    }
}
