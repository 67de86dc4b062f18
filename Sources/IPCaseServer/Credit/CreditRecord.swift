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

    /// What scoring reads of it.
    var scored: ScoredRecord {
        ScoredRecord(id: id, kind: kind, tier: tier, decisionDate: decisionDate, status: status)
    }
}
