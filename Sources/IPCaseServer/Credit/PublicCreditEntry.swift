import Foundation
import IPCaseDomain

/// What anyone may see of a subject's credit without logging in (公示): its name, the grade in force,
/// whether it is seriously dishonest, and the records inside their publication period — never one that is
/// unpublished, revoked, repaired or past its period. A record with an objection pending is marked disputed.
struct PublicCreditEntry: Encodable, Sendable {
    struct Grade: Encodable, Sendable {
        let grade: String
        let publishedAt: Date
        let asOf: CalendarDay
    }

    struct Record: Encodable, Sendable {
        let id: UUID
        let kind: String
        let kindName: LocalizedText
        let tier: CreditModel.Tier?
        let decisionNumber: String
        let decisionDate: CalendarDay
        let publishedUntil: CalendarDay
        let disputed: Bool
    }

    let creditCode: String
    let name: String?
    let grade: Grade?
    let seriouslyDishonest: Bool
    let records: [Record]

    init(
        creditCode: String, name: String?, grade: CreditGradeNotice?, records: [CreditRecord], disputed: Set<UUID>,
        model: CreditModel, today: CalendarDay
    ) {
        self.creditCode = creditCode
        self.name = name
        self.grade = grade.flatMap { notice in notice.publishedAt.map { Grade(grade: notice.grade, publishedAt: $0, asOf: notice.asOf) } }
        seriouslyDishonest = model.assess(records.map(\.scored), asOf: today).seriouslyDishonest
        self.records = records.compactMap { record in
            guard record.isPublished(on: today), let until = record.publishedUntil else { return nil }
            return Record(
                id: record.id, kind: record.kind, kindName: model.kind(record.kind)?.name ?? LocalizedText(zh: record.kind, en: record.kind),
                tier: record.tier, decisionNumber: record.decisionNumber, decisionDate: record.decisionDate, publishedUntil: until,
                disputed: disputed.contains(record.id))
        }
    }
}

extension CreditRecord {
    /// Inside its publication period and still standing: what the public and partners may see.
    func isPublished(on day: CalendarDay) -> Bool {
        guard status == .active, let until = publishedUntil else { return false }
        return decisionDate <= day && day <= until
    }
}
