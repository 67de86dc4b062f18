import Foundation
import IPCaseDomain

/// A credit record as stored and shown: the finding, the periods it set running and its status.
struct CreditRecord: Codable, Sendable {
    let id: UUID
    let creditCode: String
    let kind: String
    let tier: CreditModel.Tier?
    let decisionNumber: String
    let legalBasis: String
    let facts: String
    let decisionDate: CalendarDay
    let publishedUntil: CalendarDay?
    let repairFrom: CalendarDay
    let objectionUntil: CalendarDay
    let status: ScoredRecord.Status
    let recordedByUserId: UUID
    let recordingOrganizationId: UUID
    let recordedAt: Date
    let version: Int
    /// The proposal it confirmed, when it came from another capability.
    let proposalId: UUID?
    /// When its measures (art. 9) end, which depends on the subject's other findings: worked out when the
    /// record is read, never stored.
    var measuresUntil: CalendarDay?

    /// The records with their measures' end, worked out from all of the subject's records.
    static func withMeasures(_ records: [CreditRecord], model: CreditModel) -> [CreditRecord] {
        let ends = model.measuresEnd(of: records.map(\.scored))
        return records.map { record in
            var record = record
            // The end is exclusive: the last day of the measures is the day before.
            record.measuresUntil = ends[record.id]?.adding(days: -1)
            return record
        }
    }

    /// What scoring reads of it.
    var scored: ScoredRecord {
        ScoredRecord(id: id, kind: kind, tier: tier, decisionDate: decisionDate, status: status)
    }
}
