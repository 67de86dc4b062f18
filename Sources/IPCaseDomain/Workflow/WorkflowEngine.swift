public import Foundation

extension WorkflowDefinition {
    /// A user takes `actionName` on the subject. Returns the changed subject with every step taken,
    /// including the automatic ones its guards set off, or says why the action cannot be taken.
    public func take(
        _ actionName: String, on subject: Rules.Subject, context: TransitionContext
    ) throws(TransitionRefusal) -> TransitionOutcome<Rules.Subject> {
        let allowed = manualActions(from: subject.state).map(\.name)
        guard let action = action(actionName), action.trigger == .manual else {
            throw .unknownAction(actionName, state: subject.state, allowed: allowed)
        }
        guard action.from.contains(subject.state) else {
            throw .notAllowedInState(action: actionName, state: subject.state, allowed: allowed)
        }
        // The timer may not have run yet (a scheduler tick, a restart): what is late stays late.
        if let lapsed = lapsedDeadline(of: subject, today: context.today) {
            throw .deadlinePassed(deadline: lapsed.name, dueOn: lapsed.dueOn, state: subject.state)
        }
        let fields = try validateFields(context.fields, for: action, context: context)
        let stepContext = context.withActor(context.actor, fields: fields)
        if let (name, reason) = firstFailingGuard(action, subject, stepContext) {
            throw .guardFailed(guard: name, reason: reason)
        }
        var outcome = TransitionOutcome(subject: subject)
        try apply(action, to: &outcome, context: stepContext)
        runAutomaticActions(&outcome, context: context)
        return outcome
    }

    /// A deadline of the current state ran out: `system` takes its expiry action. `nil` when the timer
    /// is stale (the subject moved on, the deadline was extended, paused or is not yet due).
    public func expire(_ deadlineName: String, on subject: Rules.Subject, now: Date) -> TransitionOutcome<Rules.Subject>? {
        let context = TransitionContext(actor: .system, now: now, timeZone: timeZone)
        guard let running = subject.deadlines.first(where: { $0.name == deadlineName }), !running.isPaused,
              context.today > running.dueOn,
              let actionName = deadline(deadlineName)?.onExpiry, let action = action(actionName),
              action.from.contains(subject.state)
        else { return nil }
        var outcome = TransitionOutcome(subject: subject)
        do {
            try apply(action, to: &outcome, context: context)
        } catch {
            return nil
        }
        runAutomaticActions(&outcome, context: context)
        return outcome
    }

    /// The actions this actor could take now as far as the workflow can tell without a request body:
    /// possible in the state, and every guard that does not depend on fields passes.
    public func availableActions(on subject: Rules.Subject, context: TransitionContext) -> [WorkflowAction<Rules>] {
        guard lapsedDeadline(of: subject, today: context.today) == nil else { return [] }
        return manualActions(from: subject.state).filter { action in
            action.guards.allSatisfy {
                Rules.needsFields($0) || Rules.failure(of: $0, on: subject, context: context, action: action, workflow: self) == nil
            }
        }
    }

    /// A running deadline whose day has passed and whose expiry action is still to be taken by `system`.
    func lapsedDeadline(of subject: Rules.Subject, today: CalendarDay) -> RunningDeadline? {
        subject.deadlines.first { !$0.isPaused && today > $0.dueOn && deadline($0.name)?.onExpiry != nil }
    }

    /// The name a guard has in the workflow file.
    public func name(of check: Rules.Guard) -> String {
        Rules.guards.first { $0.value == check }?.key ?? "\(check)"
    }

    private func firstFailingGuard(
        _ action: WorkflowAction<Rules>, _ subject: Rules.Subject, _ context: TransitionContext
    ) -> (String, LocalizedText)? {
        for check in action.guards {
            if let reason = Rules.failure(of: check, on: subject, context: context, action: action, workflow: self) {
                return (name(of: check), reason)
            }
        }
        return nil
    }

    /// Automatic actions fire, in file order, as long as one of the current state has its guards met.
    /// The bound stops a badly written file from looping; validation already refuses automatic actions
    /// without guards.
    private func runAutomaticActions(_ outcome: inout TransitionOutcome<Rules.Subject>, context: TransitionContext) {
        let system = context.withActor(.system, fields: [:])
        for _ in 0..<8 {
            let next = actions.first { action in
                action.trigger == .automatic && action.from.contains(outcome.subject.state)
                    && !action.guards.isEmpty
                    && firstFailingGuard(action, outcome.subject, system) == nil
            }
            guard let next else { return }
            do { try apply(next, to: &outcome, context: system) } catch { return }
        }
    }

    /// One step: effects, then the move, then clocks, then notifications.
    private func apply(
        _ action: WorkflowAction<Rules>, to outcome: inout TransitionOutcome<Rules.Subject>, context: TransitionContext
    ) throws(TransitionRefusal) {
        let from = outcome.subject.state
        let actingParty = Rules.actingParty(context.actor, on: outcome.subject)
        for effect in action.effects {
            try Rules.apply(effect, of: action, to: &outcome, context: context, workflow: self)
        }
        let to = action.target(from: from)
        if to != from {
            outcome.subject.state = to
            outcome.subject.outcome = action.outcome
            outcome.subject.stateEnteredAt = context.now
            Rules.enteredState(&outcome.subject)
            outcome.subject.deadlines = try startDeadlines(of: to, on: context.today)
        }
        reconcilePauses(&outcome.subject, today: context.today)
        let payload = context.fields.merging(outcome.recorded) { field, _ in field }
        outcome.recorded = [:]
        outcome.steps.append(TransitionStep(action: action.name, from: from, to: to, actor: context.actor, payload: payload))
        outcome.notifications += intents(action.notifications, for: outcome.subject, actingParty: actingParty)
    }

    /// The notifications' texts with their placeholders filled in.
    func intents(_ notifications: [WorkflowNotification], for subject: Rules.Subject, actingParty: String?) -> [NotificationIntent] {
        var values = Rules.templateValues(of: subject)
        values["due"] = subject.deadlines.first.map { $0.isPaused ? "—" : $0.dueOn.description } ?? "—"
        return notifications.map { notification in
            NotificationIntent(
                recipient: notification.recipient, text: notification.text.map { Self.fill($0, with: values) },
                actingParty: actingParty)
        }
    }

    /// Replaces each `{name}` with its value in one pass, so that a value that itself contains braces
    /// (a party's name) is never read as a placeholder; unknown names stay as they are.
    static func fill(_ template: String, with values: [String: String]) -> String {
        var result = ""
        var rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let name = String(rest[rest.index(after: open)..<close])
            result += values[name] ?? "{\(name)}"
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }
}
