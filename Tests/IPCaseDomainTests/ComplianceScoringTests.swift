import Foundation
import Testing
@testable import IPCaseDomain

/// Scores and levels of trade-secret checklists as pure functions, on a small template written here.
@Suite("Compliance scoring")
struct ComplianceScoringTests {
    static let text = """
        id: tiny
        version: "1"
        title: { zh: 小表, en: Tiny }
        standard: "TEST"
        groups:
          basic: { zh: 基础, en: Basic }
          advanced: { zh: 提升, en: Advanced }
        levels:
          - { id: demonstration, minScore: 90, mandatory: true, name: { zh: 示范级, en: Demonstration } }
          - { id: compliant, minScore: 75, mandatory: true, name: { zh: 合规级, en: Compliant } }
          - { id: insufficient, minScore: 0, mandatory: false, name: { zh: 待改进, en: Insufficient } }
        review: { fourEyes: true }
        sections:
          - id: s01
            title: { zh: 组织, en: Organisation }
            items:
              - { id: s01.01, text: { zh: 保密协议, en: NDAs }, clause: "5.1", weight: 5, importance: mandatory,
                  evidenceRequired: true, evidence: { zh: 协议, en: Agreements }, groups: [basic, advanced] }
              - { id: s01.02, text: { zh: 培训, en: Training }, clause: "5.2", weight: 1, importance: recommended,
                  evidenceRequired: false, evidence: { zh: 记录, en: Records }, groups: [basic, advanced] }
          - id: s02
            title: { zh: 技术, en: Technical }
            items:
              - { id: s02.01, text: { zh: 加密, en: Encryption }, clause: "6.1", weight: 4, importance: recommended,
                  evidenceRequired: true, evidence: { zh: 配置, en: Settings }, groups: [advanced] }
              - { id: s02.02, text: { zh: 门禁, en: Access control }, clause: "6.2", weight: 2, importance: recommended,
                  evidenceRequired: true, evidence: { zh: 日志, en: Logs }, groups: [basic, advanced] }
        """

    static var template: ChecklistTemplate {
        get throws { try ChecklistTemplate.load(PolicySource(path: "Policies/checklists/tiny.yaml", text: text)) }
    }

    @Test("leaves count 1, 0.5 or 0 of their weight, not-applicable ones are left out, and sections roll up")
    func weightedScore() throws {
        let template = try Self.template
        let score = template.score(
            ["s01.01": .compliant, "s01.02": .partial, "s02.01": .notApplicable, "s02.02": .nonCompliant],
            groups: ["advanced"])
        // (5 × 1 + 1 × 0.5 + 2 × 0) / (5 + 1 + 2) = 68.75
        #expect(score.score == 68.8)
        #expect(score.answered == 4)
        #expect(score.total == 4)
        #expect(score.sections.map(\.score) == [91.7, 0])
        #expect(score.level == "insufficient")
    }

    @Test("progress and score are separate: unanswered items count toward neither the score nor the level's gate until answered")
    func progress() throws {
        let score = try Self.template.score(["s01.02": .compliant], groups: ["basic"])
        #expect(score.answered == 1)
        #expect(score.total == 3)
        #expect(score.score == 100)
        // The mandatory NDA item is unanswered, so no band that needs mandatory items is reached.
        #expect(score.level == "insufficient")
        #expect(score.mandatoryNotCompliant == ["s01.01"])
    }

