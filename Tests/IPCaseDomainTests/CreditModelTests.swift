import Foundation
import Testing
@testable import IPCaseDomain

/// `Policies/credit-model.yaml`: the real model loads, and what would make a grade wrong is refused.
@Suite("Credit model")
struct CreditModelTests {
    static var realURL: URL {
        URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Policies/credit-model.yaml")
    }

    static func realText() throws -> String { try String(contentsOf: realURL, encoding: .utf8) }

    static func real() throws -> CreditModel {
        try CreditModel.load(PolicySource(path: "Policies/credit-model.yaml", text: try realText()))
    }

    static func problems(_ text: String) -> [String] {
        do {
            _ = try CreditModel.load(PolicySource(path: "Policies/credit-model.yaml", text: text))
            return []
        } catch {
            return error.problems.map(\.description)
        }
    }

    @Test("the real model: seven kinds of art. 6, positive kinds, three tiers, bands A to D, supervision per grade")
    func realModel() throws {
        let model = try Self.real()
        #expect(model.base == 100)
        #expect(model.kinds.prefix(7).map(\.code) == ["1", "2", "3", "4", "5", "6", "7"])
        #expect(model.kinds.prefix(7).allSatisfy { $0.points < 0 && $0.defaultTier != nil })
        #expect(model.kinds.dropFirst(7).allSatisfy { $0.isPositive && $0.defaultTier == nil })
        #expect(model.kind("6")?.defaultTier == .serious)
        #expect(model.grades == ["A+", "A", "B", "C", "D"])
        #expect(model.bands.map(\.minimumScore) == [90, 80, 60, 0])
        #expect(Set(model.supervision.keys) == Set(model.grades))
        #expect(model.tiers[.minor]?.published == false && model.tiers[.serious]?.seriouslyDishonest == true)
        #expect(model.measuresMonths == 12 && model.measuresMaximumMonths == 36 && model.objectionDays == 15)
        for kind in model.kinds { #expect(kind.reason.zh != kind.reason.en, "\(kind.code)") }
    }

    @Test("a kind of art. 6 that adds points, a missing kind, a band out of order and a range that does not close are refused")
    func refusals() throws {
        var text = try Self.realText()
        text = text.replacingOccurrences(of: "    points: -15\n    tier: general\n    reason: { zh: 违法从事", with: "    points: 15\n    tier: general\n    reason: { zh: 违法从事")
        text = text.replacingOccurrences(of: "  \"7\":", with: "  \"other\":")
        text = text.replacingOccurrences(of: "{ grade: B, minScore: 80 }", with: "{ grade: B, minScore: 95 }")
        text = text.replacingOccurrences(of: "{ published: true, minMonths: 3, maxMonths: 12 }", with: "{ published: true, minMonths: 13, maxMonths: 12 }")
        text = text.replacingOccurrences(of: "    tiers: [general, serious]", with: "    tiers: [general]")
        let problems = Self.problems(text).joined(separator: "\n")
        #expect(problems.contains("kind 3 is dishonest behaviour: its points must be negative"))
        #expect(problems.contains("kind 7 of art. 6 is missing"))
        #expect(problems.contains("grade B: bands go from best to worst"))
        #expect(problems.contains("tier general: publication.minMonths is above maxMonths"))
        #expect(problems.contains("kind other is not one of art. 6's kinds 1–7, so it must add points"))
        #expect(problems.contains("kind 6: its default tier serious is not one of its tiers"))
        #expect(Self.problems(text).allSatisfy { $0.hasPrefix("Policies/credit-model.yaml:") })
    }
}

/// Scoring, periods and grades, as pure functions of the records, the model and the day.
@Suite("Credit scoring")
struct CreditScoringTests {
    static func day(_ text: String) -> CalendarDay { CalendarDay(text)! }

    static func record(_ kind: String, _ tier: CreditModel.Tier? = nil, on day: String, _ status: ScoredRecord.Status = .active) -> ScoredRecord {
        ScoredRecord(id: UUID(), kind: kind, tier: tier, decisionDate: Self.day(day), status: status)
    }

