import Crypto
import Foundation
import IPCaseDomain
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PostgresNIO
import Testing
@testable import IPCaseServer

/// Evidence: uploads as multipart or raw, the SHA-256 in the chain, and confidential documents that
/// the other party can neither list nor fetch.
@Suite("Case documents")
struct CaseDocumentTests {
    typealias W = CaseWorld

    static func multipart(
        _ content: String, filename: String, kind: String, confidential: Bool, contentType: String = "text/plain"
    ) -> (HTTPFields, ByteBuffer) {
        let boundary = "----ipcase-test-boundary"
        let body = """
            --\(boundary)\r
            Content-Disposition: form-data; name="kind"\r
            \r
            \(kind)\r
            --\(boundary)\r
            Content-Disposition: form-data; name="confidential"\r
            \r
            \(confidential)\r
            --\(boundary)\r
            Content-Disposition: form-data; name="file"; filename="\(filename)"\r
            Content-Type: \(contentType)\r
            \r
            \(content)\r
            --\(boundary)--\r

            """
        var headers = HTTPFields()
        headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
        return (headers, ByteBuffer(string: body))
    }

    func upload(
        _ world: CaseWorld, _ id: String, as email: String, content: String, filename: String = "evidence.txt",
        kind: String = "evidence", confidential: Bool
    ) async throws -> TestResponse {
        world.clock.advance(by: 1)  // distinct upload times, so the listing order is the upload order
        var (headers, body) = Self.multipart(content, filename: filename, kind: kind, confidential: confidential)
        headers[.authorization] = "Bearer \(world.token(email))"
        return try await world.client.execute(uri: "/v1/cases/\(id)/documents", method: .post, headers: headers, body: body)
    }

    func listed(_ world: CaseWorld, _ id: String, as email: String) async throws -> [String] {
        let response = try await world.client.call(.get, "/v1/cases/\(id)/documents", token: world.token(email))
        guard response.status == .ok else { return ["status \(response.status.code)"] }
        return (try response.json()["items"] as? [[String: Any]] ?? []).compactMap { ($0["id"] as? String)?.lowercased() }
    }

    @Test("a multipart upload is stored with its SHA-256, which the event chain records, and downloads as an attachment")
    func multipartUpload() async throws {
        try await W.run { world in
            let id = try await world.inMediation()
            let response = try await upload(world, id, as: W.complainant, content: "lens drawings", filename: "图纸.txt", confidential: false)
            #expect(response.status == .created)
            let document = try response.json()
            let expected = SHA256Hex.of("lens drawings")
            #expect(document["sha256"] as? String == expected)
            #expect(document["size"] as? Int == 13)
            let docId = try #require((document["id"] as? String)?.lowercased())
            let event = try #require(try await world.events(id).last)
            #expect(event["action"] as? String == "submitDocument")
            #expect((event["payload"] as? [String: Any])?["sha256"] as? String == expected)

            let download = try await world.client.call(.get, "/v1/cases/\(id)/documents/\(docId)/content", token: world.token(W.respondent))
            #expect(download.status == .ok)
            #expect(download.text == "lens drawings")
            #expect(download.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
            #expect(download.headers[.contentDisposition]?.hasPrefix("attachment;") == true)
            #expect(download.headers[.contentDisposition]?.contains("filename*=UTF-8''%E5%9B%BE%E7%BA%B8.txt") == true)
        }
    }

