import Foundation

/// The case capability's part of the one workflow engine: `Policies/workflows/cases.yaml` names these
/// guards, effects, recipients and pause conditions (docs/domain.md#dispute-cases).
public enum CaseRules: WorkflowRules {
    public typealias Subject = CaseSnapshot

    public static let subjectType = "case"
    public static let defaultNumberPrefix = "MED"
    public static var guards: [String: CaseGuard] { CaseGuard.named }
    public static func effect(named name: String) -> CaseEffect? { CaseEffect(name: name) }
    public static var effectNames: [String] { CaseEffect.knownNames }
    public static let recipients = Set(CaseRecipient.allCases.map(\.rawValue))
    /// A drafted agreement waits for a party's signature: the mediation clock stops meanwhile.
    public static let pauseConditions: Set<String> = ["awaitingSignatures"]

    public static func needsFields(_ check: CaseGuard) -> Bool { [.noConflictOfInterest, .signsCurrentTerms, .validDates, .knownSession].contains(check) }

    public static func failure(
        of check: CaseGuard, on subject: CaseSnapshot, context: TransitionContext, action: WorkflowAction<CaseRules>,
        workflow: WorkflowDefinition<CaseRules>
    ) -> LocalizedText? {
        check.failure(subject, context, action: action, workflow: workflow)
    }

    public static func holds(_ pauseCondition: String, for subject: CaseSnapshot) -> Bool {
        pauseCondition == "awaitingSignatures" && subject.isAwaitingSignatures
    }

    /// What both parties had agreed to belonged to the state they agreed in.
    public static func enteredState(_ subject: inout CaseSnapshot) {
        subject.proposals = [:]
    }

    public static func actingParty(_ actor: WorkflowActor, on subject: CaseSnapshot) -> String? {
        actor.organizationId.flatMap(subject.side(of:))?.rawValue
    }

    public static func templateValues(of subject: CaseSnapshot) -> [String: String] { ["number": subject.number] }

    public static func problems(of action: WorkflowAction<CaseRules>, in workflow: WorkflowDefinition<CaseRules>) -> [String] {
        var problems: [String] = []
        for effect in action.effects {
            switch effect {
            case .assignMediator, .assignArbitrator:
                if !action.fields.contains(where: { $0.type == .user && $0.required }) {
                    problems.append("its assign effect needs a required field of type user")
                }
            case .extend(let name):
                if workflow.deadline(name) == nil {
                    problems.append("effect extend.\(name) names an unknown deadline")
                } else if workflow.deadline(name)?.extension == nil {
                    problems.append("effect extend.\(name) names a deadline without an extension")
                }
            case .draftAgreement:
                if !Set(action.fields.map(\.name)).isSuperset(of: ["terms", "determinesOwnershipOrValidity"]) {
                    problems.append("draftAgreement needs the fields terms and determinesOwnershipOrValidity")
                }
            default: break
            }
        }
        if action.guards.contains(.noConflictOfInterest), !action.fields.contains(where: { $0.type == .user }) {
            problems.append("noConflictOfInterest needs a field of type user naming the candidate")
        }
        return problems
    }
}

/// The case workflow, as `Policies/workflows/cases.yaml` defines it.
public typealias CaseWorkflow = WorkflowDefinition<CaseRules>

/// Who a case notification goes to, resolved to users by the server.
public enum CaseRecipient: String, Sendable, CaseIterable {
    case complainant, respondent, parties, otherParty
    case mediationBody, mediator, arbitrationCommission, arbitrator, court
}

extension NotificationIntent {
    /// The party that acted, for `otherParty`.
    public var actingSide: PartySide? { actingParty.flatMap(PartySide.init(rawValue:)) }
}

extension CaseWorkflow {
    /// A complaint is filed: the case starts in the initial state and its first event records the filing.
    public func file(
        _ snapshot: CaseSnapshot, payload: [String: JSONValue], context: TransitionContext
    ) throws(TransitionRefusal) -> TransitionOutcome<CaseSnapshot> {
        try start(snapshot, action: "file", payload: payload, context: context)
    }
}

extension TransitionOutcome where Subject == CaseSnapshot {
    /// The case after the transition.
    public var snapshot: CaseSnapshot {
        get { subject }
        set { subject = newValue }
    }
}
