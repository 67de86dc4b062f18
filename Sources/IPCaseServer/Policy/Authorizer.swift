import Foundation
import IPCaseDomain
import Logging
import HTTPTypes
import Hummingbird

/// Asks the policies whether the principal may take an action on a resource, logs every decision, and
/// turns a denial into the right answer: 404 when the principal may not even read the resource (so ids
/// cannot be probed), otherwise 403 naming the deciding rules.
struct Authorizer: Sendable {
    let policies: PolicyStore
    let audit: AuditLog
    let metrics: ServiceMetrics?

    func decide(
        _ action: String, resource: PolicyEntity, context policyContext: [String: PolicyValue] = [:],
        principal: Principal, logger: Logger
    ) -> PolicyDecision {
        let loaded = policies.loaded
        let decision = loaded.set.decide(
            PolicyRequest(principal: principal.policyEntity, action: action, resource: resource, context: policyContext))
        logger.debug(
            "policy decision",
            metadata: [
                "action": .string(action), "principal": .string(principal.userId.uuidString.lowercased()),
                "resource_type": .string(resource.type),
                "resource_id": .string(resource.attributes["id"].map { "\($0)" } ?? "-"),
                "decision": .string(decision.outcome.rawValue), "rules": .string(decision.ruleIds.joined(separator: ",")),
                "policy_hash": .string(loaded.hash),
            ])
        metrics?.policyDecision(decision.outcome.rawValue)
        for error in decision.errors {
            logger.warning("policy evaluation error", metadata: ["action": .string(action), "error": .string(error.description)])
        }
        return decision
    }

    /// Passes when the action is permitted; otherwise records the denial and throws 403, or 404 when
    /// `readAction` (the action that reads this resource) is denied too.
    func require(
        _ action: String, on resource: PolicyEntity, context policyContext: [String: PolicyValue] = [:],
        readAction: String? = nil, request context: AppRequestContext
    ) async throws {
        let principal = try context.requirePrincipal()
        let decision = decide(action, resource: resource, context: policyContext, principal: principal, logger: context.logger)
        guard !decision.isAllowed else { return }
        try await audit.record(
            .init(
                event: "access.denied", actor: principal, subjectType: resource.type,
                subjectId: resource.attributes["id"].flatMap { if case .string(let id) = $0 { id } else { nil } },
                details: [
                    "action": .string(action), "decision": .string(decision.outcome.rawValue),
                    "ruleIds": .array(decision.ruleIds.map(JSONValue.string)),
                ]),
            context: context)
        if let readAction, readAction != action,
            !self.decide(readAction, resource: resource, principal: principal, logger: context.logger).isAllowed
        {
            throw Problem.notFound()
        }
        if readAction == action { throw Problem.notFound() }
        throw Problem.denied(decision, mayAct: mayAct(action))
    }

    /// Who may take an action, from the permitting rules: their roles and what each rule asks, in the words of
    /// the policy files. Said only to someone who may read the resource, and never more than the rules say.
    func mayAct(_ action: String) -> [PolicyRule] {
        policies.loaded.set.rules.filter { $0.effect == .permit && $0.actions.contains(action) }
    }
}

extension Problem {
    static func denied(_ decision: PolicyDecision, mayAct rules: [PolicyRule] = []) -> Problem {
        let forbidden = decision.outcome == .forbidden
        var roles: [String] = []
        for rule in rules { for role in rule.roles where !roles.contains(role) { roles.append(role) } }
        return Problem(
            kind: .forbidden,
            detail: rules.isEmpty
                ? (forbidden ? ProblemDetail.forbiddenBy(decision.ruleIds) : ProblemDetail.notPermitted)
                : ProblemDetail.onlyOthersMayAct(roles: roles, forbiddenBy: forbidden ? decision.ruleIds : []),
            extensions: [
                "decision": .string(decision.outcome.rawValue),
                "ruleIds": .array(decision.ruleIds.map(JSONValue.string)),
                "mayAct": .array(rules.map { rule in
                    .object([
                        "rule": .string(rule.id), "roles": .array(rule.roles.map(JSONValue.string)),
                        "description": .string(rule.description),
                    ])
                }),
            ])
    }
}

extension AppRequestContext {
    func requirePrincipal() throws -> Principal {
        guard let principal else { throw Problem.unauthenticated() }
        return principal
    }
}
