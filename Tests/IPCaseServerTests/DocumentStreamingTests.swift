import Crypto
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import NIOPosix
import PostgresNIO
import Testing
@testable import IPCaseServer

/// Uploads are written to the store in pieces as they arrive and downloads are sent as they are read;
/// a refused upload leaves nothing behind, and beyond the uploads in flight the next one gets 503.
@Suite("Document streaming")
struct DocumentStreamingTests {
    typealias W = CaseWorld

    static func pieces(of documentId: String, on database: Database) async throws -> (count: Int, bytes: Int) {
        let rows = try await database.query(
            "SELECT count(*)::int, coalesce(sum(length(bytes)), 0)::int FROM document_chunks WHERE document_id = \(UUID(uuidString: documentId)!)",
            logger: TestPostgres.logger)
        for try await (count, bytes) in rows.decode((Int, Int).self) { return (count, bytes) }
        return (0, 0)
    }

    static func allPieces(on database: Database) async throws -> Int {
        let rows = try await database.query("SELECT count(*)::int FROM document_chunks", logger: TestPostgres.logger)
        for try await count in rows.decode(Int.self) { return count }
        return 0
    }

    @Test("a large upload is stored in pieces with its SHA-256 and downloads whole; refused uploads leave no pieces")
    func piecesInPiecesOut() async throws {
        try await W.run(adjust: { $0.maxDocumentSize = 2 << 20 }) { world in
            let id = try await world.inMediation()
            let length = (1 << 20) + 1000
            let content: [UInt8] = (0..<length).map { (index: Int) -> UInt8 in UInt8(truncatingIfNeeded: index * 31 + index / 7) }
            let expected = SHA256.hash(data: content).map { String(format: "%02x", $0) }.joined()
            let auth: HTTPFields = [.authorization: "Bearer \(world.token(W.complainant))", .contentType: "application/octet-stream"]
            let upload = try await world.client.execute(
                uri: "/v1/cases/\(id)/documents?filename=scan.bin&kind=evidence", method: .post, headers: auth,
                body: ByteBuffer(bytes: content))
            #expect(upload.status == .created, "\(upload.text)")
            let document = try upload.json()
            #expect(document["sha256"] as? String == expected)
            #expect(document["size"] as? Int == content.count)
            let documentId = try #require(document["id"] as? String)
            let stored = try await Self.pieces(of: documentId, on: world.database)
            #expect(stored.count == 5, "1 MiB and a little in pieces of 256 KiB")
            #expect(stored.bytes == content.count)

            let download = try await world.client.call(.get, "/v1/cases/\(id)/documents/\(documentId)/content", token: world.token(W.complainant))
            #expect(download.status == .ok)
            #expect(download.headers[.contentLength] == String(content.count))
            #expect(Array(download.body.readableBytesView) == content)

            // Refused after the bytes arrived (an unknown kind), or for being too large: nothing is left behind.
            let before = try await Self.allPieces(on: world.database)
            let wrongKind = try await world.client.execute(
                uri: "/v1/cases/\(id)/documents?filename=scan.bin&kind=nonsense", method: .post, headers: auth,
                body: ByteBuffer(bytes: content))
            #expect(wrongKind.status == .unprocessableContent)
            var chunked = auth
            chunked[.contentLength] = nil
            let tooLarge = try await world.client.execute(
                uri: "/v1/cases/\(id)/documents?filename=big.bin&kind=evidence", method: .post, headers: chunked,
                body: ByteBuffer(bytes: content + content))
            #expect(tooLarge.status == .contentTooLarge)
            let multipartTooLarge = try await world.client.execute(
                uri: "/v1/cases/\(id)/documents", method: .post,
                headers: [.authorization: "Bearer \(world.token(W.complainant))", .contentType: "multipart/form-data; boundary=b"],
                body: ByteBuffer(string: "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.bin\"\r\n\r\n"
                    + String(repeating: "x", count: 3 << 20) + "\r\n--b--\r\n"))
            #expect(multipartTooLarge.status == .contentTooLarge)
            #expect(try await Self.allPieces(on: world.database) == before)

            // The pieces of a stored document are kept like its row: the service may not remove them.
            await #expect(throws: (any Error).self) {
                try await world.database.query(
                    "DELETE FROM document_chunks WHERE document_id = \(UUID(uuidString: documentId)!)", logger: TestPostgres.logger)
            }
        }
    }

    @Test("pieces of an upload that never became a document are swept an hour on, and only those")
    func abandonedPiecesAreSwept() async throws {
        try await W.run { world in
            let id = try await world.inMediation()
            let upload = try await world.client.execute(
                uri: "/v1/cases/\(id)/documents?filename=a.txt&kind=evidence", method: .post,
                headers: [.authorization: "Bearer \(world.token(W.complainant))", .contentType: "text/plain"],
                body: ByteBuffer(string: "kept"))
            #expect(upload.status == .created)
            let old = world.clock.now.addingTimeInterval(-2 * 3600)
            try await world.database.query(
                "INSERT INTO document_chunks (document_id, seq, bytes, written_at) VALUES (\(UUID()), 0, '\\x00'::bytea, \(old))",
                logger: TestPostgres.logger)
            let recent = world.clock.now
            try await world.database.query(
                "INSERT INTO document_chunks (document_id, seq, bytes, written_at) VALUES (\(UUID()), 0, '\\x00'::bytea, \(recent))",
                logger: TestPostgres.logger)
            let store = DocumentStore(database: world.database, uploads: UploadSlots(limit: 1))
            // The stored document's piece stays whatever its age, and so does an upload still coming in.
            #expect(try await store.sweepAbandoned(now: world.clock.now, logger: TestPostgres.logger) == 1)
            #expect(try await Self.allPieces(on: world.database) == 2)
        }
    }

    @Test("beyond the uploads in flight, the next upload gets 503 with Retry-After before its body is read")
    func uploadsInFlightAreCapped() async throws {
        try await W.run(adjust: { $0.maxUploadsInFlight = 1 }) { world in
            let id = try await world.inMediation()
            let port = try #require(world.client.port)
            // One upload that sends its head and a piece of its body, and then waits: once its first piece is in
            // the store, it holds the one slot.
            let group = MultiThreadedEventLoopGroup.singleton
            let slow = try await ClientBootstrap(group: group).connect(host: "127.0.0.1", port: port).get()
            let head = "POST /v1/cases/\(id)/documents?filename=slow.bin&kind=evidence HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Authorization: Bearer \(world.token(W.complainant))\r\nContent-Type: application/octet-stream\r\n"
                + "Content-Length: 1000000\r\n\r\n" + String(repeating: "s", count: DocumentStore.pieceSize + 1000)
            try await slow.writeAndFlush(ByteBuffer(string: head)).get()
            let started = ContinuousClock.now
            while try await Self.allPieces(on: world.database) == 0, started.duration(to: .now) < .seconds(60) {
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(try await Self.allPieces(on: world.database) == 1, "the slow upload's first piece is stored as it arrives")
            let auth: HTTPFields = [.authorization: "Bearer \(world.token(W.respondent))", .contentType: "text/plain"]
            let refused: TestResponse? = try await world.client.execute(
                uri: "/v1/cases/\(id)/documents?filename=b.txt&kind=evidence", method: .post, headers: auth, body: ByteBuffer(string: "b"))
            #expect(refused?.status == .serviceUnavailable)
            let busy = try #require(refused, "the second upload was never refused")
            #expect(busy.headers[.retryAfter] == "1")
            #expect(busy.headers[.contentType] == "application/problem+json")
            try await slow.close()
            // The slot is free again once the first upload is gone, and its piece with it.
            var accepted = false
            for _ in 0..<50 where !accepted {
                let response = try await world.client.execute(
                    uri: "/v1/cases/\(id)/documents?filename=b.txt&kind=evidence", method: .post, headers: auth, body: ByteBuffer(string: "b"))
                accepted = response.status == .created
                if !accepted { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(accepted)
            #expect(try await Self.allPieces(on: world.database) == 1, "the cut-off upload's piece was removed; the new one's is kept")
        }
    }
}
