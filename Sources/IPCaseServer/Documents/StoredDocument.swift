import Foundation
import IPCaseDomain

/// A document's metadata as the API shows it; the bytes are fetched separately.
struct StoredDocument: Codable, Sendable {
    let id: UUID
    /// What a document is, for the reader, as its subject's workflow names kinds: evidence, a ruling …
    let kind: String
    let filename: String
    let contentType: String
    let size: Int
    /// Hex SHA-256 of the content, as also recorded in the subject's event chain.
    let sha256: String
    let confidential: Bool
    let submittedByUserId: UUID
    let submittedByOrganizationId: UUID
    let submittedAt: Date
    /// Confidential documents only: the salt, and SHA-256(salt || sha256) as the event chain records it.
    var commitmentSalt: String? = nil
    var chainCommitment: String? = nil
}

extension StoredDocument {
    /// Sets the salt and the commitment the event chain records for a confidential document.
    mutating func sealConfidential(salt: [UInt8]) {
        commitmentSalt = salt.hexString
        chainCommitment = SaltedCommitment.commit(sha256: [UInt8](hex: sha256) ?? [], salt: salt).hexString
    }
}
