import Foundation
import PropertyBased
import Testing
@testable import IPCaseDomain

/// What must hold for every set of records, checked on many random ones.
@Suite("Credit scoring properties")
struct CreditScoringPropertyTests {
    static let model = try! CreditModelTests.real()
    static let asOf = CalendarDay(year: 2027, month: 6, day: 30)
    static let start = CalendarDay(year: 2024, month: 1, day: 1)

    static let codes = model.kinds.map(\.code)
    static let findingCodes = (1...7).map(String.init)

    /// A record of any kind, tier and status, decided on any day of the four years before `asOf`.
    static func record(_ code: Int, _ tier: CreditModel.Tier, _ offset: Int, _ status: ScoredRecord.Status) -> ScoredRecord {
        let kind = codes[code % codes.count]
        let positive = model.kind(kind)?.isPositive == true
        return ScoredRecord(id: UUID(), kind: kind, tier: positive ? nil : tier, decisionDate: start.adding(days: offset), status: status)
    }

    @Test("adding a negative record never raises the score or the grade")
    func negativeNeverHelps() async {
        let findings = zip(Gen.int(in: 0...6), Gen<CreditModel.Tier>.case, Gen.int(in: 0...1_276)).map { code, tier, offset in
            ScoredRecord(
                id: UUID(), kind: Self.findingCodes[code], tier: tier, decisionDate: Self.start.adding(days: offset), status: .active)
        }
        await propertyCheck(input: zip(
                Gen.int(in: 0...100), Gen<CreditModel.Tier>.case, Gen.int(in: 0...1_276), Gen<ScoredRecord.Status>.case
            ).map(Self.record).array(of: 0...12), findings) { records, finding in
            let before = Self.model.assess(records, asOf: Self.asOf)
            let after = Self.model.assess(records + [finding], asOf: Self.asOf)
            #expect(after.score <= before.score)
            #expect(Self.model.rank(of: after.grade) >= Self.model.rank(of: before.grade))
        }
    }

    @Test("expired, revoked and repaired records never count")
    func onlyLiveRecordsCount() async {
        await propertyCheck(input: zip(
                Gen.int(in: 0...100), Gen<CreditModel.Tier>.case, Gen.int(in: 0...1_276), Gen<ScoredRecord.Status>.case
            ).map(Self.record).array(of: 0...12)) { records in
            let assessment = Self.model.assess(records, asOf: Self.asOf)
            let ends = Self.model.measuresEnd(of: records)
            for (record, contribution) in zip(records, assessment.contributions) {
                let kind = Self.model.kind(record.kind)!
                let end = kind.isPositive ? record.decisionDate.adding(months: Self.model.positiveValidityMonths) : ends[record.id]
                let expired = end.map { Self.asOf >= $0 } ?? false
                if record.status != .active || expired {
                    #expect(contribution.points == 0)
                    #expect(contribution.notCounting != nil)
                }
            }
        }
    }

    @Test("an active serious finding always gives D")
    func seriousGivesD() async {
        await propertyCheck(input: zip(
                Gen.int(in: 0...100), Gen<CreditModel.Tier>.case, Gen.int(in: 0...1_276), Gen<ScoredRecord.Status>.case
            ).map(Self.record).array(of: 0...12), Gen.int(in: 0...6), Gen.int(in: 0...300)) { records, code, daysAgo in
            let serious = ScoredRecord(
                id: UUID(), kind: Self.findingCodes[code], tier: .serious, decisionDate: Self.asOf.adding(days: -daysAgo), status: .active)
            let assessment = Self.model.assess(records + [serious], asOf: Self.asOf)
            #expect(assessment.grade == Self.model.seriouslyDishonestGrade)
            #expect(assessment.seriouslyDishonest)
        }
    }

    @Test("the contributions always add up to the score, and the same inputs give the same output")
    func contributionsAddUp() async {
        await propertyCheck(input: zip(
                Gen.int(in: 0...100), Gen<CreditModel.Tier>.case, Gen.int(in: 0...1_276), Gen<ScoredRecord.Status>.case
            ).map(Self.record).array(of: 0...12)) { records in
            let assessment = Self.model.assess(records, asOf: Self.asOf)
            #expect(Self.model.base + assessment.contributions.map(\.points).reduce(0, +) == assessment.score)
            #expect(assessment.reasons.count <= CreditModel.maximumReasons)
            #expect(Self.model.assess(records, asOf: Self.asOf) == assessment)
        }
    }
}
