public import Foundation

extension WorkflowDefinition {
    /// A subject comes into being (a complaint is filed): it starts in the initial state with that
    /// state's deadlines, and the first event of its chain, named `action`, records `payload`.
    public func start(
        _ subject: Rules.Subject, action: String, payload: [String: JSONValue], context: TransitionContext
    ) throws(TransitionRefusal) -> TransitionOutcome<Rules.Subject> {
        var started = subject
        started.state = initialState
        started.stateEnteredAt = context.now
        started.deadlines = try startDeadlines(of: initialState, on: context.today)
        var outcome = TransitionOutcome(subject: started)
        outcome.steps = [TransitionStep(action: action, from: "", to: initialState, actor: context.actor, payload: payload)]
        outcome.notifications = intents(
            startNotifications, for: started, actingParty: Rules.actingParty(context.actor, on: started))
        Rules.started(&outcome)
        return outcome
    }
}
