import Foundation
import Hummingbird
import IPCaseDomain
import Logging

/// Re-loading the policy files without a restart (also on SIGHUP).
struct PolicyEndpoints: EndpointCollection {
    let dependencies: PolicyModule

    struct ReloadResult: Encodable {
        let hash: String
        let rules: Int
    }

    var endpoints: [Endpoint] {
        [Endpoint(.post, "/v1/admin/policies/reload", access: .action("policy.reload"), handler: reload)]
    }

    @Sendable func reload(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try await dependencies.authorizer.require("policy.reload", on: .platform, request: context)
        do {
            let loaded = try await PolicyReloader(dependencies: dependencies).reload(actor: principal, context: context)
            return try .json(ReloadResult(hash: loaded.hash, rules: loaded.set.ruleCount))
        } catch let error as PolicyValidationError {
            throw Problem(
                kind: .invalidPolicies,
                detail: ProblemDetail.invalidPolicies,
                extensions: ["problems": .array(error.problems.map { .string($0.description) })])
        }
    }
}

/// One way to reload, for the endpoint and for SIGHUP, so both log and audit alike.
struct PolicyReloader: Sendable {
    let dependencies: PolicyModule

    func reload(actor: Principal?, context: AppRequestContext?) async throws -> PolicyStore.Loaded {
        let logger = context?.logger ?? dependencies.logger
        let previousModelHash = dependencies.policies.loaded.creditModel.hash
        do {
            let loaded = try await dependencies.policies.reload { fresh in
                var problems: [PolicyProblem] = []
                for (subjectType, check) in Capabilities.reloadChecks where fresh.workflows.bySubject[subjectType] != nil {
                    problems += try await check(fresh, dependencies.database, logger)
                }
                if !problems.isEmpty { throw PolicyValidationError(problems: problems) }
            }
            logger.notice("policies reloaded", metadata: ["policy_hash": .string(loaded.hash), "rules": "\(loaded.set.ruleCount)"])
            try await record("policy.reloaded", actor: actor, context: context, details: ["hash": .string(loaded.hash)])
            if loaded.creditModel.hash != previousModelHash { recomputeCredit(with: loaded.creditModel, logger: logger) }
            return loaded
        } catch let error as PolicyValidationError {
            logger.error("policy reload refused; the running policies stay", metadata: ["problems": .string(error.description)])
            try await record(
                "policy.reload_failed", actor: actor, context: context,
                details: ["problems": .array(error.problems.map { .string($0.description) })])
            throw error
        }
    }

    /// A new credit model may move subjects into other grades: every subject is scored again in the
    /// background, and the subjects whose published grade now differs are logged for the regulators, who
    /// issue the new grades (nothing is changed for them).
    private func recomputeCredit(with model: CreditModel, logger: Logger) {
        let database = dependencies.database
        let today = CalendarDay(Date(), in: model.timeZone)
        Task {
            do {
                let report = try await CreditRecompute.run(model: model, asOf: today, on: database, logger: logger)
                logger.notice(
                    "credit model changed: subjects rescored",
                    metadata: [
                        "model_version": .string(model.version), "subjects": "\(report.subjects)",
                        "grades_differing": "\(report.differences.count)",
                        "differing": .string(report.differences.prefix(50).map(\.creditCode).joined(separator: ",")),
                    ])
            } catch {
                logger.error("credit recompute after a model change failed", metadata: ["error": .string(String(reflecting: error))])
            }
        }
    }

    private func record(_ event: String, actor: Principal?, context: AppRequestContext?, details: [String: JSONValue]) async throws {
        let entry = AuditLog.Entry(event: event, actor: actor, subjectType: "policies", details: details)
        if let context {
            try await dependencies.audit.record(entry, context: context)
        } else {
            try await dependencies.audit.recordWithoutRequest(entry, logger: dependencies.logger)
        }
    }
}
