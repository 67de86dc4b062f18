public import Foundation

extension WorkflowDefinition {
    /// The deadlines that start when a subject enters `state` on `day`.
    func startDeadlines(of state: String, on day: CalendarDay) -> [RunningDeadline] {
        deadlines(of: state).map { RunningDeadline(name: $0.name, startedOn: day, dueOn: day.adding(days: $0.days)) }
    }

    /// Stops or restarts clocks whose pause condition changed. A paused deadline keeps the days it had
    /// left; when it restarts, they count again from that day.
    func reconcilePauses(_ snapshot: inout Rules.Subject, today: CalendarDay) {
        for index in snapshot.deadlines.indices {
            let deadline = snapshot.deadlines[index]
            guard let condition = self.deadline(deadline.name)?.pausedWhile else { continue }
            let shouldPause = Rules.holds(condition, for: snapshot)
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
    public func firesAt(_ deadline: RunningDeadline) -> Date? {
        guard self.deadline(deadline.name)?.onExpiry != nil, !deadline.isPaused else { return nil }
        return deadline.dueOn.adding(days: 1).start(in: timeZone)
    }

    /// Every timer the subject needs now: one per running deadline that runs an action when it expires.
    public func timers(for snapshot: Rules.Subject) -> [(name: String, firesAt: Date)] {
        snapshot.deadlines.compactMap { deadline in firesAt(deadline).map { (deadline.name, $0) } }
    }

    /// The earliest day by which someone must act: a running deadline that is not a window.
    /// A subject whose due day has passed is overdue.
    public func dutyDueOn(_ snapshot: Rules.Subject) -> CalendarDay? {
        snapshot.deadlines
            .filter { !$0.isPaused && self.deadline($0.name)?.window == false }
            .map(\.dueOn).min()
    }
}
