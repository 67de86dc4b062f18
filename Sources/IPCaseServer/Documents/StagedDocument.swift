import Crypto
import Foundation
import IPCaseDomain
import Logging
import NIOCore
import PostgresNIO

/// An upload's bytes, written to the document store in pieces as they arrived, under the id the document
/// will have; with their size and SHA-256, computed on the way. It becomes a document when its row is
/// written (`DocumentStore.insert`); until then its pieces may be discarded.
struct StagedDocument: Sendable {
    let id: UUID
    let size: Int
    let sha256: String
}

/// What a stored document's bytes are: pieces already staged (an upload), or bytes in hand (a document the
/// service wrote itself, such as the demo's).
enum DocumentContent: Sendable {
    case staged(StagedDocument)
    case inline(ByteBuffer)

    var size: Int {
        switch self {
        case .staged(let staged): staged.size
        case .inline(let bytes): bytes.readableBytes
        }
    }

    var sha256: String {
        switch self {
        case .staged(let staged): staged.sha256
        case .inline(let bytes): Array(SHA256.hash(data: Data(bytes.readableBytesView))).hexString
        }
    }
}

/// Writes an upload's pieces as they come: at most `DocumentStore.pieceSize` bytes are held at a time.
struct StagedDocumentWriter {
    let id = UUID()
    let database: Database
    let maxSize: Int
    let logger: Logger
    private var pending = ByteBuffer()
    private var hash = SHA256()
    private var size = 0
    private var sequence = 0

    init(database: Database, maxSize: Int, logger: Logger) {
        self.database = database
        self.maxSize = maxSize
        self.logger = logger
    }

    /// Takes the next bytes of the upload; more than `maxSize` in all is refused with 413.
    mutating func append(_ piece: ByteBuffer) async throws {
        size += piece.readableBytes
        guard size <= maxSize else { throw Problem.bodyTooLarge(limit: maxSize) }
        piece.withUnsafeReadableBytes { hash.update(bufferPointer: $0) }
        var piece = piece
        while piece.readableBytes > 0 {
            let room = DocumentStore.pieceSize - pending.readableBytes
            var part = piece.readSlice(length: min(room, piece.readableBytes))!
            pending.writeBuffer(&part)
            if pending.readableBytes == DocumentStore.pieceSize { try await flush() }
        }
    }

    /// Writes what is left and says what was staged.
    mutating func finish() async throws -> StagedDocument {
        if pending.readableBytes > 0 { try await flush() }
        return StagedDocument(id: id, size: size, sha256: Array(hash.finalize()).hexString)
    }

    private mutating func flush() async throws {
        try await database.query(
            "INSERT INTO document_chunks (document_id, seq, bytes) VALUES (\(id), \(sequence), \(pending))", logger: logger)
        sequence += 1
        pending = ByteBuffer()
    }
}
