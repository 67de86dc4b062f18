import Foundation

/// What the three credit workflows share: the subject, guards, effects and recipients their files may
/// name. Each workflow has its own subject type, and so its own file, policy actions and timers.
public protocol CreditApplicationRules: WorkflowRules
where Subject == CreditApplication, Guard == CreditGuard, Effect == CreditEffect {}

/// `Policies/workflows/credit-objections.yaml`: objections to a record. Its events join the record's chain.
public enum CreditObjectionRules: CreditApplicationRules {
    public static let subjectType = "creditObjection"

    /// While an objection is pending, the record is disputed, in public and in the partner feed.
    public static func started(_ outcome: inout TransitionOutcome<CreditApplication>) {
        if let recordId = outcome.subject.recordId { outcome.creditRecordChanges.append(.dispute(recordId: recordId, disputed: true)) }
    }
}

/// `Policies/workflows/credit-repairs.yaml`: applications to repair a record, decided within working-day
/// limits. Its events join the record's chain.
public enum CreditRepairRules: CreditApplicationRules {
    public static let subjectType = "creditRepair"
}

/// `Policies/workflows/credit-commitments.yaml`: credit commitments and whether they were kept.
public enum CreditCommitmentRules: CreditApplicationRules {
    public static let subjectType = "creditCommitment"
}

/// Who a credit workflow's notifications may go to.
public enum CreditRecipient: String, Sendable, CaseIterable {
    /// The subject's enterprise users.
    case applicant
    /// The regulators of the deciding authority.
    case authority
}

/// Checks a credit action must pass beyond being possible in its state.
public enum CreditGuard: String, Sendable, Hashable, CaseIterable {
    /// The running deadline of the state may still be extended.
    case extensionAvailable
}

/// What a credit action changes, beyond its state.
public enum CreditEffect: Sendable, Hashable {
    /// Keeps the regulator and the `reason` field as the decision.
    case recordDecision
    /// Revokes the record objected to.
    case revokeRecord
    /// Repairs the record.
    case repairRecord
    /// The record is no longer disputed: its objection was rejected.
    case settleDispute
    /// Writes a positive record of this kind for the subject (a kept commitment).
    case recordPositive(kind: String)
    /// Writes a finding of this kind against the subject from the action's fields (a breached commitment: 5).
    case recordFinding(kind: String)
    /// Extends the named deadline once more.
    case extend(deadline: String)

    init?(name: String) {
        let parts = name.split(separator: ":", maxSplits: 1).map(String.init)
        switch (parts.first, parts.count) {
        case ("recordDecision", 1): self = .recordDecision
        case ("revokeRecord", 1): self = .revokeRecord
        case ("repairRecord", 1): self = .repairRecord
        case ("settleDispute", 1): self = .settleDispute
        case ("recordPositive", 2): self = .recordPositive(kind: parts[1])
        case ("recordFinding", 2): self = .recordFinding(kind: parts[1])
        case ("extend", 2): self = .extend(deadline: parts[1])
        default: return nil
        }
    }

    static let knownNames = [
        "recordDecision", "revokeRecord", "repairRecord", "settleDispute", "recordPositive:<kind>", "recordFinding:<kind>", "extend:<deadline>",
    ]

    /// The fields a finding needs from the action that writes it.
    static let findingFields = ["decisionNumber", "legalBasis", "facts"]
}

extension CreditApplicationRules {
    public static var guards: [String: CreditGuard] {
        Dictionary(uniqueKeysWithValues: CreditGuard.allCases.map { ($0.rawValue, $0) })
    }
    public static func effect(named name: String) -> CreditEffect? { CreditEffect(name: name) }
    public static var effectNames: [String] { CreditEffect.knownNames }
    public static var recipients: Set<String> { Set(CreditRecipient.allCases.map(\.rawValue)) }
    public static func needsFields(_ check: CreditGuard) -> Bool { false }

    public static func failure(
        of check: CreditGuard, on subject: CreditApplication, context: TransitionContext,
        action: WorkflowAction<Self>, workflow: WorkflowDefinition<Self>
    ) -> LocalizedText? {
        switch check {
        case .extensionAvailable:
            return workflow.extensionUnavailable(on: subject)
        }
    }

    public static func apply(
        _ effect: CreditEffect, of action: WorkflowAction<Self>, to outcome: inout TransitionOutcome<CreditApplication>,
        context: TransitionContext, workflow: WorkflowDefinition<Self>
    ) throws(TransitionRefusal) {
        let subject = outcome.subject
        func text(_ field: String) -> String? {
            if case .string(let value)? = context.fields[field] { value.trimmingCharacters(in: .whitespacesAndNewlines) } else { nil }
        }
        switch effect {
        case .recordDecision:
            outcome.subject.decidedBy = context.actor.userId
            outcome.subject.decisionReason = text("reason")
        case .revokeRecord:
            if let recordId = subject.recordId { outcome.creditRecordChanges.append(.revoke(recordId: recordId, reason: text("reason"))) }
        case .repairRecord:
            if let recordId = subject.recordId { outcome.creditRecordChanges.append(.repair(recordId: recordId)) }
        case .settleDispute:
            if let recordId = subject.recordId { outcome.creditRecordChanges.append(.dispute(recordId: recordId, disputed: false)) }
        case .recordPositive(let kind):
            outcome.creditRecordChanges.append(.record(.init(
                creditCode: subject.creditCode, organizationId: subject.organizationId, kind: kind, tier: nil,
                decisionNumber: text("decisionNumber") ?? "", legalBasis: text("legalBasis") ?? "",
                facts: text("facts") ?? subject.text, publicationMonths: nil)))
        case .recordFinding(let kind):
            var months: Int?
            if case .string(let value)? = context.fields["publicationMonths"] { months = Int(value) }
            outcome.creditRecordChanges.append(.record(.init(
                creditCode: subject.creditCode, organizationId: subject.organizationId, kind: kind, tier: text("tier"),
                decisionNumber: text("decisionNumber") ?? "", legalBasis: text("legalBasis") ?? "", facts: text("facts") ?? "",
                publicationMonths: months)))
        case .extend(let name):
            guard let index = outcome.subject.deadlines.firstIndex(where: { $0.name == name }) else { return }
            try workflow.extend(&outcome.subject.deadlines[index])
        }
    }

    /// Objections and repairs are part of their record's history: their events join its chain.
    public static func chain(of subject: CreditApplication) -> ChainReference {
        if let recordId = subject.recordId { ChainReference(subjectType: CreditRecordRules.subjectType, subjectId: recordId) }
        else { ChainReference(subjectType: subjectType, subjectId: subject.id) }
    }

    public static func actingParty(_ actor: WorkflowActor, on subject: CreditApplication) -> String? {
        actor.organizationId == subject.organizationId ? CreditRecipient.applicant.rawValue : CreditRecipient.authority.rawValue
    }

    public static func problems(of action: WorkflowAction<Self>, in workflow: WorkflowDefinition<Self>) -> [String] {
        var problems: [String] = []
        for effect in action.effects {
            switch effect {
            case .recordFinding, .recordPositive:
                for field in CreditEffect.findingFields where !action.fields.contains(where: { $0.name == field }) {
                    problems.append("action \(action.name) writes a record and needs the field \(field)")
                }
            case .extend(let name) where workflow.deadline(name)?.extension == nil:
                problems.append("action \(action.name) extends \(name), which is no deadline with an extension")
            default: break
            }
        }
        return problems
    }
}

/// The credit record's own chain: its subject type, which objections and repairs join.
public enum CreditRecordRules {
    public static let subjectType = "creditRecord"
}