    @Test("a raw upload takes its filename, kind and confidentiality from the query")
    func rawUpload() async throws {
        try await W.run { world in
            let id = try await world.inMediation()
            var headers = HTTPFields()
            headers[.authorization] = "Bearer \(world.token(W.respondent))"
            headers[.contentType] = "application/pdf"
            let response = try await world.client.execute(
                uri: "/v1/cases/\(id)/documents?filename=statement.pdf&kind=statement&confidential=false", method: .post,
                headers: headers, body: ByteBuffer(string: "%PDF-1.7 statement"))
            #expect(response.status == .created)
            let document = try response.json()
            #expect(document["contentType"] as? String == "application/pdf")
            #expect(document["kind"] as? String == "statement")
            let missing = try await world.client.execute(
                uri: "/v1/cases/\(id)/documents?kind=statement", method: .post, headers: headers, body: ByteBuffer(string: "x"))
            #expect(missing.status == .unprocessableContent)
            let linebreak = try await world.client.execute(
                uri: "/v1/cases/\(id)/documents?filename=a%0D%0AX-Evil:%201.pdf&kind=statement", method: .post, headers: headers,
                body: ByteBuffer(string: "x"))
            #expect(linebreak.status == .unprocessableContent)
            // `.` and `..` are no filenames: a download would name a folder.
            for name in [".", ".."] {
                let dots = try await world.client.execute(
                    uri: "/v1/cases/\(id)/documents?filename=\(name)&kind=statement", method: .post, headers: headers,
                    body: ByteBuffer(string: "x"))
                #expect(dots.status == .unprocessableContent, "\(name)")
            }
            let empty = try await world.client.execute(
                uri: "/v1/cases/\(id)/documents?filename=a.pdf&kind=statement", method: .post, headers: headers, body: ByteBuffer())
            #expect(empty.status == .unprocessableContent)
            // A multipart body says these things in its parts; repeating them in the query is refused.
            var (multipartHeaders, body) = Self.multipart("x", filename: "a.txt", kind: "evidence", confidential: false)
            multipartHeaders[.authorization] = "Bearer \(world.token(W.respondent))"
            let twice = try await world.client.execute(
                uri: "/v1/cases/\(id)/documents?kind=statement", method: .post, headers: multipartHeaders, body: body)
            #expect(twice.status == .badRequest)
            // A part's own Content-Type is checked like the request's: no media type, no upload.
            for malformed in ["text", "text/plain; charset=\u{7}", "text /plain", "../../x"] {
                var (partHeaders, partBody) = Self.multipart("x", filename: "a.txt", kind: "evidence", confidential: false, contentType: malformed)
                partHeaders[.authorization] = "Bearer \(world.token(W.respondent))"
                let refused = try await world.client.execute(
                    uri: "/v1/cases/\(id)/documents", method: .post, headers: partHeaders, body: partBody)
                #expect(refused.status == .unprocessableContent, "\(malformed)")
                let fields = (try refused.json()["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
                #expect(fields == ["Content-Type"], "\(malformed): \(refused.text)")
            }
        }
    }

    @Test("a confidential document: the other party gets 404 and no listing; the submitter and the assigned mediator see it")
    func confidentiality() async throws {
        try await W.run { world in
            let id = try await world.inMediation()
            let secret = try await upload(world, id, as: W.complainant, content: "source code of the secret", confidential: true)
            let shared = try await upload(world, id, as: W.complainant, content: "public filing", confidential: false)
            let secretId = try #require((try secret.json()["id"] as? String)?.lowercased())
            let sharedId = try #require((try shared.json()["id"] as? String)?.lowercased())

            #expect(try await listed(world, id, as: W.complainant) == [secretId, sharedId])
            #expect(try await listed(world, id, as: W.mediator) == [secretId, sharedId])
            #expect(try await listed(world, id, as: W.respondent) == [sharedId])
            #expect(try await listed(world, id, as: W.mediator2) == [sharedId])

            for email in [W.respondent, W.mediator2, W.outsider, W.admin, W.regulator] {
                let fetch = try await world.client.call(
                    .get, "/v1/cases/\(id)/documents/\(secretId)/content", token: world.token(email))
                #expect(fetch.status == .notFound, "\(email)")
                let meta = try await world.client.call(.get, "/v1/cases/\(id)/documents/\(secretId)", token: world.token(email))
                #expect(meta.status == .notFound, "\(email)")
            }
            let mediatorRead = try await world.client.call(
                .get, "/v1/cases/\(id)/documents/\(secretId)/content", token: world.token(W.mediator))
            #expect(mediatorRead.status == .ok)
            #expect(mediatorRead.text == "source code of the secret")

            // The chain the other party reads holds a salted commitment, not the document's id or hash.
            let events = try await world.events(id, as: W.respondent).filter { $0["action"] as? String == "submitDocument" }
            let secretEvent = try #require(events.first { ($0["payload"] as? [String: Any])?["confidential"] as? Bool == true })
            let payload = try #require(secretEvent["payload"] as? [String: Any])
            #expect(Set(payload.keys) == ["confidential", "commitment"])
            let digest = SHA256Hex.of("source code of the secret")
            #expect(!"\(events)".contains(digest))
            #expect(!"\(events)".contains(secretId))
            // Whoever may read the document checks the commitment with its salt.
            let meta = try await world.client.call(.get, "/v1/cases/\(id)/documents/\(secretId)", token: world.token(W.complainant))
            let document = try meta.json()
            let salt = ([UInt8](hex: document["commitmentSalt"] as? String ?? "") ?? [])
            #expect(salt.count == 16)
            #expect(
                SaltedCommitment.commit(sha256: ([UInt8](hex: digest) ?? []), salt: salt).hexString
                    == payload["commitment"] as? String)
        }
    }

    @Test("every read of a confidential document is written to the audit log")
    func confidentialReadsAudited() async throws {
        try await W.run { world in
            let id = try await world.inMediation()
            let secret = try await upload(world, id, as: W.respondent, content: "customer list", confidential: true)
            let secretId = try #require((try secret.json()["id"] as? String)?.lowercased())
            for email in [W.respondent, W.mediator, W.mediator] {
                let read = try await world.client.call(.get, "/v1/cases/\(id)/documents/\(secretId)/content", token: world.token(email))
                #expect(read.status == .ok)
            }
            let rows = try await world.database.query(
                "SELECT actor_user_id FROM audit_log WHERE event = 'document.confidential.read' AND subject_id = \(secretId)",
                logger: TestPostgres.logger)
            var readers: [String] = []
            for try await user in rows.decode(UUID.self) { readers.append(user.uuidString.lowercased()) }
            #expect(readers.sorted() == [world.userIds[W.respondent]!, world.userIds[W.mediator]!, world.userIds[W.mediator]!].sorted())
        }
    }

    @Test("admins and regulators cannot list documents; outsiders cannot upload")
    func noDocumentsForOthers() async throws {
        try await W.run { world in
            let id = try await world.inMediation()
            #expect(try await listed(world, id, as: W.admin) == ["status 403"])
            #expect(try await listed(world, id, as: W.regulator) == ["status 404"])
            #expect(try await upload(world, id, as: W.outsider, content: "x", confidential: false).status == .notFound)
            // Nor, in the event log, a document's id or hash: the admin sees that something was uploaded, not what.
            let shared = try await upload(world, id, as: W.complainant, content: "public filing", confidential: false)
            let documentId = try #require((try shared.json()["id"] as? String)?.lowercased())
            let adminEvents = try await world.events(id, as: W.admin)
            let uploads = adminEvents.filter { $0["action"] as? String == "submitDocument" }
            #expect(uploads.count == 1)
            #expect(uploads.allSatisfy { ($0["payload"] as? [String: Any])?["documentId"] == nil && ($0["payload"] as? [String: Any])?["sha256"] == nil })
            let partyEvents = try await world.events(id, as: W.complainant)
            #expect(partyEvents.contains { (($0["payload"] as? [String: Any])?["documentId"] as? String)?.lowercased() == documentId })
        }
    }

    @Test("uploads over the configured limit get 413; a closed case takes no documents")
    func limits() async throws {
        let clock = ManualClock(CaseWorld.start)
        try await TestApp.run(configure: { $0.clock = clock; $0.maxDocumentSize = 1024 }) { client, database in
            let world = try await CaseWorld.make(client: client, database: database, clock: clock)
            let id = try await world.inMediation()
            let big = try await upload(world, id, as: W.complainant, content: String(repeating: "x", count: 100_000), confidential: false)
            #expect(big.status == .contentTooLarge)
            try await world.must(id, "withdraw", as: W.complainant)
            let closed = try await upload(world, id, as: W.complainant, content: "late", confidential: false)
            #expect(closed.status == .conflict)
        }
    }
}

enum SHA256Hex {
    static func of(_ text: String) -> String {
        Array(Crypto.SHA256.hash(data: Data(text.utf8))).hexString
    }
}
