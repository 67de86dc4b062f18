import Foundation

extension WorkflowDefinition {
    /// The deadlines that start when a case enters `state` on `day`.
    func startDeadlines(of state: String, on day: CalendarDay) -> [CaseSnapshot.Deadline] {
        deadlines(of: state).map {
            CaseSnapshot.Deadline(name: $0.name, startedOn: day, dueOn: day.adding(days: $0.days), pausedDaysLeft: nil, extensionsUsed: 0)
        }
    }

    /// Stops or restarts clocks whose pause condition changed. A paused deadline keeps the days it had
    /// left; when it restarts, they count again from that day.
    func reconcilePauses(_ snapshot: inout CaseSnapshot, today: CalendarDay) {
        for index in snapshot.deadlines.indices {
            let deadline = snapshot.deadlines[index]
            guard let condition = self.deadline(deadline.name)?.pausedWhile else { continue }
            let shouldPause = condition.holds(for: snapshot)
            if shouldPause, deadline.pausedDaysLeft == nil {
                snapshot.deadlines[index].pausedDaysLeft = max(0, today.days(until: deadline.dueOn))
            } else if !shouldPause, let left = deadline.pausedDaysLeft {
                snapshot.deadlines[index].pausedDaysLeft = nil
                snapshot.deadlines[index].dueOn = today.adding(days: left)
            }
        }
    }

    /// When `system` must act on the deadline: the start of the day after it falls due, in the
    /// district's time zone. `nil` for deadlines that run no action or are paused.
    public func firesAt(_ deadline: CaseSnapshot.Deadline) -> Date? {
        guard self.deadline(deadline.name)?.onExpiry != nil, !deadline.isPaused else { return nil }
        return deadline.dueOn.adding(days: 1).start(in: timeZone)
    }

    /// Every timer the case needs now: one per running deadline that runs an action when it expires.
    public func timers(for snapshot: CaseSnapshot) -> [(name: String, firesAt: Date)] {
        snapshot.deadlines.compactMap { deadline in firesAt(deadline).map { (deadline.name, $0) } }
    }

    /// The earliest day by which someone must act: a running deadline that is not a window.
    /// A case whose due day has passed is overdue.
    public func dutyDueOn(_ snapshot: CaseSnapshot) -> CalendarDay? {
        snapshot.deadlines
            .filter { !$0.isPaused && self.deadline($0.name)?.window == false }
            .map(\.dueOn).min()
    }
}

extension PauseCondition {
    func holds(for snapshot: CaseSnapshot) -> Bool {
        switch self {
        case .awaitingSignatures: snapshot.isAwaitingSignatures
        }
    }
}
