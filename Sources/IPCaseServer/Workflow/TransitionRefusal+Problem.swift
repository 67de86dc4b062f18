import Foundation
import IPCaseDomain

/// How every capability's workflow answers when an action cannot be taken.
extension Problem {
    static func impossible(_ action: String, state: String, allowed: [String]) -> Problem {
        Problem(
            kind: .actionNotPossible,
            detail: ProblemDetail.actionNotPossible(action, state: state),
            extensions: ["state": .string(state), "allowedActions": .array(allowed.map(JSONValue.string))])
    }

    static func refused(_ refusal: TransitionRefusal) -> Problem {
        switch refusal {
        case .unknownAction(let action, let state, let allowed), .notAllowedInState(let action, let state, let allowed):
            return impossible(action, state: state, allowed: allowed)
        case .invalidFields(let problems):
            return .validation(problems.map { FieldError($0.field, $0.message) })
        case .deadlinePassed(let deadline, let dueOn, let state):
            return Problem(
                kind: .deadlinePassed,
                detail: ProblemDetail.deadlinePassed(deadline: deadline, dueOn: dueOn, state: state),
                extensions: ["state": .string(state), "deadline": .string(deadline), "dueOn": .string(dueOn.description)])
        case .guardFailed(let name, let reason):
            // `reason` stays the stable English for clients that read it; people read `detail`, in their language.
            return Problem(
                kind: .guardFailed,
                detail: ProblemDetail.guardFailed(name, reason: reason),
                extensions: ["guard": .string(name), "reason": .string(reason.en)])
        case .beyondCalendar(let day, let covered):
            // Nobody may guess which days of an unpublished year are worked: the operator adds the year's file.
            return Problem(
                kind: .unavailable, detail: ProblemDetail.beyondCalendar(day: day, covered: covered),
                extensions: ["day": .string(day.description)])
        }
    }
}
