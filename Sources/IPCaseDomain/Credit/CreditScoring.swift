public import Foundation

/// What scoring needs to know of one credit record.
public struct ScoredRecord: Sendable, Equatable {
    public enum Status: String, Sendable, Equatable, CaseIterable, Codable {
        case active
        /// An upheld objection or a regulator's decision took it back.
        case revoked
        /// Repaired (信用修复): it stays in the history but counts no more.
        case repaired
        /// A positive record whose basis lapsed (the approved compliance assessment it came from expired).
        case ended
    }

    public let id: UUID
    public let kind: String
    /// nil for positive records.
    public let tier: CreditModel.Tier?
    public let decisionDate: CalendarDay
    public let status: Status

    public init(id: UUID, kind: String, tier: CreditModel.Tier?, decisionDate: CalendarDay, status: Status) {
        self.id = id
        self.kind = kind
        self.tier = tier
        self.decisionDate = decisionDate
        self.status = status
    }
}

/// A subject's credit as of one day: what the regulator's grade notice says and what it rests on.
public struct CreditAssessment: Sendable, Equatable {
    public struct Contribution: Sendable, Equatable {
        public let recordId: UUID
        public let kind: String
        /// The points the record adds to the score now: 0 when it does not count.
        public let points: Int
        /// Why a record does not count, when it does not.
        public let notCounting: NotCounting?
    }

    public enum NotCounting: String, Sendable, Equatable {
        case revoked, repaired
        /// A positive record whose basis lapsed before its validity ran out.
        case ended
        /// Its measures (or a positive record's validity) ended.
        case expired
        /// Decided after the day assessed.
        case notYetDecided
        case unknownKind
    }

    /// One of at most four principal reasons, largest effect first.
    public struct Reason: Sendable, Equatable {
        public let kind: String
        public let points: Int
        public let text: LocalizedText
    }

    public let asOf: CalendarDay
    public let score: Int
    public let grade: String
    public let seriouslyDishonest: Bool
    public let contributions: [Contribution]
    public let reasons: [Reason]
    /// The lowest and highest score of the grade's band, for the notice.
    public let range: ClosedRange<Int>?
}

extension CreditModel {
    public static let maximumReasons = 4

    /// The subject's score, grade, each record's contribution and the principal reasons as of `day`.
    /// Pure: the same records, model and day always give the same assessment.
    public func assess(_ records: [ScoredRecord], asOf day: CalendarDay) -> CreditAssessment {
        let measuresEnd = self.measuresEnd(of: records)
        var contributions: [CreditAssessment.Contribution] = []
        var seriouslyDishonest = false
        var hasPositive = false, hasNegative = false
        for record in records {
            let notCounting = notCounting(record, asOf: day, measuresEnd: measuresEnd)
            let kind = self.kind(record.kind)
            let points = notCounting == nil ? kind?.points ?? 0 : 0
            contributions.append(.init(recordId: record.id, kind: record.kind, points: points, notCounting: notCounting))
            guard notCounting == nil, let kind else { continue }
            if kind.isPositive { hasPositive = true } else { hasNegative = true }
            if let tier = record.tier ?? kind.defaultTier, tiers[tier]?.seriouslyDishonest == true, !kind.isPositive {
                seriouslyDishonest = true
            }
        }
        let score = base + contributions.reduce(0) { $0 + $1.points }
        let grade: String
        if seriouslyDishonest {
            grade = seriouslyDishonestGrade
        } else if hasPositive, !hasNegative {
            grade = plusGrade
        } else {
            grade = bands.first { score >= $0.minimumScore }?.grade ?? bands.last?.grade ?? ""
        }
        return CreditAssessment(
            asOf: day, score: score, grade: grade, seriouslyDishonest: seriouslyDishonest, contributions: contributions,
            reasons: principalReasons(contributions), range: range(of: grade))
    }

    /// The scores a grade's band spans; nil for A+ and for a grade given whatever the score.
    public func range(of grade: String) -> ClosedRange<Int>? {
        guard let index = bands.firstIndex(where: { $0.grade == grade }) else { return nil }
        let upper = index == 0 ? Int.max : bands[index - 1].minimumScore - 1
        return bands[index].minimumScore...upper
    }

    /// How two grades compare: a lower rank is a better grade (A+ is 0).
    public func rank(of grade: String) -> Int { grades.firstIndex(of: grade) ?? grades.count }

    private func notCounting(
        _ record: ScoredRecord, asOf day: CalendarDay, measuresEnd: [UUID: CalendarDay]
    ) -> CreditAssessment.NotCounting? {
        switch record.status {
        case .revoked: return .revoked
        case .repaired: return .repaired
        case .ended: return .ended
        case .active: break
        }
        guard let kind = kind(record.kind) else { return .unknownKind }
        if day < record.decisionDate { return .notYetDecided }
        let end = kind.isPositive ? record.decisionDate.adding(months: positiveValidityMonths) : measuresEnd[record.id]
        if let end, day >= end { return .expired }
        return nil
    }

    /// The effects that count, largest first (ties: the more recent kinds in file order), at most four.
    private func principalReasons(_ contributions: [CreditAssessment.Contribution]) -> [CreditAssessment.Reason] {
        contributions.filter { $0.points != 0 }
            .sorted { abs($0.points) != abs($1.points) ? abs($0.points) > abs($1.points) : $0.kind < $1.kind }
            .prefix(Self.maximumReasons)
            .compactMap { contribution in
                kind(contribution.kind).map { .init(kind: contribution.kind, points: contribution.points, text: $0.reason) }
            }
    }
}
