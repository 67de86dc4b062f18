import Foundation

extension WorkflowDefinition {
    /// A user takes `actionName` on the case. Returns the changed case with every step taken, including
    /// the automatic ones its guards set off, or says why the action cannot be taken.
    public func take(
        _ actionName: String, on snapshot: CaseSnapshot, context: TransitionContext
    ) throws(TransitionRefusal) -> TransitionOutcome {
        let allowed = manualActions(from: snapshot.state).map(\.name)
        guard let action = action(actionName), action.trigger == .manual else {
            throw .unknownAction(actionName, state: snapshot.state, allowed: allowed)
        }
        guard action.from.contains(snapshot.state) else {
            throw .notAllowedInState(action: actionName, state: snapshot.state, allowed: allowed)
        }
        // The timer may not have run yet (a scheduler tick, a restart): what is late stays late.
        if let lapsed = lapsedDeadline(of: snapshot, today: context.today) {
            throw .deadlinePassed(deadline: lapsed.name, dueOn: lapsed.dueOn, state: snapshot.state)
        }
        let fields = try validateFields(context.fields, for: action, context: context)
        let stepContext = context.withActor(context.actor, fields: fields)
        if let (name, reason) = firstFailingGuard(action, snapshot, stepContext) {
            throw .guardFailed(guard: name, reason: reason)
        }
        var outcome = TransitionOutcome(snapshot: snapshot)
        try apply(action, to: &outcome, context: stepContext)
        runAutomaticActions(&outcome, context: context)
        return outcome
    }

    /// A deadline of the current state ran out: `system` takes its expiry action. `nil` when the timer
    /// is stale (the case moved on, the deadline was extended, paused or is not yet due).
    public func expire(_ deadlineName: String, on snapshot: CaseSnapshot, now: Date) -> TransitionOutcome? {
        let context = TransitionContext(actor: .system, now: now, timeZone: timeZone)
        guard let running = snapshot.deadlines.first(where: { $0.name == deadlineName }), !running.isPaused,
              context.today > running.dueOn,
              let actionName = deadline(deadlineName)?.onExpiry, let action = action(actionName),
              action.from.contains(snapshot.state)
        else { return nil }
        var outcome = TransitionOutcome(snapshot: snapshot)
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
    public func availableActions(on snapshot: CaseSnapshot, context: TransitionContext) -> [WorkflowAction] {
        guard lapsedDeadline(of: snapshot, today: context.today) == nil else { return [] }
        return manualActions(from: snapshot.state).filter { action in
            action.guards.allSatisfy { $0.needsFields || $0.failure(snapshot, context, action: action, workflow: self) == nil }
        }
    }

    /// A running deadline whose day has passed and whose expiry action is still to be taken by `system`.
    func lapsedDeadline(of snapshot: CaseSnapshot, today: CalendarDay) -> CaseSnapshot.Deadline? {
        snapshot.deadlines.first { !$0.isPaused && today > $0.dueOn && deadline($0.name)?.onExpiry != nil }
    }

    private func firstFailingGuard(
        _ action: WorkflowAction, _ snapshot: CaseSnapshot, _ context: TransitionContext
    ) -> (String, String)? {
        for check in action.guards {
            if let reason = check.failure(snapshot, context, action: action, workflow: self) { return (check.name, reason) }
        }
        return nil
    }

    /// Automatic actions fire, in file order, as long as one of the current state has its guards met.
    /// The bound stops a badly written file from looping; validation already refuses automatic self-loops
    /// without effects.
    private func runAutomaticActions(_ outcome: inout TransitionOutcome, context: TransitionContext) {
        let system = context.withActor(.system, fields: [:])
        for _ in 0..<8 {
            let next = actions.first { action in
                action.trigger == .automatic && action.from.contains(outcome.snapshot.state)
                    && !action.guards.isEmpty
                    && firstFailingGuard(action, outcome.snapshot, system) == nil
            }
            guard let next else { return }
            do { try apply(next, to: &outcome, context: system) } catch { return }
        }
    }

    /// One step: effects, then the move, then clocks, then notifications.
    private func apply(
        _ action: WorkflowAction, to outcome: inout TransitionOutcome, context: TransitionContext
    ) throws(TransitionRefusal) {
        let from = outcome.snapshot.state
        let side = context.actor.organizationId.flatMap(outcome.snapshot.side(of:))
        for effect in action.effects {
            try apply(effect, of: action, to: &outcome, side: side, context: context)
        }
        let to = action.target(from: from)
        if to != from {
            outcome.snapshot.state = to
            outcome.snapshot.outcome = action.outcome
            outcome.snapshot.stateEnteredAt = context.now
            // What both parties had agreed to belonged to the state they agreed in.
            outcome.snapshot.proposals = [:]
            outcome.snapshot.deadlines = startDeadlines(of: to, on: context.today)
        }
        reconcilePauses(&outcome.snapshot, today: context.today)
        outcome.steps.append(TransitionStep(action: action.name, from: from, to: to, actor: context.actor, payload: context.fields))
        let due = outcome.snapshot.deadlines.first.map { $0.isPaused ? "—" : $0.dueOn.description } ?? "—"
        for notification in action.notifications {
            outcome.notifications.append(NotificationIntent(
                recipient: notification.recipient,
                text: notification.text.map {
                    $0.replacingOccurrences(of: "{number}", with: outcome.snapshot.number)
                        .replacingOccurrences(of: "{due}", with: due)
                },
                actingSide: side))
        }
    }
}
