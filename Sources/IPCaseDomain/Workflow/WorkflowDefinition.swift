import Foundation

/// `Policies/case-workflow.yaml`, validated: the states, actions and deadlines of a dispute case.
public struct WorkflowDefinition: Sendable {
    public let numberPrefix: String
    public let timeZone: TimeZone
    public let initialState: String
    /// Written when a complaint is filed: the mediation body must accept or reject it.
    public let filingNotifications: [WorkflowNotification]
    /// In file order, so that lists and availability read the way the district wrote them.
    public let states: [WorkflowState]
    public let actions: [WorkflowAction]
    public let deadlines: [WorkflowDeadline]

    public func state(_ name: String) -> WorkflowState? { states.first { $0.name == name } }
    public func action(_ name: String) -> WorkflowAction? { actions.first { $0.name == name } }
    public func deadline(_ name: String) -> WorkflowDeadline? { deadlines.first { $0.name == name } }

    /// The actions a user may take in `state`, before guards and policies.
    public func manualActions(from state: String) -> [WorkflowAction] {
        actions.filter { $0.trigger == .manual && $0.from.contains(state) }
    }

    public func deadlines(of state: String) -> [WorkflowDeadline] {
        deadlines.filter { $0.state == state }
    }
}

public struct WorkflowState: Sendable, Hashable {
    public let name: String
    public let description: String
    public let terminal: Bool
    /// Why a case may end in this state; only terminal states have outcomes.
    public let outcomes: [String]
}

public struct WorkflowAction: Sendable {
    public enum Trigger: String, Sendable, CaseIterable {
        /// A user takes it through `POST /v1/cases/{id}/transitions`.
        case manual
        /// `system` takes it as soon as its guards pass after another action.
        case automatic
        /// `system` takes it when a deadline of the state runs out.
        case deadline
    }

    public let name: String
    public let description: LocalizedText
    public let trigger: Trigger
    public let from: Set<String>
    /// `nil`: the action leaves the case in the state it is in.
    public let to: String?
    public let outcome: String?
    public let fields: [WorkflowField]
    public let guards: [WorkflowGuard]
    public let effects: [WorkflowEffect]
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

    public let name: String
    public let state: String
    public let days: Int
    public let description: LocalizedText
    /// The action `system` takes when the deadline runs out; without one, the case is only overdue.
    public let onExpiry: String?
    public let `extension`: Extension?
    public let pausedWhile: PauseCondition?
    /// A window bounds what may be done (applying for confirmation); when it passes nobody is late.
    public let window: Bool
}

/// Why a deadline's clock may stop.
public enum PauseCondition: String, Sendable, CaseIterable {
    /// A drafted agreement waits for a party's signature.
    case awaitingSignatures
}

/// Who a notification goes to, resolved to users by the server.
public enum NotificationRecipient: String, Sendable, CaseIterable {
    case complainant, respondent, parties, otherParty
    case mediationBody, mediator, arbitrationCommission, arbitrator, court
}

public struct WorkflowNotification: Sendable, Hashable {
    public let recipient: NotificationRecipient
    /// May contain `{number}` (the case number) and `{due}` (the due date of the state's deadline).
    public let text: LocalizedText
}
