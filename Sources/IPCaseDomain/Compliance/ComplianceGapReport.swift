import Foundation

/// What an assessment still lacks (docs/domain.md#trade-secret-compliance): its non-compliant and partial
/// items as reviewed, mandatory first, each with its clause, the reviewer's comment and the typical evidence
/// that would close the gap; and the score per section for the chart. Pure: the same assessment and template
/// give the same report.
public struct ComplianceGapReport: Sendable, Equatable {
    public struct Gap: Sendable, Equatable {
        public let itemId: String
        public let sectionId: String
        public let sectionTitle: LocalizedText
        public let text: LocalizedText
        public let clause: String
        public let mandatory: Bool
        public let weight: Int
        /// As reviewed: the reviewer's where it stands, else the enterprise's own.
        public let result: ItemResult
        public let ownResult: ItemResult?
        public let reviewerComment: String?
        public let typicalEvidence: LocalizedText
    }

    public struct Section: Sendable, Equatable {
        public let sectionId: String
        public let title: LocalizedText
        public let score: Double?
    }

    public let score: Double?
    public let level: String
    public let levelName: LocalizedText
    public let sections: [Section]
    public let gaps: [Gap]

    /// `template` gives the texts: the one the assessment started on, or a later version of it (the scheme
    /// the assessment keeps decides which items count).
    public init(_ assessment: ComplianceAssessment, template: ChecklistTemplate) {
        let reviewed = assessment.reviewedResults
        let computed = assessment.scheme.score(reviewed)
        score = computed.score
        level = computed.level
        levelName = template.levels.first { $0.id == computed.level }?.name ?? LocalizedText(zh: computed.level, en: computed.level)
        let titles = Dictionary(template.sections.map { ($0.id, $0.title) }, uniquingKeysWith: { first, _ in first })
        sections = computed.sections.map {
            Section(sectionId: $0.sectionId, title: titles[$0.sectionId] ?? LocalizedText(zh: $0.sectionId, en: $0.sectionId), score: $0.score)
        }
        var gaps: [Gap] = []
        for item in assessment.scheme.items {
            guard let result = reviewed[item.id], result == .nonCompliant || result == .partial else { continue }
            let text = template.item(item.id)
            gaps.append(Gap(
                itemId: item.id, sectionId: item.sectionId,
                sectionTitle: titles[item.sectionId] ?? LocalizedText(zh: item.sectionId, en: item.sectionId),
                text: text?.text ?? LocalizedText(zh: item.id, en: item.id), clause: text?.clause ?? "", mandatory: item.mandatory,
                weight: item.weight, result: result, ownResult: assessment.answers[item.id]?.result,
                reviewerComment: assessment.findings[item.id]?.comment,
                typicalEvidence: text?.evidence ?? LocalizedText(zh: "", en: "")))
        }
        // Mandatory first, then non-compliant before partial, then the heavier, then the template's order.
        let order = Dictionary(uniqueKeysWithValues: assessment.scheme.items.enumerated().map { ($1.id, $0) })
        self.gaps = gaps.sorted { a, b in
            if a.mandatory != b.mandatory { return a.mandatory }
            if a.result != b.result { return a.result == .nonCompliant }
            if a.weight != b.weight { return a.weight > b.weight }
            return order[a.itemId, default: 0] < order[b.itemId, default: 0]
        }
    }
}

/// Two assessments of one template side by side, item by item (`GET …/compare/{b}`): what improved, what
/// regressed and what stayed, on the results as reviewed. An item only one of them includes (other
/// implementation groups) is `added` or `removed`.
public struct ComplianceComparison: Sendable, Equatable {
    public enum Change: String, Sendable {
        case improved, regressed, unchanged, added, removed
    }

    public struct Item: Sendable, Equatable {
        public let itemId: String
        public let before: ItemResult?
        public let after: ItemResult?
        public let change: Change
    }

    public let before: ComplianceScore
    public let after: ComplianceScore
    public let items: [Item]

    public init(before old: ComplianceAssessment, after new: ComplianceAssessment) {
        let oldResults = old.reviewedResults, newResults = new.reviewedResults
        before = old.scheme.score(oldResults)
        after = new.scheme.score(newResults)
        var ids = new.scheme.items.map(\.id)
        for item in old.scheme.items where !ids.contains(item.id) { ids.append(item.id) }
        let inOld = Set(old.scheme.items.map(\.id)), inNew = Set(new.scheme.items.map(\.id))
        items = ids.map { id in
            let a = oldResults[id], b = newResults[id]
            let change: Change
            if !inOld.contains(id) { change = .added }
            else if !inNew.contains(id) { change = .removed }
            else {
                switch (a?.value, b?.value) {
                case (let x?, let y?) where y > x: change = .improved
                case (let x?, let y?) where y < x: change = .regressed
                case (nil, .some) where a == nil: change = .improved
                case (.some, nil) where b == nil: change = .regressed
                default: change = .unchanged
                }
            }
            return Item(itemId: id, before: a, after: b, change: change)
        }
    }
}
