import Foundation

/// Fair non-performance (docs/domain.md#dispute-cases): a party may report that the other did not perform only
/// after the agreement's or award's performance due day; the other party then has a window (the workflow's
/// `nonPerformanceAnswer` deadline) to answer with proof of performance; the mediator or the tribunal decides,
/// once the answer is in or the window has passed, and only a decision of non-performance proposes a credit record.
enum CaseNonPerformance {
    static func failure(
        _ check: CaseGuard, _ snapshot: CaseSnapshot, _ context: TransitionContext, side: PartySide?,
        workflow: WorkflowDefinition<CaseRules>
    ) -> LocalizedText? {
        switch check {
        case .performanceDue:
            guard let due = snapshot.performanceDueOn else { return nil }
            return context.today > due ? nil : GuardReason.performanceNotYetDue(due)
        case .answersNonPerformance:
            guard let report = snapshot.nonPerformance else { return GuardReason.noNonPerformanceReport }
            guard let side, side == report.reportedBy.other else { return GuardReason.onlyTheReportedPartyAnswers }
            if report.answer != nil { return GuardReason.alreadyAnswered }
            if let window = answerWindow(snapshot, workflow), context.today > window.dueOn {
                return GuardReason.answerWindowClosed(window.dueOn)
            }
            return nil
        case .nonPerformanceDecidable:
            guard let report = snapshot.nonPerformance else { return GuardReason.noNonPerformanceReport }
            if report.answer != nil { return nil }
            guard let window = answerWindow(snapshot, workflow), context.today <= window.dueOn else { return nil }
            return GuardReason.answerWindowOpen(until: window.dueOn)
        default:
            return nil
        }
    }

    /// The reported party's time to answer: the window deadline of the state.
    private static func answerWindow(_ snapshot: CaseSnapshot, _ workflow: WorkflowDefinition<CaseRules>) -> RunningDeadline? {
        snapshot.deadlines.first { workflow.deadline($0.name)?.window == true }
    }

    static func apply(
        _ effect: CaseEffect, to outcome: inout TransitionOutcome<CaseSnapshot>, context: TransitionContext, side: PartySide?
    ) throws(TransitionRefusal) {
        switch effect {
        case .reportNonPerformance:
            guard let side else { throw .guardFailed(guard: "reportedByParty", reason: GuardReason.onlyAPartyReports) }
            outcome.subject.nonPerformance = .init(
                reportedBy: side, reason: context.text("reason") ?? "", at: context.now, answer: nil)
        case .answerNonPerformance:
            outcome.subject.nonPerformance?.answer = .init(text: context.text("answer") ?? "", by: context.actor.userId, at: context.now)
        default:
            break
        }
    }
}
