import Foundation

/// An item's result, the enterprise's own or a reviewer's finding.
public enum ItemResult: String, Sendable, Codable, CaseIterable {
    case compliant, partial
    case nonCompliant = "non_compliant"
    case notApplicable = "not_applicable"

    /// What it counts at a leaf; not-applicable items are left out.
    var value: Double? {
        switch self {
        case .compliant: 1
        case .partial: 0.5
        case .nonCompliant: 0
        case .notApplicable: nil
        }
    }
}

/// Where an assessment stands: how far it is answered (progress) and how compliant it is (score and
/// level) are separate figures, as the enterprise and the reviewer both need to see.
public struct ComplianceScore: Sendable, Equatable {
    public struct SectionScore: Sendable, Equatable {
        public let sectionId: String
        public let score: Double?
        public let answered: Int
        public let total: Int
    }

    public let answered: Int
    public let total: Int
    /// 0 to 100, one decimal; nil while no applicable item is answered.
    public let score: Double?
    public let sections: [SectionScore]
    public let level: String
    /// The mandatory items in scope that are not compliant: why a higher level was not reached.
    public let mandatoryNotCompliant: [String]
}

extension ChecklistTemplate {
    /// Scores the results of the items in the chosen groups: each answered leaf counts 1, 0.5 or 0 times its
    /// weight (not-applicable ones are left out), rolled up per section and overall. The level is the highest
    /// band whose minimum the score meets and, when the band asks, whose mandatory items are all compliant,
    /// so that no average hides a missing confidentiality agreement. Pure: the same results give the same score.
    public func score(_ results: [String: ItemResult], groups chosen: Set<String>) -> ComplianceScore {
        let scope = items(in: chosen)
        func rollUp(_ items: [Item]) -> (score: Double?, answered: Int) {
            var weighted = 0.0, weights = 0.0, answered = 0
            for item in items {
                guard let result = results[item.id] else { continue }
                answered += 1
                guard let value = result.value else { continue }
                weighted += value * Double(item.weight)
                weights += Double(item.weight)
            }
            return (weights > 0 ? (weighted / weights * 1000).rounded() / 10 : nil, answered)
        }
        let sectionScores = sections.compactMap { section -> ComplianceScore.SectionScore? in
            let inScope = section.items.filter { !$0.groups.isDisjoint(with: chosen) }
            guard !inScope.isEmpty else { return nil }
            let (score, answered) = rollUp(inScope)
            return .init(sectionId: section.id, score: score, answered: answered, total: inScope.count)
        }
        let (overall, answered) = rollUp(scope)
        // A mandatory item justified as not applicable does not block a level; the reviewer judges the justification.
        let missing = scope.filter { $0.importance == .mandatory && ![.compliant, .notApplicable].contains(results[$0.id]) }.map(\.id)
        let level = levels.first { band in
            (overall ?? 0) >= Double(band.minimumScore) && (!band.requiresMandatory || missing.isEmpty)
        }?.id ?? levels.last?.id ?? ""
        return ComplianceScore(
            answered: answered, total: scope.count, score: overall, sections: sectionScores, level: level,
            mandatoryNotCompliant: missing)
    }

    /// The results a review is scored on: the reviewer's finding where there is one, else the enterprise's own.
    public static func effective(own: [String: ItemResult], reviewed: [String: ItemResult]) -> [String: ItemResult] {
        own.merging(reviewed) { _, finding in finding }
    }
}
