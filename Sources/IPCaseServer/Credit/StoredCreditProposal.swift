import Foundation
// Ids are written in lower case by the encoding overloads of IPCaseDomain, which a file only sees when it imports it.
import IPCaseDomain

/// A credit proposal as stored and shown: what another capability proposed, and how a regulator decided.
struct StoredCreditProposal: Encodable, Sendable {
    enum Status: String, Codable, Sendable, CaseIterable {
        case proposed, confirmed, dismissed
        /// Its source lapsed before a regulator decided (an approved assessment expired or was replaced).
        case withdrawn
    }

    let id: UUID
    /// The kind of art. 6 the proposal would record.
    let kind: String
    let organizationId: UUID?
    let creditCode: String
    /// Where it came from: a case (`case`) and its id.
    let sourceType: String
    let sourceId: UUID
    let reason: String
    let status: Status
    let proposedAt: Date
    let decidedByUserId: UUID?
    let decidedAt: Date?
    let decisionReason: String?
    /// The record confirming it created.
    let recordId: UUID?
}
