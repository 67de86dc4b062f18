import Crypto
import Foundation
import IPCaseDomain
import Logging
import PostgresNIO

/// Stores an upload for any subject and records it in the subject's event chain, in the caller's
/// transaction: the bytes and their SHA-256 in the document store, and in the chain the hash itself or,
/// for a confidential document, only a salted commitment (docs/domain.md#evidence-and-confidentiality),
/// never with its filename, which may itself be secret.
struct DocumentSubmission: Sendable {
    let documents: DocumentStore
    let events: EventChain

    /// `chain` is where the upload is recorded when the subject's events join another's chain (an
    /// objection's, its record's); by default the subject's own.
    func submit(
        _ upload: DocumentUpload, subjectType: String, subjectId: UUID, chain: ChainReference? = nil, state: String,
        by principal: Principal, now: Date, on connection: PostgresConnection, logger: Logger
    ) async throws -> StoredDocument {
        let digest = Array(SHA256.hash(data: Data(upload.bytes.readableBytesView))).hexString
        var document = StoredDocument(
            id: UUID(), kind: upload.kind, filename: upload.filename, contentType: upload.contentType,
            size: upload.bytes.readableBytes, sha256: digest, confidential: upload.confidential,
            submittedByUserId: principal.userId, submittedByOrganizationId: principal.organizationId, submittedAt: now)
        var payload: [String: JSONValue] = ["confidential": .bool(document.confidential)]
        if document.confidential {
            var generator = SystemRandomNumberGenerator()
            document.sealConfidential(salt: (0..<DocumentCommitment.saltLength).map { _ in generator.next() })
            payload["commitment"] = .string(document.chainCommitment ?? "")
        } else {
            payload["documentId"] = .string(document.id.uuidString.lowercased())
            payload["kind"] = .string(document.kind)
            payload["sha256"] = .string(digest)
            payload["size"] = .number(Double(document.size))
        }
        try await documents.insert(
            document, subjectType: subjectType, subjectId: subjectId, content: upload.bytes, on: connection, logger: logger)
        let chain = chain ?? ChainReference(subjectType: subjectType, subjectId: subjectId)
        if chain.subjectId != subjectId {
            payload["subjectType"] = .string(subjectType)
            payload["subjectId"] = .string(subjectId.uuidString.lowercased())
        }
        try await events.append(
            [EventChain.NewEvent(
                action: "submitDocument", actorUserId: principal.userId, actorOrganizationId: principal.organizationId,
                fromState: state, toState: state, payload: payload)],
            subjectType: chain.subjectType, subjectId: chain.subjectId, at: now, on: connection, logger: logger)
        return document
    }
}
