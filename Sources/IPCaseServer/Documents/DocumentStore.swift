import Foundation
import Logging
import PostgresNIO

/// The one store of uploaded documents, for every subject: bytes and SHA-256 in PostgreSQL, so that a
/// backup of the database is a backup of the evidence. Rows are never changed or removed.
struct DocumentStore: Sendable {
    let database: Database

    func insert(
        _ document: StoredDocument, subjectType: String, subjectId: UUID, content: ByteBuffer,
        on connection: PostgresConnection, logger: Logger
    ) async throws {
        try await connection.query(
            """
            INSERT INTO documents (id, subject_type, subject_id, kind, filename, content_type, size, sha256, confidential,
                                   commitment_salt, submitted_by_user_id, submitted_by_organization_id, submitted_at, content)
            VALUES (\(document.id), \(subjectType), \(subjectId), \(document.kind), \(document.filename),
                    \(document.contentType), \(document.size), decode(\(document.sha256), 'hex'), \(document.confidential),
                    decode(\(document.commitmentSalt), 'hex'), \(document.submittedByUserId),
                    \(document.submittedByOrganizationId), \(document.submittedAt), \(content))
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

    func content(of id: UUID, logger: Logger) async throws -> ByteBuffer? {
        let rows = try await database.query("SELECT content FROM documents WHERE id = \(id)", logger: logger)
        for try await content in rows.decode(ByteBuffer.self) { return content }
        return nil
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
