import Foundation

/// A finding as a regulator records it (`POST /v1/credit/records`, whose body it is), before it is checked.
public struct CreditFinding: Sendable, Equatable, Decodable {
    public var creditCode: String
    public var kind: String
    /// The severity tier; the kind's default when absent.
    public var tier: String?
    /// 决定书文号, the decision's reference number.
    public var decisionNumber: String
    public var legalBasis: String
    public var facts: String
    /// `YYYY-MM-DD`, in the district's calendar.
    public var decisionDate: String
    /// How long the public sees it, within the tier's range; the tier's minimum when absent.
    public var publicationMonths: Int?

    public init(
        creditCode: String, kind: String, tier: String?, decisionNumber: String, legalBasis: String, facts: String,
        decisionDate: String, publicationMonths: Int?
    ) {
        self.creditCode = creditCode
        self.kind = kind
        self.tier = tier
        self.decisionNumber = decisionNumber
        self.legalBasis = legalBasis
        self.facts = facts
        self.decisionDate = decisionDate
        self.publicationMonths = publicationMonths
    }
}

/// A finding the model accepts, with the periods it sets running (两书同达: the repair notice goes out with
/// the decision, so when repair may be applied for is known from the start).
public struct CheckedFinding: Sendable, Equatable {
    public let creditCode: String
    public let kind: String
    /// nil for a positive record, which has no severity.
    public let tier: CreditModel.Tier?
    public let decisionNumber: String
    public let legalBasis: String
    public let facts: String
    public let decisionDate: CalendarDay
    /// The last day the public sees it; nil when the tier is not published.
    public let publishedUntil: CalendarDay?
    /// The first day the subject may apply for repair.
    public let repairFrom: CalendarDay
    /// The last day the subject may object, counted from the day it is recorded and told.
    public let objectionUntil: CalendarDay
}

extension CreditModel {
    /// Checks a finding recorded on `today`, naming every fault at once: the credit code, the kind (a
    /// positive kind is not a finding), the tier it may have, a decision date in the future, the texts and
    /// the publication period.
    public func check(_ finding: CreditFinding, today: CalendarDay) -> Result<CheckedFinding, CreditFindingProblems> {
        var problems: [FieldProblem] = []
        var code = ""
        do { code = try UnifiedSocialCreditCode(finding.creditCode).description } catch {
            problems.append(FieldProblem("creditCode", error.message))
        }
        let findingKinds = kinds.filter { !$0.isPositive }
        let kind = findingKinds.first { $0.code == finding.kind }
        if kind == nil { problems.append(FieldProblem("kind", FieldMessage.oneOf(findingKinds.map(\.code)))) }
        var tier = kind?.defaultTier
        if let text = finding.tier {
            if let parsed = Tier(rawValue: text), kind.map({ $0.allowedTiers.contains(parsed) }) ?? true {
                tier = parsed
            } else {
                let allowed = (kind?.allowedTiers ?? Tier.allCases).map(\.rawValue)
                problems.append(FieldProblem("tier", CreditMessage.tierNotForKind(kind: finding.kind, allowed: allowed)))
            }
        }
        let decided = CalendarDay(finding.decisionDate)
        if decided == nil { problems.append(FieldProblem("decisionDate", FieldMessage.day)) }
        if let decided, decided > today { problems.append(FieldProblem("decisionDate", CreditMessage.decisionInFuture)) }
        for (field, text, range) in [
            ("decisionNumber", finding.decisionNumber, 1...100), ("legalBasis", finding.legalBasis, 1...500),
            ("facts", finding.facts, 1...10_000),
        ] where !Self.fits(text, range) {
            problems.append(FieldProblem(field, FieldMessage.length(range)))
        }
        if let months = finding.publicationMonths, let tier, !publicationFits(months, tier: tier) {
            let rule = tiers[tier]
            problems.append(FieldProblem(
                "publicationMonths",
                CreditMessage.publicationRange(rule?.minimumPublicationMonths ?? 0, rule?.maximumPublicationMonths ?? 0)))
        }
        guard problems.isEmpty, let kind, let tier, let decided else { return .failure(CreditFindingProblems(problems: problems)) }
        return .success(CheckedFinding(
            creditCode: code, kind: kind.code, tier: tier,
            decisionNumber: finding.decisionNumber.trimmingCharacters(in: .whitespacesAndNewlines),
            legalBasis: finding.legalBasis.trimmingCharacters(in: .whitespacesAndNewlines),
            facts: finding.facts.trimmingCharacters(in: .whitespacesAndNewlines), decisionDate: decided,
            publishedUntil: publishedUntil(tier: tier, decidedOn: decided, months: finding.publicationMonths),
            repairFrom: repairEligibleFrom(tier: tier, decidedOn: decided),
            objectionUntil: today.adding(days: objectionDays)))
    }

    /// Without NUL, long enough once trimmed and not too long as sent: what PostgreSQL and the API document accept.
    static func fits(_ text: String, _ range: ClosedRange<Int>) -> Bool {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.unicodeScalars.count >= range.lowerBound && text.unicodeScalars.count <= range.upperBound
            && !trimmed.unicodeScalars.contains("\u{0}")
    }
}

extension CreditModel {
    /// A finding of any kind of the model: a positive one is decided today (its decision date, tier and
    /// publication are not asked), a dishonest one is checked in full.
    public func checkAny(_ finding: CreditFinding, today: CalendarDay) -> Result<CheckedFinding, CreditFindingProblems> {
        guard kind(finding.kind)?.isPositive == true else { return check(finding, today: today) }
        return positive(
            kind: finding.kind, creditCode: finding.creditCode, decisionNumber: finding.decisionNumber,
            legalBasis: finding.legalBasis, facts: finding.facts, today: today)
    }

    /// A positive record (守信) decided today: a kept commitment, an award. It has no tier, is not
    /// published as dishonesty and is never repaired; it counts for `positiveValidityMonths`.
    public func positive(
        kind code: String, creditCode: String, decisionNumber: String, legalBasis: String, facts: String, today: CalendarDay
    ) -> Result<CheckedFinding, CreditFindingProblems> {
        var problems: [FieldProblem] = []
        let positiveKinds = kinds.filter(\.isPositive)
        if !positiveKinds.contains(where: { $0.code == code }) {
            problems.append(FieldProblem("kind", FieldMessage.oneOf(positiveKinds.map(\.code))))
        }
        let code18 = (try? UnifiedSocialCreditCode(creditCode).description)
        if code18 == nil { problems.append(FieldProblem("creditCode", FieldMessage.notValid)) }
        for (field, text, range) in [
            ("decisionNumber", decisionNumber, 1...100), ("legalBasis", legalBasis, 1...500), ("facts", facts, 1...10_000),
        ] where !Self.fits(text, range) {
            problems.append(FieldProblem(field, FieldMessage.length(range)))
        }
        guard problems.isEmpty, let code18 else { return .failure(CreditFindingProblems(problems: problems)) }
        return .success(CheckedFinding(
            creditCode: code18, kind: code, tier: nil, decisionNumber: decisionNumber.trimmingCharacters(in: .whitespacesAndNewlines),
            legalBasis: legalBasis.trimmingCharacters(in: .whitespacesAndNewlines),
            facts: facts.trimmingCharacters(in: .whitespacesAndNewlines), decisionDate: today, publishedUntil: nil,
            repairFrom: today, objectionUntil: today.adding(days: objectionDays)))
    }
}

/// Every fault of a finding, each naming its field.
public struct CreditFindingProblems: Error, Sendable, Equatable {
    public let problems: [FieldProblem]
}
