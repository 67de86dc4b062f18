/// A loaded, validated set of rules: answers `PolicyRequest`s.
///
/// Semantics are Cedar's: default deny, a matching `forbid` beats every `permit`, rule order never
/// matters, and a condition that fails to evaluate makes its rule not match.
public struct PolicySet: Sendable {
    public let schema: PolicySchema
    /// Every rule, sorted by id.
    public let rules: [PolicyRule]
    /// One entry per declared action, also for actions no rule mentions, so that those are denied
    /// by default instead of reported as unknown.
    let rulesByAction: [String: ActionRules]

    struct ActionRules: Sendable {
        let resourceType: String
        /// Both sorted by id, so that matching ids come out sorted without a sort per decision.
        let forbids: [CompiledRule]
        let permits: [CompiledRule]
    }

    public var ruleCount: Int { rules.count }

    public var actions: [String: ActionDeclaration] { schema.actions }

    /// The actions that work on resources of this entity type, sorted by name.
    public func actions(forResourceType resourceType: String) -> [ActionDeclaration] {
        schema.actions.values.filter { $0.resourceType == resourceType }.sorted { $0.name < $1.name }
    }

    public func decide(_ request: PolicyRequest) -> PolicyDecision {
        guard let actionRules = rulesByAction[request.action] else {
            return PolicyDecision(outcome: .notPermitted, errors: [
                PolicyEvaluationError(ruleId: nil, message: "unknown action '\(request.action)'"),
            ])
        }
        guard request.resource.type == actionRules.resourceType else {
            return PolicyDecision(outcome: .notPermitted, errors: [
                PolicyEvaluationError(
                    ruleId: nil,
                    message: "action '\(request.action)' works on '\(actionRules.resourceType)' resources, "
                        + "not '\(request.resource.type)'"),
            ])
        }

        let roles = PolicyRoles.mask(of: request.principal.attributes["roles"])
        var errors: [PolicyEvaluationError] = []
        // Permits are evaluated even when a forbid matched, so that `errors` reports every broken
        // condition, not just the ones that happened to be reached.
        let forbidding = Self.matchingRuleIds(actionRules.forbids, request, roles, &errors)
        let permitting = Self.matchingRuleIds(actionRules.permits, request, roles, &errors)

        if !forbidding.isEmpty {
            return PolicyDecision(outcome: .forbidden, ruleIds: forbidding, errors: errors)
        }
        if !permitting.isEmpty {
            return PolicyDecision(outcome: .permitted, ruleIds: permitting, errors: errors)
        }
        return PolicyDecision(outcome: .notPermitted, errors: errors)
    }

    /// The actions on this resource the principal is permitted, sorted; e.g. to tell a client which
    /// buttons to show.
    public func permittedActions(
        principal: PolicyEntity, resource: PolicyEntity, context: [String: PolicyValue] = [:]
    ) -> [String] {
        actions(forResourceType: resource.type).map(\.name).filter { action in
            decide(PolicyRequest(principal: principal, action: action, resource: resource, context: context))
                .isAllowed
        }
    }

    private static func matchingRuleIds(
        _ rules: [CompiledRule],
        _ request: PolicyRequest,
        _ roles: UInt64,
        _ errors: inout [PolicyEvaluationError]
    ) -> [String] {
        var ids: [String] = []
        for rule in rules where rule.applies(toRoles: roles) {
            do {
                if try rule.conditionsHold(for: request) { ids.append(rule.id) }
            } catch {
                errors.append(PolicyEvaluationError(ruleId: rule.id, message: error.message))
            }
        }
        return ids
    }
}
