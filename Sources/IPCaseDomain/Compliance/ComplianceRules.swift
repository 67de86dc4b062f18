import Foundation

/// The compliance capability's part of the one workflow engine: the guards and effects
/// `Policies/workflows/compliance-assessments.yaml` may name.
public enum ComplianceRules: WorkflowRules {
    public typealias Subject = ComplianceAssessment

    public static let subjectType = "complianceAssessment"

    public enum Guard: String, Sendable, Hashable, CaseIterable {
        /// The `itemId` field names an item of the assessment's scheme.
        case knownItem
        /// The `result` field is one of the results, and `not_applicable` comes with a `justification`.
        case validResult
    }

    public enum Effect: String, Sendable, Hashable, CaseIterable {
        /// Keeps the enterprise's answer to the item the fields name.
        case recordAnswer
    }

    /// Who notifications may go to.
    public enum Recipient: String, Sendable, CaseIterable {
        /// The enterprise's users.
        case enterprise
    }

    public static var guards: [String: Guard] { Dictionary(uniqueKeysWithValues: Guard.allCases.map { ($0.rawValue, $0) }) }
    public static func effect(named name: String) -> Effect? { Effect(rawValue: name) }
    public static var effectNames: [String] { Effect.allCases.map(\.rawValue) }
    public static var recipients: Set<String> { Set(Recipient.allCases.map(\.rawValue)) }
    public static func needsFields(_ check: Guard) -> Bool { true }

    public static func failure(
        of check: Guard, on subject: ComplianceAssessment, context: TransitionContext, action: WorkflowAction<Self>,
        workflow: WorkflowDefinition<Self>
    ) -> LocalizedText? {
        switch check {
        case .knownItem:
            let id = text("itemId", context) ?? ""
            return subject.scheme.item(id) == nil ? ComplianceMessage.unknownItem(id) : nil
        case .validResult:
            guard let result = text("result", context).flatMap(ItemResult.init(rawValue:)) else {
                return ComplianceMessage.resultOneOf(ItemResult.allCases.map(\.rawValue))
            }
            return result == .notApplicable && text("justification", context) == nil ? ComplianceMessage.justificationNeeded : nil
        }
    }

    public static func apply(
        _ effect: Effect, of action: WorkflowAction<Self>, to outcome: inout TransitionOutcome<ComplianceAssessment>,
        context: TransitionContext, workflow: WorkflowDefinition<Self>
    ) throws(TransitionRefusal) {
        switch effect {
        case .recordAnswer:
            guard let id = text("itemId", context), let result = text("result", context).flatMap(ItemResult.init(rawValue:)) else { return }
            outcome.subject.answers[id] = .init(
                result: result, note: text("note", context),
                justification: result == .notApplicable ? text("justification", context) : nil,
                answeredBy: context.actor.userId, answeredAt: context.now)
        }
    }

    private static func text(_ field: String, _ context: TransitionContext) -> String? {
        if case .string(let value)? = context.fields[field], !value.isEmpty { value } else { nil }
    }
}
