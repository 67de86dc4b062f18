import Foundation
import IPCaseDomain
import Logging

extension Authorizer {
    /// The manual actions possible now whose guards pass and whose `<subject>.action.<name>` the policies
    /// permit the principal on `entity`: where the workflow and the policies both agree. Every capability's
    /// representation offers exactly these.
    func availableActions<Rules: WorkflowRules>(
        on subject: Rules.Subject, entity: PolicyEntity, for principal: Principal, workflow: WorkflowDefinition<Rules>,
        now: Date, logger: Logger
    ) -> [WorkflowAction<Rules>] {
        let context = TransitionContext(
            actor: .user(id: principal.userId, organizationId: principal.organizationId), now: now, timeZone: workflow.timeZone)
        return workflow.availableActions(on: subject, context: context).filter {
            decide(workflow.policyAction($0.name), resource: entity, principal: principal, logger: logger).isAllowed
        }
    }
}