    @Test("no average hides a mandatory item that is not compliant")
    func mandatoryGate() throws {
        let template = try Self.template
        let high = template.score(["s01.01": .partial, "s01.02": .compliant, "s02.02": .compliant], groups: ["basic"])
        // (5 × 0.5 + 1 + 2) / 8 = 68.75: below compliant anyway; now raise the others' weight of evidence:
        #expect(high.level == "insufficient")
        let allButNDA = template.score(
            ["s01.01": .nonCompliant, "s01.02": .compliant, "s02.01": .compliant, "s02.02": .compliant], groups: ["advanced"])
        #expect(allButNDA.score == 58.3)
        let perfect = template.score(
            ["s01.01": .compliant, "s01.02": .compliant, "s02.01": .compliant, "s02.02": .compliant], groups: ["advanced"])
        #expect(perfect.level == "demonstration")
        let onePartial = template.score(
            ["s01.01": .compliant, "s01.02": .partial, "s02.01": .compliant, "s02.02": .compliant], groups: ["advanced"])
        // 11.5 / 12 = 95.8: demonstration by score, with every mandatory item compliant.
        #expect(onePartial.level == "demonstration")
        let ndaPartial = template.score(
            ["s01.01": .partial, "s01.02": .compliant, "s02.01": .compliant, "s02.02": .compliant], groups: ["advanced"])
        // 9.5 / 12 = 79.2 would be compliant, but the mandatory item is only partial.
        #expect(ndaPartial.score == 79.2)
        #expect(ndaPartial.level == "insufficient")
    }

    @Test("a review is scored on the reviewer's findings where they exist")
    func reviewerFindings() throws {
        let own: [String: ItemResult] = ["s01.01": .compliant, "s01.02": .compliant, "s02.02": .compliant]
        let effective = ChecklistTemplate.effective(own: own, reviewed: ["s01.01": .nonCompliant])
        #expect(effective["s01.01"] == .nonCompliant)
        #expect(effective["s01.02"] == .compliant)
        #expect(try Self.template.score(effective, groups: ["basic"]).level == "insufficient")
    }

    @Test("a template that would make a level wrong is refused with the line of each fault")
    func refusals() throws {
        let broken = Self.text
            .replacingOccurrences(of: "weight: 1,", with: "weight: 9,")
            .replacingOccurrences(of: "groups: [advanced] }", with: "groups: [expert] }")
            .replacingOccurrences(of: "importance: mandatory,\n          evidenceRequired: true", with: "importance: mandatory,\n          evidenceRequired: false")
            .replacingOccurrences(of: "minScore: 0, mandatory: false", with: "minScore: 10, mandatory: false")
        do {
            _ = try ChecklistTemplate.load(PolicySource(path: "Policies/checklists/tiny.yaml", text: broken))
            Issue.record("a broken template loaded")
        } catch {
            let messages = error.problems.map(\.description)
            #expect(messages.contains { $0.contains("weight of item s01.02 must be a whole number from 1 to 5") })
            #expect(messages.contains { $0.contains("names group 'expert'") })
            #expect(messages.contains { $0.contains("the last level must have minScore 0") })
            #expect(messages.allSatisfy { $0.hasPrefix("Policies/checklists/tiny.yaml:") })
        }
        do {
            _ = try ChecklistTemplate.load(PolicySource(path: "Policies/checklists/other.yaml", text: Self.text))
            Issue.record("a template whose id is not its file name loaded")
        } catch {
            #expect(error.problems.first?.message.contains("must be the file's name") == true)
        }
    }
}

@Suite("Checklist templates")
struct ChecklistTemplateFilesTests {
    static func load(_ name: String) throws -> ChecklistTemplate {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Policies/checklists/\(name).yaml")
        return try ChecklistTemplate.load(PolicySource(path: "Policies/checklists/\(name).yaml", text: try String(contentsOf: url, encoding: .utf8)))
    }

    @Test("the enterprise checklist follows the eleven sections of DB4403/T 235-2022 with at least 40 items")
    func enterprise() throws {
        let template = try Self.load("db4403-t235-2022-enterprise")
        #expect(template.sections.count == 11)
        #expect(template.items.count >= 40)
        #expect(template.items.filter { $0.importance == .mandatory }.allSatisfy { $0.groups.contains("basic") && $0.evidenceRequired })
        #expect(template.levels.map(\.id) == ["demonstration", "compliant", "basic", "insufficient"])
        #expect(template.hash.count == 64)
        #expect(template.items(in: ["basic"]).count < template.items(in: ["advanced"]).count)
    }

    @Test("the research-institution checklist follows DB4403/T 461-2024 with at least 20 items")
    func research() throws {
        let template = try Self.load("db4403-t461-2024-research")
        #expect(template.items.count >= 20)
        #expect(template.standard.contains("DB4403/T 461-2024"))
    }
}
