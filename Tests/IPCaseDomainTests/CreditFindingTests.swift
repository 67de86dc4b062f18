import Foundation
import Testing
@testable import IPCaseDomain

/// A finding is checked against the model before it becomes a record; every fault is named at once.
@Suite("Credit findings")
struct CreditFindingTests {
    static let today = CalendarDay(year: 2026, month: 12, day: 1)

    static func finding(
        code: String = "914403001922038216", kind: String = "6", tier: String? = nil, date: String = "2026-11-20",
        months: Int? = nil, number: String = "深市监知信〔2026〕12号"
    ) -> CreditFinding {
        CreditFinding(
            creditCode: code, kind: kind, tier: tier, decisionNumber: number, legalBasis: "知识产权信用管理规定 第六条",
            facts: "拒不履行已生效的调解协议。", decisionDate: date, publicationMonths: months)
    }

    @Test("a valid finding gets its tier, publication, repair date and objection window")
    func accepted() throws {
        let model = try CreditModelTests.real()
        let checked = try model.check(Self.finding(months: 24), today: Self.today).get()
        #expect(checked.tier == .serious)
        #expect(checked.publishedUntil == CalendarDay("2028-11-19"))
        #expect(checked.repairFrom == CalendarDay("2027-11-20"))
        #expect(checked.objectionUntil == CalendarDay("2026-12-16"))
        #expect(checked.decisionNumber == "深市监知信〔2026〕12号")
        let minor = try model.check(Self.finding(kind: "1", tier: "minor"), today: Self.today).get()
        #expect(minor.publishedUntil == nil && minor.repairFrom == CalendarDay("2026-11-20"))
    }

    @Test("an invalid credit code, a tier that does not fit the kind, a future date and a publication out of range are named together")
    func refusedTogether() throws {
        let model = try CreditModelTests.real()
        let result = model.check(
            Self.finding(code: "914403001922038217", kind: "6", tier: "minor", date: "2026-12-02", number: " "), today: Self.today)
        guard case .failure(let failure) = result else { Issue.record("accepted"); return }
        #expect(failure.problems.map(\.field) == ["creditCode", "tier", "decisionDate", "decisionNumber"])
        #expect(failure.problems[1].message.en == "is not a tier of kind 6 (allowed: general, serious)")

        let range = model.check(Self.finding(kind: "2", months: 13), today: Self.today)
        guard case .failure(let outOfRange) = range else { Issue.record("accepted"); return }
        #expect(outOfRange.problems.map(\.field) == ["publicationMonths"])
        #expect(outOfRange.problems[0].message.zh == "须在 3 至 12 个月之间")
    }

    @Test("an unknown kind, and a positive kind, are not findings")
    func kinds() throws {
        let model = try CreditModelTests.real()
        for kind in ["8", "award", ""] {
            guard case .failure(let failure) = model.check(Self.finding(kind: kind), today: Self.today) else {
                Issue.record("\(kind) accepted")
                continue
            }
            #expect(failure.problems.map(\.field) == ["kind"])
            #expect(failure.problems[0].message.en == "must be one of 1, 2, 3, 4, 5, 6, 7")
        }
    }
}
