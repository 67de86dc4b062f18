import Foundation

/// Why an action cannot be taken; each maps to one HTTP answer.
public enum TransitionRefusal: Error, Sendable, Equatable {
    /// The workflow has no such action that a user may take (409, with what is possible).
    case unknownAction(String, state: String, allowed: [String])
    /// The action exists but not in this state (409).
    case notAllowedInState(action: String, state: String, allowed: [String])
    /// A field is missing, unknown or wrong (422, naming the fields).
    case invalidFields([FieldProblem])
    /// A guard failed (422, naming the guard and why, in both languages).
    case guardFailed(guard: String, reason: LocalizedText)
    /// A deadline of the state ran out and its automatic action is due: too late to act (409).
    case deadlinePassed(deadline: String, dueOn: CalendarDay, state: String)
    /// A deadline in working days would end in a year the working-day calendar does not cover yet (503).
    case beyondCalendar(day: CalendarDay, covered: ClosedRange<Int>?)
}

/// One field at fault, with what is wrong with it in both languages (see `FieldMessage`).
public struct FieldProblem: Sendable, Equatable {
    public let field: String
    public let message: LocalizedText

    public init(_ field: String, _ message: LocalizedText) {
        self.field = field
        self.message = message
    }
}

/// One action taken: what becomes one event in the subject's chain.
public struct TransitionStep: Sendable, Equatable {
    public let action: String
    public let from: String
    public let to: String
    public let actor: WorkflowActor
    /// The validated fields of the request; empty for automatic steps.
    public let payload: [String: JSONValue]

    public init(action: String, from: String, to: String, actor: WorkflowActor, payload: [String: JSONValue]) {
        self.action = action
        self.from = from
        self.to = to
        self.actor = actor
        self.payload = payload
    }
}

/// A notification to write with the transition, addressed abstractly and resolved to users by the server.
public struct NotificationIntent: Sendable, Equatable {
    /// One of the capability's recipients.
    public let recipient: String
    public let text: LocalizedText
    /// The party the actor acted as, for recipients such as `otherParty`; `nil` for `system`.
    public let actingParty: String?

    public init(recipient: String, text: LocalizedText, actingParty: String?) {
        self.recipient = recipient
        self.text = text
        self.actingParty = actingParty
    }
}

/// Everything an action changed: the new subject, the events to append, and what to write beside them.
/// The server's one consequence writer turns it into rows in the caller's transaction.
public struct TransitionOutcome<Subject: WorkflowSubject>: Sendable {
    public var subject: Subject
    public var steps: [TransitionStep] = []
    public var notifications: [NotificationIntent] = []
    public var creditProposals: [CreditProposal] = []
    /// Changes to credit records a credit workflow decided (revoke, repair, a new record).
    public var creditRecordChanges: [CreditRecordChange] = []
    /// What an effect adds to its step's event beside the request's fields (the hash of an approved
    /// assessment); the engine moves it into the step and empties it.
    public var recorded: [String: JSONValue] = [:]

    public init(subject: Subject) {
        self.subject = subject
    }
}
