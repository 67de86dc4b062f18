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

    /// The document an upload becomes, with its id and SHA-256, before it is stored: a capability that
    /// records it in its subject (a piece of evidence) needs both first.
    func seal(_ upload: DocumentUpload, by principal: Principal, now: Date) -> StoredDocument {
        seal(
            upload.content, filename: upload.filename, kind: upload.kind, contentType: upload.contentType,
            confidential: upload.confidential, by: principal, now: now)
    }

    /// The same for bytes the service wrote itself (the demo's minutes).
    func seal(
        _ content: DocumentContent, filename: String, kind: String, contentType: String, confidential: Bool,
        by principal: Principal, now: Date
    ) -> StoredDocument {
        // A staged upload keeps the id its pieces were written under.
        let id = if case .staged(let staged) = content { staged.id } else { UUID() }
        var document = StoredDocument(
            id: id, kind: kind, filename: filename, contentType: contentType,
            size: content.size, sha256: content.sha256, confidential: confidential,
            submittedByUserId: principal.userId, submittedByOrganizationId: principal.organizationId, submittedAt: now)
        if document.confidential {
            var generator = SystemRandomNumberGenerator()
            document.sealConfidential(salt: (0..<SaltedCommitment.saltLength).map { _ in generator.next() })
        }
        return document
    }

    /// `chain` is where the upload is recorded when the subject's events join another's chain (an
    /// objection's, its record's); by default the subject's own.
    func submit(
        _ upload: DocumentUpload, subjectType: String, subjectId: UUID, chain: ChainReference? = nil, state: String,
        by principal: Principal, now: Date, on connection: PostgresConnection, logger: Logger
    ) async throws -> StoredDocument {
        let document = seal(upload, by: principal, now: now)
        try await submit(
            document, content: upload.content, subjectType: subjectType, subjectId: subjectId, chain: chain, state: state, by: principal,
            now: now, on: connection, logger: logger)
        return document
    }

    /// Stores a sealed document and records it in the chain.
    func submit(
        _ document: StoredDocument, content: DocumentContent, subjectType: String, subjectId: UUID, chain: ChainReference? = nil,
        state: String, by principal: Principal, now: Date, on connection: PostgresConnection, logger: Logger
    ) async throws {
        var payload: [String: JSONValue] = ["confidential": .bool(document.confidential)]
        if document.confidential {
            payload["commitment"] = .string(document.chainCommitment ?? "")
        } else {
            payload["documentId"] = .string(document.id.uuidString.lowercased())
            payload["kind"] = .string(document.kind)
            payload["sha256"] = .string(document.sha256)
            payload["size"] = .number(Double(document.size))
        }
        try await documents.insert(
            document, subjectType: subjectType, subjectId: subjectId, content: content, on: connection, logger: logger)
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
    }
}
