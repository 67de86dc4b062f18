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
        throw Problem.denied(decision)
    }
}

extension Problem {
    static func denied(_ decision: PolicyDecision) -> Problem {
        let forbidden = decision.outcome == .forbidden
        return Problem(
            kind: .forbidden,
            detail: forbidden ? ProblemDetail.forbiddenBy(decision.ruleIds) : ProblemDetail.notPermitted,
            extensions: [
                "decision": .string(decision.outcome.rawValue),
                "ruleIds": .array(decision.ruleIds.map(JSONValue.string)),
            ])
    }
}

extension AppRequestContext {
    func requirePrincipal() throws -> Principal {
        guard let principal else { throw Problem.unauthenticated() }
        return principal
    }
}
