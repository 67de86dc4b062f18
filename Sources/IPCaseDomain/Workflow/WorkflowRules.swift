public import Foundation

/// Anything a workflow moves from state to state: a case, and next a credit objection, a repair or a
/// compliance assessment. The engine reads and writes only these members; everything else about the
/// subject belongs to its capability's guards and effects.
public protocol WorkflowSubject: Sendable {
    var id: UUID { get }
    /// What people call it in notifications and logs: a case number.
    var label: String { get }
    var state: String { get set }
    /// Why a subject in a terminal state ended there.
    var outcome: String? { get set }
    var stateEnteredAt: Date { get set }
    /// The running deadlines of the current state.
    var deadlines: [RunningDeadline] { get set }
}

/// A running deadline of a subject's current state.
public struct RunningDeadline: Sendable, Equatable, Codable {
    public var name: String
    public var startedOn: CalendarDay
    /// The last day on which the duty may be done.
    public var dueOn: CalendarDay
    /// While paused, the days that were left; the due date moves on when the clock restarts.
    public var pausedDaysLeft: Int?
    public var extensionsUsed: Int

    public var isPaused: Bool { pausedDaysLeft != nil }

    public init(name: String, startedOn: CalendarDay, dueOn: CalendarDay, pausedDaysLeft: Int? = nil, extensionsUsed: Int = 0) {
        self.name = name
        self.startedOn = startedOn
        self.dueOn = dueOn
        self.pausedDaysLeft = pausedDaysLeft
        self.extensionsUsed = extensionsUsed
    }
}

/// What a capability plugs into the one workflow engine: its subject, the guards and effects a
/// workflow file may name, who its notifications may go to and what may pause its clocks. The engine
/// owns states, fields, deadlines, automatic actions and notifications; the rules own the meaning.
public protocol WorkflowRules: Sendable {
    associatedtype Subject: WorkflowSubject
    associatedtype Guard: Sendable & Hashable
    associatedtype Effect: Sendable & Hashable

    /// The subject type of the event chain and of the workflow file's `subject:` key, e.g. `case`.
    static var subjectType: String { get }

    /// Guards a workflow file may name, by name.
    static var guards: [String: Guard] { get }
    static func effect(named name: String) -> Effect?
    /// For error messages: every effect name a file may use.
    static var effectNames: [String] { get }
    /// Who notifications may be addressed to; the server resolves each to users.
    static var recipients: Set<String> { get }
    /// What may stop a deadline's clock.
    static var pauseConditions: Set<String> { get }
    /// The prefix of human numbers when the file names none.
    static var defaultNumberPrefix: String { get }

    /// Whether the guard can only be judged with the request's fields (skipped for `availableActions`).
    static func needsFields(_ check: Guard) -> Bool
    /// `nil` when the guard passes; otherwise why not, in words for the caller in both languages.
    static func failure(
        of check: Guard, on subject: Subject, context: TransitionContext, action: WorkflowAction<Self>,
        workflow: WorkflowDefinition<Self>
    ) -> LocalizedText?
    static func apply(
        _ effect: Effect, of action: WorkflowAction<Self>, to outcome: inout TransitionOutcome<Subject>,
        context: TransitionContext, workflow: WorkflowDefinition<Self>
    ) throws(TransitionRefusal)
    static func holds(_ pauseCondition: String, for subject: Subject) -> Bool
    /// Called when the subject enters another state, to drop what belonged to the one it left.
    static func enteredState(_ subject: inout Subject)
    /// The party or role the actor acts as, for recipients such as `otherParty`.
    static func actingParty(_ actor: WorkflowActor, on subject: Subject) -> String?
    /// What `{name}` placeholders in notification texts stand for, beside `{due}`.
    static func templateValues(of subject: Subject) -> [String: String]
    /// The capability's own load checks of an action, e.g. an effect that needs a field.
    static func problems(of action: WorkflowAction<Self>, in workflow: WorkflowDefinition<Self>) -> [String]
    /// What a new subject sets off beyond its notifications (an objection marks its record disputed).
    static func started(_ outcome: inout TransitionOutcome<Subject>)
    /// The hash chain the subject's events join: its own, unless it is part of another subject's history
    /// (an objection to a credit record joins the record's chain).
    static func chain(of subject: Subject) -> ChainReference
    /// Timers the subject needs besides its deadlines' (a notice before a piece of evidence expires), each
    /// with the day it fires on.
    static func noticeTimers(of subject: Subject) -> [(name: String, day: CalendarDay)]
    /// What a notice timer writes when it fires on `today`; `nil` when it is stale.
    static func notice(_ timerName: String, on subject: Subject, today: CalendarDay) -> [NotificationIntent]?
}

/// One hash chain: the subject type and id its events are filed under.
public struct ChainReference: Sendable, Equatable {
    public let subjectType: String
    public let subjectId: UUID

    public init(subjectType: String, subjectId: UUID) {
        self.subjectType = subjectType
        self.subjectId = subjectId
    }
}

extension WorkflowRules {
    public static func enteredState(_ subject: inout Subject) {}
    public static func actingParty(_ actor: WorkflowActor, on subject: Subject) -> String? { nil }
    public static func templateValues(of subject: Subject) -> [String: String] { ["label": subject.label] }
    public static func problems(of action: WorkflowAction<Self>, in workflow: WorkflowDefinition<Self>) -> [String] { [] }
    public static func chain(of subject: Subject) -> ChainReference { ChainReference(subjectType: subjectType, subjectId: subject.id) }
    public static func started(_ outcome: inout TransitionOutcome<Subject>) {}
    public static func noticeTimers(of subject: Subject) -> [(name: String, day: CalendarDay)] { [] }
    public static func notice(_ timerName: String, on subject: Subject, today: CalendarDay) -> [NotificationIntent]? { nil }
    public static var pauseConditions: Set<String> { [] }
    public static var defaultNumberPrefix: String { "" }
    public static func holds(_ pauseCondition: String, for subject: Subject) -> Bool { false }
}
