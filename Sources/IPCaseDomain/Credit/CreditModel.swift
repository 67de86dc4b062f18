public import Foundation

/// `Policies/credit-model.yaml`, validated: the kinds of credit record with their points, the severity
/// tiers with their publication and repair periods, the measures' duration, the grade bands and the
/// supervision each grade brings (docs/domain.md#ip-credit).
public struct CreditModel: Sendable {
    /// 轻微, 一般, 严重: the 2025 national rules' severity of dishonesty information.
    public enum Tier: String, Sendable, CaseIterable, Codable {
        case minor, general, serious
    }

    public struct TierRule: Sendable {
        public let name: LocalizedText
        /// Whether records of the tier are published at all by default.
        public let published: Bool
        public let minimumPublicationMonths: Int
        public let maximumPublicationMonths: Int
        /// When repair may be applied for, in months from the decision; 0: once the obligations are fulfilled.
        public let repairAfterMonths: Int
        /// An active record of the tier makes the subject seriously dishonest.
        public let seriouslyDishonest: Bool
    }

    public struct Kind: Sendable {
        /// `1` … `7` for the kinds of art. 6; a name for a positive kind (`kept_commitment`).
        public let code: String
        public let name: LocalizedText
        /// Negative for dishonest behaviour, positive for a 守信 record.
        public let points: Int
        /// The tier a finding of this kind has unless the decision says otherwise; nil for positive kinds.
        public let defaultTier: Tier?
        /// The tiers a finding of this kind may have (all three unless the model narrows them).
        public let allowedTiers: [Tier]
        /// What the subject is told the record means for its score.
        public let reason: LocalizedText

        public var isPositive: Bool { points > 0 }
    }

    public struct Band: Sendable {
        public let grade: String
        public let minimumScore: Int
    }

    public struct Supervision: Sendable {
        public let inspections: String
        public let funding: String
        public let priorityExamination: Bool
        public let awards: Bool
        public let text: LocalizedText
    }

    public let version: String
    public let base: Int
    public let tiers: [Tier: TierRule]
    /// In file order: the seven kinds of art. 6, then the positive ones.
    public let kinds: [Kind]
    public let positiveValidityMonths: Int
    public let measuresMonths: Int
    public let measuresMaximumMonths: Int
    public let measures: [LocalizedText]
    /// Highest first; the last one's minimum is 0.
    public let bands: [Band]
    public let plusGrade: String
    public let seriouslyDishonestGrade: String
    public let supervision: [String: Supervision]
    public let objectionDays: Int
    /// The district's day: decisions, objection windows and publication periods are counted in it.
    public let timeZone: TimeZone
    /// The kinds of document a record's evidence may be (the decision, evidence …).
    public let recordDocumentKinds: [String]
    /// Where each kind is in `kinds`: scoring looks kinds up several times per record.
    var kindIndex: [String: Int] = [:]
    /// SHA-256 of the file, in hex: a grade notice stores it, so that the model it was computed by is known.
    public internal(set) var hash = ""

    public func kind(_ code: String) -> Kind? {
        if let index = kindIndex[code] { return kinds[index] }
        return kindIndex.isEmpty ? kinds.first { $0.code == code } : nil
    }

    /// Every grade, best first: A+, A, B, C, D.
    public var grades: [String] { [plusGrade] + bands.map(\.grade) }
}
