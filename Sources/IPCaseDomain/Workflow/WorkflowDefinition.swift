public import Foundation

/// A workflow file of `Policies/workflows/`, validated: the states, actions and deadlines of one
/// subject type, with the guards and effects its capability's `Rules` give meaning to.
public struct WorkflowDefinition<Rules: WorkflowRules>: Sendable {
    /// The prefix of the subjects' human numbers (`MED` for MED-2026-000123), where they have them.
    public let numberPrefix: String
    public let timeZone: TimeZone
    public let initialState: String
    /// Written when a subject is created: for a case, the mediation body must accept or reject it.
    public let startNotifications: [WorkflowNotification]
    /// In file order, so that lists and availability read the way the district wrote them.
    public let states: [WorkflowState]
    public let actions: [WorkflowAction<Rules>]
    public let deadlines: [WorkflowDeadline]
    /// The kinds of document a subject of this type may carry (evidence, statement …).
    public let documentKinds: [String]
    /// Which days are working days, for deadlines counted in them; set from `Policies/calendar/` on load.
    public internal(set) var calendar = WorkingDayCalendar(years: [])

    public var subjectType: String { Rules.subjectType }

    public func state(_ name: String) -> WorkflowState? { states.first { $0.name == name } }
    public func action(_ name: String) -> WorkflowAction<Rules>? { actions.first { $0.name == name } }
    public func deadline(_ name: String) -> WorkflowDeadline? { deadlines.first { $0.name == name } }

    /// The actions a user may take in `state`, before guards and policies.
    public func manualActions(from state: String) -> [WorkflowAction<Rules>] {
        actions.filter { $0.trigger == .manual && $0.from.contains(state) }
    }

    public func deadlines(of state: String) -> [WorkflowDeadline] {
        deadlines.filter { $0.state == state }
    }

    /// The policy action that decides who may take a manual action: `case.action.accept`.
    public func policyAction(_ actionName: String) -> String { "\(Rules.subjectType).action.\(actionName)" }
}

public struct WorkflowState: Sendable, Hashable {
    public let name: String
    public let description: String
    public let terminal: Bool
    /// Why a subject may end in this state; only terminal states have outcomes.
    public let outcomes: [String]
}

/// How an action is set off.
public enum WorkflowTrigger: String, Sendable, CaseIterable {
    /// A user takes it (for a case, through `POST /v1/cases/{id}/transitions`).
    case manual
    /// `system` takes it as soon as its guards pass after another action.
    case automatic
    /// `system` takes it when a deadline of the state runs out.
    case deadline
}

public struct WorkflowAction<Rules: WorkflowRules>: Sendable {
    public typealias Trigger = WorkflowTrigger

    public let name: String
    public let description: LocalizedText
    public let trigger: Trigger
    public let from: Set<String>
    /// `nil`: the action leaves the subject in the state it is in.
    public let to: String?
    public let outcome: String?
    public let fields: [WorkflowField]
    public let guards: [Rules.Guard]
    public let effects: [Rules.Effect]
    public let notifications: [WorkflowNotification]

    public func target(from state: String) -> String { to ?? state }
}

/// A field of a transition's body.
public struct WorkflowField: Sendable, Hashable {
    public enum FieldType: Sendable, Hashable {
        case text(maxLength: Int)
        case boolean
        /// The id of a user; who it may be is checked by the effect that uses it.
        case user
        /// The id of an organisation of this kind.
        case organization(kind: String)
        /// A JSON array (a reviewer's findings), whose entries the guards that read it check.
        case list
    }

    public let name: String
    public let type: FieldType
    public let required: Bool
}

public struct WorkflowDeadline: Sendable, Hashable {
    public struct Extension: Sendable, Hashable {
        public let days: Int
        public let times: Int
    }

    /// A reminder written before the deadline runs out, to whoever must act.
    public struct Reminder: Sendable, Hashable {
        /// How many days (working days, for a deadline counted in them) before the last day.
        public let before: Int
        public let notifications: [WorkflowNotification]
    }

    public let name: String
    public let state: String
    /// What `days` counts.
    public enum Unit: String, Sendable, Hashable {
        case days
        /// Weekends and public holidays skipped, adjusted working days (调休) counted.
        case workingDays
        /// Calendar months (a validity of 12 months), ending on the same day of the month or the month's last.
        case months
    }

    /// How long it runs, in its unit.
    public let days: Int
    public let unit: Unit
    /// Counted in working days of the calendar.
    public var workingDays: Bool { unit == .workingDays }
    public let description: LocalizedText
    /// The action `system` takes when the deadline runs out; without one, the subject is only overdue.
    public let onExpiry: String?
    public let `extension`: Extension?
    /// A condition of the capability's rules that stops the clock while it holds.
    public let pausedWhile: String?
    /// A window bounds what may be done (applying for confirmation); when it passes nobody is late.
    public let window: Bool
    public let reminder: Reminder?
}

public struct WorkflowNotification: Sendable, Hashable {
    /// One of the capability's recipients (`mediationBody`, `otherParty` …).
    public let recipient: String
    /// May contain the capability's placeholders (`{number}`) and `{due}`, the state's first due date.
    public let text: LocalizedText
}
