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

/// What an assessment keeps of its template to be scored: the items of its implementation groups with their
/// sections, weights and importance, and the level bands. Kept whole in the assessment, so that a later
/// version of the template never re-scores it.
public struct ChecklistScheme: Sendable, Equatable, Codable {
    public struct Item: Sendable, Equatable, Codable {
        public let id: String
        public let sectionId: String
        public let weight: Int
        public let mandatory: Bool
        public let evidenceRequired: Bool
    }

    public struct Level: Sendable, Equatable, Codable {
        public let id: String
        public let minimumScore: Int
        public let requiresMandatory: Bool
        public let creditKind: String?
    }

    public let items: [Item]
    public let levels: [Level]
    public let fourEyes: Bool

    public func item(_ id: String) -> Item? { items.first { $0.id == id } }
}

extension ChecklistTemplate {
    /// The scheme of an assessment of these implementation groups.
    public func scheme(groups chosen: Set<String>) -> ChecklistScheme {
        ChecklistScheme(
            items: items(in: chosen).map {
                .init(id: $0.id, sectionId: $0.sectionId, weight: $0.weight, mandatory: $0.importance == .mandatory,
                      evidenceRequired: $0.evidenceRequired)
            },
            levels: levels.map {
                .init(id: $0.id, minimumScore: $0.minimumScore, requiresMandatory: $0.requiresMandatory, creditKind: $0.creditKind)
            },
            fourEyes: fourEyes)
    }

    public func score(_ results: [String: ItemResult], groups chosen: Set<String>) -> ComplianceScore {
        scheme(groups: chosen).score(results)
    }

    /// The results a review is scored on: the reviewer's finding where there is one, else the enterprise's own.
    public static func effective(own: [String: ItemResult], reviewed: [String: ItemResult]) -> [String: ItemResult] {
        own.merging(reviewed) { _, finding in finding }
    }
}

extension ChecklistScheme {
    /// Scores the results of the scheme's items: each answered leaf counts 1, 0.5 or 0 times its
    /// weight (not-applicable ones are left out), rolled up per section and overall. The level is the highest
    /// band whose minimum the score meets and, when the band asks, whose mandatory items are all compliant,
    /// so that no average hides a missing confidentiality agreement. Pure: the same results give the same score.
    public func score(_ results: [String: ItemResult]) -> ComplianceScore {
        let scope = items
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
        var sectionIds: [String] = []
        for item in scope where !sectionIds.contains(item.sectionId) { sectionIds.append(item.sectionId) }
        let sectionScores = sectionIds.map { sectionId -> ComplianceScore.SectionScore in
            let inSection = scope.filter { $0.sectionId == sectionId }
            let (score, answered) = rollUp(inSection)
            return .init(sectionId: sectionId, score: score, answered: answered, total: inSection.count)
        }
        let (overall, answered) = rollUp(scope)
        // A mandatory item justified as not applicable does not block a level; the reviewer judges the justification.
        let missing = scope.filter { $0.mandatory && ![.compliant, .notApplicable].contains(results[$0.id]) }.map(\.id)
        let level = levels.first { band in
            (overall ?? 0) >= Double(band.minimumScore) && (!band.requiresMandatory || missing.isEmpty)
        }?.id ?? levels.last?.id ?? ""
        return ComplianceScore(
            answered: answered, total: scope.count, score: overall, sections: sectionScores, level: level,
            mandatoryNotCompliant: missing)
    }
}
