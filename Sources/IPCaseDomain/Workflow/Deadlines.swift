public import Foundation

extension WorkflowDefinition {
    /// The deadlines that start when a subject enters `state` on `day`.
    func startDeadlines(of state: String, on day: CalendarDay) throws(TransitionRefusal) -> [RunningDeadline] {
        var running: [RunningDeadline] = []
        for deadline in deadlines(of: state) {
            running.append(RunningDeadline(
                name: deadline.name, startedOn: day, dueOn: try self.day(deadline.days, of: deadline, after: day)))
        }
        return running
    }

    /// The day `count` days of the deadline's unit after `day`. A count in working days that runs past the
    /// calendar is refused, not guessed: nobody knows yet which days of that year are worked.
    func day(_ count: Int, of deadline: WorkflowDeadline, after day: CalendarDay) throws(TransitionRefusal) -> CalendarDay {
        switch deadline.unit {
        case .days: return day.adding(days: count)
        case .months: return day.adding(months: count)
        case .workingDays: break
        }
        do {
            return try calendar.adding(workingDays: count, to: day)
        } catch {
            throw .beyondCalendar(day: error.day, covered: error.covered)
        }
    }

    /// Extends a running deadline once more by its extension, in its own unit; a paused one keeps the days
    /// for when its clock restarts.
    public func extend(_ running: inout RunningDeadline) throws(TransitionRefusal) {
        guard let deadline = deadline(running.name), let rule = deadline.extension else { return }
        running.extensionsUsed += 1
        if let left = running.pausedDaysLeft {
            running.pausedDaysLeft = left + rule.days
        } else {
            running.dueOn = try day(rule.days, of: deadline, after: running.dueOn)
        }
    }

    /// Why no running deadline of the subject may be extended now; nil when one may.
    public func extensionUnavailable(on subject: Rules.Subject) -> LocalizedText? {
        for running in subject.deadlines {
            guard let rule = deadline(running.name)?.extension else { continue }
            return running.extensionsUsed < rule.times ? nil : GuardReason.alreadyExtended(times: rule.times)
        }
        return GuardReason.nothingToExtend
    }

    /// Stops or restarts clocks whose pause condition changed. A paused deadline keeps the days it had
    /// left; when it restarts, they count again from that day. (Only deadlines in calendar days pause.)
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

    /// The day a deadline's reminder is due: `before` days (of its unit) before its last day, and after
    /// it started. `nil` without a reminder, while paused, or when the deadline is too short for one.
    public func reminderDay(_ running: RunningDeadline) -> CalendarDay? {
        guard let deadline = deadline(running.name), let reminder = deadline.reminder, !running.isPaused else { return nil }
        var day = running.dueOn
        var left = reminder.before
        while left > 0 {
            day = day.adding(days: -1)
            if !deadline.workingDays || (try? calendar.isWorkingDay(day)) ?? true { left -= 1 }
        }
        return day > running.startedOn ? day : nil
    }

    /// The timer name of a deadline's reminder; the deadline's own timer carries the deadline's name.
    public static func reminderTimer(of deadline: String) -> String { deadline + Self.reminderSuffix }
    static var reminderSuffix: String { ".reminder" }

    /// Every timer the subject needs now: one per running deadline that runs an action when it expires,
    /// one per reminder still to come, and the notices its rules ask for.
    public func timers(for snapshot: Rules.Subject) -> [(name: String, firesAt: Date)] {
        snapshot.deadlines.flatMap { deadline -> [(name: String, firesAt: Date)] in
            var timers: [(name: String, firesAt: Date)] = []
            if let at = firesAt(deadline) { timers.append((deadline.name, at)) }
            if let day = reminderDay(deadline) { timers.append((Self.reminderTimer(of: deadline.name), day.start(in: timeZone))) }
            return timers
        } + Rules.noticeTimers(of: snapshot).map { ($0.name, $0.day.start(in: timeZone)) }
    }

    /// What a reminder timer writes: the reminder's notifications, while its deadline still runs unchanged
    /// and its day has come; `nil` for a stale timer.
    public func reminders(_ timerName: String, on subject: Rules.Subject, now: Date) -> [NotificationIntent]? {
        guard timerName.hasSuffix(Self.reminderSuffix) else { return nil }
        let name = String(timerName.dropLast(Self.reminderSuffix.count))
        guard let running = subject.deadlines.first(where: { $0.name == name }), let day = reminderDay(running),
              CalendarDay(now, in: timeZone) >= day, CalendarDay(now, in: timeZone) <= running.dueOn,
              let reminder = deadline(name)?.reminder
        else { return nil }
        return intents(reminder.notifications, for: subject, actingParty: nil)
    }

    /// The earliest day by which someone must act: a running deadline that is not a window.
    /// A subject whose due day has passed is overdue.
    public func dutyDueOn(_ snapshot: Rules.Subject) -> CalendarDay? {
        snapshot.deadlines
            .filter { !$0.isPaused && self.deadline($0.name)?.window == false }
            .map(\.dueOn).min()
    }
}
