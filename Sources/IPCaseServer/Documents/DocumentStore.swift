import Foundation
import Hummingbird
import Logging
import PostgresNIO

/// The one store of uploaded documents, for every subject: bytes and SHA-256 in PostgreSQL, so that a
/// backup of the database is a backup of the evidence. Rows are never changed or removed.
///
/// Bytes go in and come out in pieces (`document_chunks`, at most `pieceSize` each): an upload is written as
/// it arrives (`stage`), a download is sent as it is read (`download`), and no document is held whole in
/// memory on the way. Object storage could sit behind these same calls.
struct DocumentStore: Sendable {
    let database: Database
    let uploads: UploadSlots

    static let pieceSize = 256 * 1024
    /// Pieces of an upload that never became a document are removed after this long.
    static let abandonedAfter: TimeInterval = 3600

    /// Streams an upload's bytes into the store, within an upload slot; `produce` hands each piece to the
    /// writer as it arrives. On any failure the pieces written so far are removed again.
    func stage(
        maxSize: Int, logger: Logger, _ produce: (inout StagedDocumentWriter) async throws -> Void
    ) async throws -> StagedDocument {
        try await uploads.withSlot {
            var writer = StagedDocumentWriter(database: database, maxSize: maxSize, logger: logger)
            do {
                try await produce(&writer)
                return try await writer.finish()
            } catch {
                try? await discard(writer.id, logger: logger)
                throw error
            }
        }
    }

    /// Removes the pieces of an upload that will not become a document (its row refuses otherwise).
    func discard(_ id: UUID, logger: Logger) async throws {
        try await database.query("DELETE FROM document_chunks WHERE document_id = \(id)", logger: logger)
    }

    /// Removes the pieces of uploads refused after their bytes arrived, or cut off by a crash.
    @discardableResult
    func sweepAbandoned(now: Date, logger: Logger) async throws -> Int {
        let before = now.addingTimeInterval(-Self.abandonedAfter)
        let rows = try await database.query(
            """
            WITH gone AS (
                DELETE FROM document_chunks c
                WHERE written_at < \(before) AND NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = c.document_id)
                RETURNING 1)
            SELECT count(*)::int FROM gone
            """, logger: logger)
        for try await count in rows.decode(Int.self) { return count }
        return 0
    }

    func insert(
        _ document: StoredDocument, subjectType: String, subjectId: UUID, content: DocumentContent,
        on connection: PostgresConnection, logger: Logger
    ) async throws {
        let inline: ByteBuffer?
        switch content {
        case .staged(let staged):
            precondition(staged.id == document.id, "a staged upload is stored under its own id")
            inline = nil
        case .inline(let bytes):
            inline = bytes
        }
        try await connection.query(
            """
            INSERT INTO documents (id, subject_type, subject_id, kind, filename, content_type, size, sha256, confidential,
                                   commitment_salt, submitted_by_user_id, submitted_by_organization_id, submitted_at, content)
            VALUES (\(document.id), \(subjectType), \(subjectId), \(document.kind), \(document.filename),
                    \(document.contentType), \(document.size), decode(\(document.sha256), 'hex'), \(document.confidential),
                    decode(\(document.commitmentSalt), 'hex'), \(document.submittedByUserId),
                    \(document.submittedByOrganizationId), \(document.submittedAt), \(inline))
            """, logger: logger)
    }

    /// A subject's documents, oldest first.
    static let keyset = Keyset(list: "documents", [("submitted_at", .time), ("id", .id)])

    /// A page of the subject's documents, without their bytes.
    func list(
        subjectType: String, subjectId: UUID, after: ListCursor?, limit: Int, logger: Logger
    ) async throws -> [StoredDocument] {
        let rows = try await database.query(
            Self.keyset.page(
                """
                SELECT \(unescaped: Self.columns) FROM documents
                WHERE subject_type = \(subjectType) AND subject_id = \(subjectId)
                """, after: after, limit: limit),
            logger: logger)
        var documents: [StoredDocument] = []
        for try await row in rows { documents.append(try Self.decode(row)) }
        return documents
    }

    func find(_ id: UUID, subjectType: String, subjectId: UUID, logger: Logger) async throws -> StoredDocument? {
        let rows = try await database.query(
            """
            SELECT \(unescaped: Self.columns) FROM documents
            WHERE id = \(id) AND subject_type = \(subjectType) AND subject_id = \(subjectId)
            """, logger: logger)
        for try await row in rows { return try Self.decode(row) }
        return nil
    }

    /// The documents of these ids, whatever their subject, without their bytes: for a subject that refers to
    /// documents it shares with another (evidence carried over from a baseline assessment).
    func find(_ ids: [UUID], logger: Logger) async throws -> [UUID: StoredDocument] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await database.query(
            "SELECT \(unescaped: Self.columns) FROM documents WHERE id = ANY(\(ids))", logger: logger)
        var documents: [UUID: StoredDocument] = [:]
        for try await row in rows {
            let document = try Self.decode(row)
            documents[document.id] = document
        }
        return documents
    }

    /// A document's bytes whole, for the few who need them so (the evidence package); a download streams.
    func content(of id: UUID, logger: Logger) async throws -> ByteBuffer? {
        var whole: ByteBuffer?
        for try await var piece in try await pieces(of: id, logger: logger) {
            whole = whole ?? ByteBuffer()
            whole!.writeBuffer(&piece)
        }
        return whole
    }

    /// The document's bytes in order: its pieces, or the one piece of a document stored before pieces were.
    private func pieces(of id: UUID, logger: Logger) async throws -> AsyncThrowingMapSequence<PostgresRowSequence, ByteBuffer> {
        try await database.query(
            """
            SELECT content FROM documents WHERE id = \(id) AND content IS NOT NULL
            UNION ALL
            (SELECT bytes FROM document_chunks WHERE document_id = \(id)
             AND EXISTS (SELECT 1 FROM documents WHERE id = \(id)) ORDER BY seq)
            """, logger: logger
        ).map { try $0.decode(ByteBuffer.self) }
    }

    /// The document as a download, its bytes read and sent piece by piece.
    func download(_ document: StoredDocument, logger: Logger) -> Response {
        let store = self
        let body = ResponseBody(contentLength: document.size) { writer in
            for try await piece in try await store.pieces(of: document.id, logger: logger) { try await writer.write(piece) }
            try await writer.finish(nil)
        }
        return DocumentDownload.response(document, body: body)
    }

    private static let columns = """
        id, kind, filename, content_type, size, encode(sha256, 'hex'), confidential, submitted_by_user_id,
        submitted_by_organization_id, submitted_at, commitment_salt
        """

    private static func decode(_ row: PostgresRow) throws -> StoredDocument {
        let (id, kind, filename, contentType, size, sha256, confidential, userId, organizationId, submittedAt, salt) = try row.decode(
            (UUID, String, String, String, Int, String, Bool, UUID, UUID, Date, ByteBuffer?).self)
        var document = StoredDocument(
            id: id, kind: kind, filename: filename, contentType: contentType,
            size: size, sha256: sha256, confidential: confidential, submittedByUserId: userId,
            submittedByOrganizationId: organizationId, submittedAt: submittedAt)
        if let salt {
            document.sealConfidential(salt: Array(salt.readableBytesView))
        }
        return document
    }
}
