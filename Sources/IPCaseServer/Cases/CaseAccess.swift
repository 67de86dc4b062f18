import Foundation
import IPCaseDomain
import Logging
import Hummingbird

/// Loading a case for a principal, and what that principal may do with it, where the workflow and the
/// policies must both agree.
struct CaseAccess: Sendable {
    let cases: CaseStore
    let authorizer: Authorizer

    /// The case, if the principal may read it; 404 otherwise, so that ids cannot be probed.
    func loadReadable(_ id: UUID, context: AppRequestContext) async throws -> StoredCase {
        try await loadReadableNamed(id, context: context).0
    }

    /// The same, with the names of whoever the case refers to, read in the same statement.
    func loadReadableNamed(_ id: UUID, context: AppRequestContext) async throws -> (StoredCase, CaseNames.Names) {
        guard let (stored, names) = try await cases.findNamed(id, logger: context.logger) else { throw Problem.notFound() }
        try await authorizer.require(
            "case.read", on: CasePolicy.entity(stored.snapshot), readAction: "case.read", request: context)
        return (stored, names)
    }

    /// The manual actions possible now whose guards pass and whose `case.action.<name>` the policies permit.
    func available(
        on snapshot: CaseSnapshot, for principal: Principal, workflow: CaseWorkflow, now: Date, logger: Logger
    ) -> [WorkflowAction<CaseRules>] {
        authorizer.availableActions(
            on: snapshot, entity: CasePolicy.entity(snapshot), for: principal, workflow: workflow, now: now, logger: logger)
    }
}
