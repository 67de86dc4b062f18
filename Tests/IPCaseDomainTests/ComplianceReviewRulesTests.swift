import Foundation
import Testing
@testable import IPCaseDomain

/// What the compliance rules decide without I/O: evidence in force, what keeps an assessment from being
/// submitted, the results as reviewed, the gap report's order, comparisons, the park summary, and a
/// validity counted in months. On the small template of `ComplianceScoringTests`.
@Suite("Compliance review rules")
struct ComplianceReviewRulesTests {
    static let enterprise = UUID(), reviewer = UUID()
    static let t0 = Date(timeIntervalSince1970: 1_772_416_800)  // 2026-03-02 10:00 in Shanghai
    static func day(_ text: String) -> CalendarDay { CalendarDay(text)! }

    static func assessment(_ answers: [String: ItemResult], groups: [String] = ["basic"]) throws -> ComplianceAssessment {
        var assessment = ComplianceAssessment(
            organizationId: enterprise, creditCode: "914403001922038216", template: try ComplianceScoringTests.template,
            groups: groups, startedBy: enterprise, startedAt: t0)
        for (id, result) in answers {
            assessment.answers[id] = .init(result: result, note: nil, justification: nil, answeredBy: enterprise, answeredAt: t0)
        }
        return assessment
    }

    static func evidence(_ items: [String], from: String, until: String?, supersededBy: UUID? = nil) -> ComplianceEvidence {
        var piece = ComplianceEvidence(
            documentId: UUID(), itemIds: items, effectiveOn: day(from), expiresOn: until.map(day), version: 1, supersedes: nil,
            addedBy: enterprise, addedAt: t0)
        piece.supersededBy = supersededBy
        return piece
    }

    @Test("evidence is in force from its effective day to its last day inclusive, and only its latest version")
    func inForce() {
        let piece = Self.evidence(["s01.01"], from: "2026-01-01", until: "2026-06-30")
        #expect(!piece.isInForce(on: Self.day("2025-12-31")))
        #expect(piece.isInForce(on: Self.day("2026-01-01")))
        #expect(piece.isInForce(on: Self.day("2026-06-30")))
        #expect(!piece.isInForce(on: Self.day("2026-07-01")))
        #expect(!Self.evidence(["s01.01"], from: "2026-01-01", until: nil, supersededBy: UUID()).isInForce(on: Self.day("2026-03-01")))
    }

    @Test("submission waits for every item answered and confirmed, and for evidence in force behind each mandatory compliant item")
    func submissionGaps() throws {
        var assessment = try Self.assessment(["s01.01": .compliant, "s01.02": .partial])
        #expect(assessment.submissionGaps(on: Self.day("2026-03-02")).map(\.itemId) == ["s01.01", "s02.02"])
        #expect(assessment.submissionGaps(on: Self.day("2026-03-02")).map(\.reason) == [.noEvidenceInForce, .unanswered])
        assessment.answers["s02.02"] = .init(result: .nonCompliant, note: nil, justification: nil, answeredBy: nil, answeredAt: Self.t0)
        assessment.evidence = [Self.evidence(["s01.01"], from: "2026-01-01", until: "2026-02-28")]
        #expect(assessment.submissionGaps(on: Self.day("2026-03-02")).map(\.reason) == [.noEvidenceInForce])
        assessment.evidence.append(Self.evidence(["s01.01"], from: "2026-03-01", until: nil))
        #expect(assessment.submissionGaps(on: Self.day("2026-03-02")).isEmpty)
        assessment.answers["s01.02"]?.needsConfirmation = true
        #expect(assessment.submissionGaps(on: Self.day("2026-03-02")).map(\.reason) == [.unconfirmed])
    }

    @Test("a reviewer's result counts where it stands, and a later revision by the enterprise stands until reviewed again")
    func reviewedResults() throws {
        var assessment = try Self.assessment(["s01.01": .compliant, "s01.02": .compliant, "s02.02": .compliant])
        assessment.findings["s01.02"] = ReviewFinding(result: .partial, comment: "Half", returned: false, reviewerId: Self.reviewer, at: Self.t0 + 60)
        assessment.findings["s02.02"] = ReviewFinding(result: nil, comment: "Fine", returned: false, reviewerId: Self.reviewer, at: Self.t0 + 60)
        #expect(assessment.reviewedResults == ["s01.01": .compliant, "s01.02": .partial, "s02.02": .compliant])
        #expect(assessment.results["s01.02"] == .compliant)  // the enterprise's own answer is kept
        assessment.answers["s01.02"]?.answeredAt = Self.t0 + 120
        #expect(assessment.reviewedResults["s01.02"] == .compliant)
    }

