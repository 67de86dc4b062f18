import Foundation

/// A document's metadata as the API shows it; the bytes are fetched separately.
struct StoredDocument: Codable, Sendable {
    /// What a document is, for the reader: evidence, a party's statement, the agreement, a ruling.
    enum Kind: String, Codable, Sendable, CaseIterable {
        case evidence, statement, agreement, ruling, other
    }

    let id: UUID
    let kind: Kind
    let filename: String
    let contentType: String
    let size: Int
    /// Hex SHA-256 of the content, as also recorded in the subject's event chain.
    let sha256: String
    let confidential: Bool
    let submittedByUserId: UUID
    let submittedByOrganizationId: UUID
    let submittedAt: Date
}
