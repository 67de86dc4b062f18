import Foundation
import Hummingbird
import IPCaseDomain

/// The gap report as JSON.
struct GapReportRepresentation: Encodable, Sendable {
    struct Gap: Encodable, Sendable {
        let itemId: String
        let sectionId: String
        let sectionTitle: LocalizedText
        let text: LocalizedText
        let clause: String
        let importance: String
        let weight: Int
        let result: ItemResult
        let ownResult: ItemResult?
        let reviewerComment: String?
        let typicalEvidence: LocalizedText
    }

    struct Section: Encodable, Sendable {
        let sectionId: String
        let title: LocalizedText
        let score: Double?
    }

    let assessmentId: UUID
    let templateId: String
    let templateVersion: String
    let state: String
    let score: Double?
    let level: String
    let levelName: LocalizedText
    let sections: [Section]
    let gaps: [Gap]

    init(_ report: ComplianceGapReport, assessment: ComplianceAssessment) {
        assessmentId = assessment.id
        templateId = assessment.templateId
        templateVersion = assessment.templateVersion
        state = assessment.state
        score = report.score
        level = report.level
        levelName = report.levelName
        sections = report.sections.map { Section(sectionId: $0.sectionId, title: $0.title, score: $0.score) }
        gaps = report.gaps.map {
            Gap(
                itemId: $0.itemId, sectionId: $0.sectionId, sectionTitle: $0.sectionTitle, text: $0.text, clause: $0.clause,
                importance: $0.mandatory ? "mandatory" : "recommended", weight: $0.weight, result: $0.result, ownResult: $0.ownResult,
                reviewerComment: $0.reviewerComment, typicalEvidence: $0.typicalEvidence)
        }
    }
}

extension ComplianceGapReport {
    /// One row per gap, in both languages side by side: a regulator forwards it to whoever reads either.
    func csv(label: String) -> Response {
        var table = CSVTable(header: [
            "itemId", "sectionId", "importance", "clause", "result", "ownResult", "item_zh", "item_en", "reviewerComment",
            "typicalEvidence_zh", "typicalEvidence_en",
        ])
        for gap in gaps {
            table.append([
                gap.itemId, gap.sectionId, gap.mandatory ? "mandatory" : "recommended", gap.clause, gap.result.rawValue,
                gap.ownResult?.rawValue ?? "", gap.text.zh, gap.text.en, gap.reviewerComment ?? "", gap.typicalEvidence.zh,
                gap.typicalEvidence.en,
            ])
        }
        return table.response(filename: "gap-report-\(label.replacingOccurrences(of: " ", with: "-")).csv")
    }
}

/// Two assessments compared, item by item.
struct ComparisonRepresentation: Encodable, Sendable {
    struct Side: Encodable, Sendable {
        let assessmentId: UUID
        let state: String
        let score: Double?
        let level: String
    }

    struct Item: Encodable, Sendable {
        let itemId: String
        let before: ItemResult?
        let after: ItemResult?
        let change: String
    }

    struct Counts: Encodable, Sendable {
        let improved: Int
        let regressed: Int
        let unchanged: Int
        let added: Int
        let removed: Int
    }

    let before: Side
    let after: Side
    let counts: Counts
    let items: [Item]

    init(_ comparison: ComplianceComparison, before old: ComplianceAssessment, after new: ComplianceAssessment) {
        before = Side(assessmentId: old.id, state: old.state, score: comparison.before.score, level: comparison.before.level)
        after = Side(assessmentId: new.id, state: new.state, score: comparison.after.score, level: comparison.after.level)
        items = comparison.items.map { Item(itemId: $0.itemId, before: $0.before, after: $0.after, change: $0.change.rawValue) }
        func count(_ change: ComplianceComparison.Change) -> Int { comparison.items.filter { $0.change == change }.count }
        counts = Counts(
            improved: count(.improved), regressed: count(.regressed), unchanged: count(.unchanged), added: count(.added),
            removed: count(.removed))
    }
}