    @Test("the gap report lists mandatory items first, then non-compliant before partial, then the heavier")
    func gapOrder() throws {
        let template = try ComplianceScoringTests.template
        var assessment = try Self.assessment(
            ["s01.01": .partial, "s01.02": .nonCompliant, "s02.01": .partial, "s02.02": .nonCompliant], groups: ["advanced"])
        assessment.findings["s02.02"] = ReviewFinding(result: nil, comment: "Logs missing", returned: true, reviewerId: Self.reviewer, at: Self.t0)
        let report = ComplianceGapReport(assessment, template: template)
        #expect(report.gaps.map(\.itemId) == ["s01.01", "s02.02", "s01.02", "s02.01"])
        #expect(report.gaps.first?.typicalEvidence == LocalizedText(zh: "协议", en: "Agreements"))
        #expect(report.gaps[1].reviewerComment == "Logs missing")
        #expect(report.sections.map(\.sectionId) == ["s01", "s02"])
    }

    @Test("a comparison names what improved, regressed and stayed, and what only one side includes")
    func comparison() throws {
        let before = try Self.assessment(["s01.01": .partial, "s01.02": .compliant, "s02.02": .nonCompliant])
        let after = try Self.assessment(["s01.01": .compliant, "s01.02": .partial, "s02.02": .nonCompliant, "s02.01": .compliant], groups: ["advanced"])
        let changes = Dictionary(uniqueKeysWithValues: ComplianceComparison(before: before, after: after).items.map { ($0.itemId, $0.change) })
        #expect(changes == ["s01.01": .improved, "s01.02": .regressed, "s02.02": .unchanged, "s02.01": .added])
    }

    @Test("the park summary counts each organisation once at its best approved level, and lists overdue reviews and frequent gaps")
    func parkSummary() throws {
        func submitted(_ answers: [String: ItemResult], state: String, level: String? = nil, organization: UUID) throws -> ComplianceAssessment {
            var assessment = ComplianceAssessment(
                organizationId: organization, creditCode: "914403001922038216", template: try ComplianceScoringTests.template,
                groups: ["basic"], startedBy: organization, startedAt: Self.t0)
            for (id, result) in answers {
                assessment.answers[id] = .init(result: result, note: nil, justification: nil, answeredBy: nil, answeredAt: Self.t0)
            }
            assessment.state = state
            assessment.submittedAt = Self.t0
            if let level {
                assessment.approval = ComplianceApproval(
                    score: 100, level: level, validUntil: Self.day("2027-03-02"), assessmentHash: "", approvedBy: nil, approvedAt: Self.t0)
            }
            if state == "submitted" { assessment.deadlines = [RunningDeadline(name: "review", startedOn: Self.day("2026-03-02"), dueOn: Self.day("2026-04-01"))] }
            return assessment
        }
        let a = UUID(), b = UUID()
        let summary = ComplianceParkSummary(
            assessments: [
                try submitted(["s01.01": .compliant, "s02.02": .nonCompliant], state: "approved", level: "compliant", organization: a),
                try submitted(["s01.01": .compliant, "s02.02": .nonCompliant], state: "expired", level: "demonstration", organization: a),
                try submitted(["s01.01": .nonCompliant, "s02.02": .nonCompliant], state: "submitted", organization: b),
            ],
            organizations: 3, today: Self.day("2026-04-02"))
        #expect(summary.levels == ["compliant": 1, "none": 2])
        #expect(summary.expired.isEmpty)  // renewed by an approved one
        #expect(summary.overdue.map(\.organizationId) == [b])
        #expect(summary.frequentGaps.first?.itemId == "s02.02")
        #expect(summary.frequentGaps.first?.nonCompliant == 2)
    }
}
