import Foundation
import IPCaseDomain

/// A message to one user that something awaits them, written in the transaction that created the need.
struct Notification: Codable, Sendable {
    let id: UUID
    let subjectType: String
    let subjectId: UUID
    /// What the subject is called for people: a case number.
    let subjectLabel: String
    let text: LocalizedText
    let createdAt: Date
    let readAt: Date?
}