    @Test("no record is A at the base; a positive record alone is A+; findings deduct their points")
    func grades() throws {
        let model = try CreditModelTests.real()
        let today = Self.day("2026-12-01")
        #expect(model.assess([], asOf: today).grade == "A")
        #expect(model.assess([], asOf: today).score == 100)
        let plus = model.assess([Self.record("award", on: "2026-06-01")], asOf: today)
        #expect(plus.grade == "A+" && plus.score == 105)
        let two = model.assess([Self.record("2", .general, on: "2026-06-01"), Self.record("5", .general, on: "2026-07-01")], asOf: today)
        #expect(two.score == 75 && two.grade == "C")
        #expect(two.reasons.map(\.points) == [-15, -10])
        #expect(two.range == 60...79)
    }

    @Test("an active serious finding forces D whatever the points")
    func seriousForcesD() throws {
        let model = try CreditModelTests.real()
        let assessment = model.assess(
            [Self.record("1", .serious, on: "2026-06-01"), Self.record("award", on: "2026-06-02")], asOf: Self.day("2026-12-01"))
        #expect(assessment.score == 95)
        #expect(assessment.seriouslyDishonest && assessment.grade == "D")
    }

    @Test("at most four principal reasons, largest effect first")
    func fourReasons() throws {
        let model = try CreditModelTests.real()
        let records = ["1", "2", "3", "4", "5", "7"].map { Self.record($0, .general, on: "2026-06-01") }
            + [Self.record("award", on: "2026-06-01")]
        let assessment = model.assess(records, asOf: Self.day("2026-12-01"))
        #expect(assessment.reasons.count == 4)
        #expect(assessment.reasons.map { abs($0.points) } == [15, 15, 15, 10])
        #expect(assessment.reasons.first?.text.en.contains("15 points off") == true)
    }

    @Test("measures last 12 months, a new finding within them extends them, never past 36 months")
    func measuresCapped() throws {
        let model = try CreditModelTests.real()
        let first = Self.record("1", .general, on: "2026-01-10")
        #expect(model.measuresEnd(of: [first])[first.id] == Self.day("2027-01-10"))
        // A finding every 11 months keeps the first one's measures going, but not past 36 months after it;
        // the last one has its own 12 months.
        let chain = ["2026-01-10", "2026-12-10", "2027-11-10", "2028-10-10"].map { Self.record("7", .general, on: $0) }
        let ends = model.measuresEnd(of: chain)
        #expect(ends[chain[0].id] == Self.day("2029-01-10"))
        #expect(ends[chain[3].id] == Self.day("2029-10-10"))
        // A finding after the measures ended starts a new run.
        let later = Self.record("7", .general, on: "2027-03-01")
        #expect(model.measuresEnd(of: [first, later])[later.id] == Self.day("2028-03-01"))
        #expect(model.measuresEnd(of: [first, later])[first.id] == Self.day("2027-01-10"))
        // Counting follows the measures: on their last day it counts, the day they end it does not.
        #expect(model.assess([first], asOf: Self.day("2027-01-09")).score == 90)
        #expect(model.assess([first], asOf: Self.day("2027-01-10")).score == 100)
    }

    @Test("publication and repair periods follow the tier")
    func periods() throws {
        let model = try CreditModelTests.real()
        let decided = Self.day("2026-03-31")
        #expect(model.publishedUntil(tier: .minor, decidedOn: decided) == nil)
        #expect(model.publishedUntil(tier: .general, decidedOn: decided) == Self.day("2026-06-29"))
        #expect(model.publishedUntil(tier: .serious, decidedOn: decided, months: 24) == Self.day("2028-03-30"))
        #expect(model.publicationFits(12, tier: .general) && !model.publicationFits(13, tier: .general))
        #expect(model.repairEligibleFrom(tier: .minor, decidedOn: decided) == decided)
        #expect(model.repairEligibleFrom(tier: .general, decidedOn: decided) == Self.day("2026-06-30"))
        #expect(model.repairEligibleFrom(tier: .serious, decidedOn: decided) == Self.day("2027-03-31"))
    }
}
