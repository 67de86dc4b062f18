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
        /// Once returned, only the items the reviewer sent back are revised.
        case revisable
        /// The evidence fields name known items, dates in order and, for a new version, evidence in use.
        case validEvidence
        /// Every item answered and confirmed, and every mandatory item answered compliant backed by evidence in force.
        case complete
        /// Each finding names an item of the scheme, a result of the list (or none) and, when it returns the item, a comment.
        case validFindings
        /// At least one finding returns its item.
        case returnsItems
        /// No finding returns its item.
        case returnsNothing
    }

    public enum Effect: String, Sendable, Hashable, CaseIterable {
        /// Keeps the enterprise's answer to the item the fields name.
        case recordAnswer
        /// Adds a piece of evidence (or a new version of one) for the items the fields name.
        case recordEvidence
        /// Notes the submission; the items returned last time are revised and go back to the reviewer.
        case markSubmitted
        /// Keeps the reviewer's findings beside the answers.
        case recordFindings
        /// Fixes the score and level as reviewed, the validity and the assessment's hash; proposes the level's
        /// positive credit record and ends the one an earlier approval of the organisation proposed.
        case fixApproval
        /// Ends the positive credit record the assessment's approval proposed.
        case endCredit
    }

    /// Who notifications may go to.
    public enum Recipient: String, Sendable, CaseIterable {
        /// The enterprise's users.
        case enterprise
        /// The regulator who last returned items, when the assessment comes back to them.
        case reviewer
    }

    public static var guards: [String: Guard] { Dictionary(uniqueKeysWithValues: Guard.allCases.map { ($0.rawValue, $0) }) }
    public static func effect(named name: String) -> Effect? { Effect(rawValue: name) }
    public static var effectNames: [String] { Effect.allCases.map(\.rawValue) }
    public static var recipients: Set<String> { Set(Recipient.allCases.map(\.rawValue)) }
    public static func needsFields(_ check: Guard) -> Bool { check != .complete }

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
        case .revisable:
            let id = text("itemId", context) ?? ""
            guard subject.state == "returned", !subject.returnedItems.contains(id) else { return nil }
            return ComplianceMessage.notReturned(id, returned: subject.returnedItems)
        case .validEvidence:
            return EvidenceFields(context.fields).problems(on: subject).first.map { problem in
                problem.message.map { "\(problem.field): \($0)" }
            }
        case .complete:
            let gaps = subject.submissionGaps(on: context.today)
            return gaps.isEmpty ? nil : ComplianceMessage.incomplete(gaps)
        case .validFindings:
            return FindingFields.read(context.fields["findings"], on: subject).problem.map { problem in
                problem.message.map { "\(problem.field): \($0)" }
            }
        case .returnsItems:
            return FindingFields.read(context.fields["findings"], on: subject).findings.contains(where: \.returned)
                ? nil : ComplianceMessage.nothingReturned
        case .returnsNothing:
            let returned = FindingFields.read(context.fields["findings"], on: subject).findings.filter(\.returned).map(\.itemId)
            return returned.isEmpty ? nil : ComplianceMessage.approvalReturns(returned)
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
        case .recordEvidence:
            EvidenceFields(context.fields).add(to: &outcome.subject, by: context.actor.userId, at: context.now)
        case .markSubmitted:
            outcome.subject.submittedAt = context.now
            for (id, finding) in outcome.subject.findings where finding.returned {
                outcome.subject.findings[id] = ReviewFinding(
                    result: finding.result, comment: finding.comment, returned: false, reviewerId: finding.reviewerId, at: finding.at)
            }
        case .recordFindings:
            let findings = FindingFields.read(context.fields["findings"], on: outcome.subject).findings
            for finding in findings {
                outcome.subject.findings[finding.itemId] = ReviewFinding(
                    result: finding.result, comment: finding.comment, returned: finding.returned, reviewerId: context.actor.userId,
                    at: context.now)
            }
            if findings.contains(where: \.returned) { outcome.subject.lastReturnedBy = context.actor.userId }
        case .fixApproval:
            try fixApproval(&outcome, context: context, workflow: workflow)
        case .endCredit:
            outcome.creditRecordChanges.append(.lapse(.init(
                sourceType: subjectType, sourceId: outcome.subject.id, creditCode: outcome.subject.creditCode,
                reason: "compliance assessment \(outcome.subject.label) expired")))
        }
    }

    /// The approval: the score as reviewed, the level it reaches, the last day of the validity the approved
    /// state's deadline gives, and the hash of the assessment as it stands, also written into the step's event.
    private static func fixApproval(
        _ outcome: inout TransitionOutcome<ComplianceAssessment>, context: TransitionContext, workflow: WorkflowDefinition<Self>
    ) throws(TransitionRefusal) {
        let subject = outcome.subject
        let score = subject.reviewedScore
        let validity = workflow.deadlines(of: workflow.action("approve")?.to ?? "approved").first
        let validUntil = try validity.map { deadline throws(TransitionRefusal) in
            try workflow.day(deadline.days, of: deadline, after: context.today)
        } ?? context.today.adding(months: 12)
        let hash = subject.contentHash
        outcome.subject.approval = ComplianceApproval(
            score: score.score, level: score.level, validUntil: validUntil, assessmentHash: hash,
            approvedBy: context.actor.userId, approvedAt: context.now)
        outcome.recorded["assessmentHash"] = .string(hash)
        outcome.recorded["level"] = .string(score.level)
        outcome.recorded["score"] = score.score.map(JSONValue.number) ?? .null
        outcome.recorded["validUntil"] = .string(validUntil.description)
        // A later approval replaces what an earlier one of the organisation proposed, whatever its level.
        outcome.creditRecordChanges.append(.lapse(.init(
            sourceType: subjectType, sourceId: nil, except: subject.id, creditCode: subject.creditCode,
            reason: "superseded by compliance assessment \(subject.label)")))
        if let kind = subject.scheme.levels.first(where: { $0.id == score.level })?.creditKind {
            outcome.creditProposals.append(CreditProposal(
                kind: kind, organizationId: subject.organizationId, creditCode: subject.creditCode,
                reason: "compliance assessment \(subject.label) approved at level \(score.level) (\(subject.templateId) \(subject.templateVersion))"))
        }
    }

    /// The evidence a timer warns of: pieces in force for an approved assessment that lapse, 30 and 7 days before.
    public static func noticeTimers(of subject: ComplianceAssessment) -> [(name: String, day: CalendarDay)] {
        guard subject.approval != nil, subject.state == "approved" else { return [] }
        return subject.evidence.filter { $0.supersededBy == nil }.flatMap { piece -> [(name: String, day: CalendarDay)] in
            guard let last = piece.expiresOn else { return [] }
            return expiryNotices.map { ("evidence.\(piece.documentId.uuidString.lowercased()).\($0)", last.adding(days: -$0)) }
        }
    }

    /// Days before a piece of evidence lapses that the enterprise is told.
    static let expiryNotices = [30, 7]

    public static func notice(_ timerName: String, on subject: ComplianceAssessment, today: CalendarDay) -> [NotificationIntent]? {
        let parts = timerName.split(separator: ".")
        guard parts.count == 3, parts[0] == "evidence", let days = Int(parts[2]), expiryNotices.contains(days) else { return nil }
        guard subject.state == "approved",
              let piece = subject.evidence.first(where: { $0.documentId.uuidString.lowercased() == parts[1] && $0.supersededBy == nil }),
              let last = piece.expiresOn, today <= last,
              // A late timer (after a restart) says nothing the nearer notice will say.
              expiryNotices.filter({ $0 < days }).allSatisfy({ today < last.adding(days: -$0) })
        else { return [] }
        return [NotificationIntent(
            recipient: Recipient.enterprise.rawValue,
            text: ComplianceMessage.evidenceExpiring(items: piece.itemIds, lastDay: last, label: subject.label), actingParty: nil)]
    }

    /// What keeps an upload's fields from becoming evidence, each naming its field: the evidence endpoint
    /// answers with all of them at once, before the upload is stored.
    public static func evidenceProblems(_ fields: [String: JSONValue], on subject: ComplianceAssessment) -> [FieldProblem] {
        EvidenceFields(fields).problems(on: subject)
    }

    /// The first fault of a review's findings, naming the entry (`findings[2]`).
    public static func findingsProblem(_ findings: JSONValue?, on subject: ComplianceAssessment) -> FieldProblem? {
        FindingFields.read(findings, on: subject).problem
    }

    static func text(_ field: String, _ context: TransitionContext) -> String? {
        if case .string(let value)? = context.fields[field], !value.isEmpty { value } else { nil }
    }
}
