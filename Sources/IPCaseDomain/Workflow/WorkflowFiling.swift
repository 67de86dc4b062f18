import Foundation

extension WorkflowDefinition {
    /// A complaint is filed: the case starts in the initial state with that state's deadlines, and the
    /// first event of its chain records what was filed.
    public func file(_ snapshot: CaseSnapshot, payload: [String: JSONValue], context: TransitionContext) -> TransitionOutcome {
        var filed = snapshot
        filed.state = initialState
        filed.stateEnteredAt = context.now
        filed.deadlines = startDeadlines(of: initialState, on: context.today)
        var outcome = TransitionOutcome(snapshot: filed)
        outcome.steps = [TransitionStep(action: "file", from: "", to: initialState, actor: context.actor, payload: payload)]
        let due = filed.deadlines.first?.dueOn.description ?? "—"
        outcome.notifications = filingNotifications.map { notification in
            NotificationIntent(
                recipient: notification.recipient,
                text: notification.text.map {
                    $0.replacingOccurrences(of: "{number}", with: filed.number).replacingOccurrences(of: "{due}", with: due)
                },
                actingSide: .complainant)
        }
        return outcome
    }
}
