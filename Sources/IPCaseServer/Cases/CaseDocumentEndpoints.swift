import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import IPCaseDomain

/// Evidence and other documents of a case. The bytes and their SHA-256 go to the document store, the
/// hash also into the case's event chain. A confidential document is shown only to its submitting
/// organisation and the case's neutrals; every read of one is written to the audit log.
struct CaseDocumentEndpoints: EndpointCollection {
    let dependencies: AppDependencies

    var endpoints: [Endpoint] {
        [
            Endpoint(
                .post, "/v1/cases/{id}/documents", access: .action("case.document.upload"),
                bodyLimit: dependencies.configuration.maxDocumentSize + 64 * 1024, handler: upload),
            Endpoint(.get, "/v1/cases/{id}/documents", access: .action("case.document.list"), handler: list),
            Endpoint(.get, "/v1/cases/{id}/documents/{documentId}", access: .action("case.document.read"), handler: read),
            Endpoint(
                .get, "/v1/cases/{id}/documents/{documentId}/content", access: .action("case.document.read"),
                handler: content),
        ]
    }

    static func closed(_ state: String) -> Problem {
        Problem(
            .conflict, kind: .caseClosed,
            detail: ProblemDetail.caseClosedToDocuments, extensions: ["state": .string(state)])
    }

    /// What an upload says besides its bytes.
    private struct Upload {
        var filename: String
        var kind: StoredDocument.Kind
        var confidential: Bool
        var contentType: String
        var bytes: ByteBuffer
    }

    @Sendable func upload(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let stored = try await dependencies.caseAccess.loadReadable(try context.pathID(), context: context)
        try await dependencies.authorizer.require(
            "case.document.upload", on: CasePolicy.entity(stored.snapshot), readAction: "case.read", request: context)
        let workflow = dependencies.policies.loaded.caseWorkflow
        if workflow.state(stored.snapshot.state)?.terminal == true { throw Self.closed(stored.snapshot.state) }
        let upload = try await readUpload(request, context: context)
        let digest = Array(SHA256.hash(data: Data(upload.bytes.readableBytesView))).hexString
        let caseId = stored.snapshot.id
        let document = try await dependencies.database.transaction(logger: context.logger) { connection in
            // Receiving the body may take minutes: the case is read again under its row lock, which also
            // orders this event after any transition in flight.
            guard let locked = try await dependencies.cases.find(caseId, on: connection, forUpdate: true, logger: context.logger)
            else { throw Problem.notFound() }
            if workflow.state(locked.snapshot.state)?.terminal == true { throw Self.closed(locked.snapshot.state) }
            let now = dependencies.clock.now
            var document = StoredDocument(
                id: UUID(), kind: upload.kind, filename: upload.filename, contentType: upload.contentType,
                size: upload.bytes.readableBytes, sha256: digest, confidential: upload.confidential,
                submittedByUserId: principal.userId, submittedByOrganizationId: principal.organizationId, submittedAt: now)
            // The chain proves the content; for a confidential document only through a salted commitment, and
            // never with its filename, which may itself be secret.
            var payload: [String: JSONValue] = ["confidential": .bool(document.confidential)]
            if document.confidential {
                var generator = SystemRandomNumberGenerator()
                document.sealConfidential(salt: (0..<DocumentCommitment.saltLength).map { _ in generator.next() })
                payload["commitment"] = .string(document.chainCommitment ?? "")
            } else {
                payload["documentId"] = .string(document.id.uuidString.lowercased())
                payload["kind"] = .string(document.kind.rawValue)
                payload["sha256"] = .string(digest)
                payload["size"] = .number(Double(document.size))
            }
            try await dependencies.documents.insert(
                document, subjectType: CaseWriter.subjectType, subjectId: caseId, content: upload.bytes, on: connection,
                logger: context.logger)
            try await dependencies.events.append(
                [EventChain.NewEvent(
                    action: "submitDocument", actorUserId: principal.userId, actorOrganizationId: principal.organizationId,
                    fromState: locked.snapshot.state, toState: locked.snapshot.state, payload: payload)],
                subjectType: CaseWriter.subjectType, subjectId: caseId, at: now, on: connection, logger: context.logger)
            return document
        }
        let snapshot = stored.snapshot
        return try .json(document, status: .created, headers: [
            .location: "/v1/cases/\(snapshot.id.uuidString.lowercased())/documents/\(document.id.uuidString.lowercased())",
        ])
    }

    /// Multipart (`file`, `kind`, `confidential` parts) or a raw body with `filename`, `kind` and
    /// `confidential` in the query.
    private func readUpload(_ request: Request, context: AppRequestContext) async throws -> Upload {
        let limit = dependencies.configuration.maxDocumentSize
        let contentType = request.headers[.contentType] ?? "application/octet-stream"
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: limit + 64 * 1024)
        } catch {
            throw Problem.bodyTooLarge(limit: limit)
        }
        var validation = FieldValidation()
        var upload = Upload(filename: "", kind: .other, confidential: false, contentType: "application/octet-stream", bytes: body)
        let kindText: String?, confidentialText: String?
        if contentType.lowercased().hasPrefix("multipart/form-data") {
            guard let boundary = MultipartForm.boundary(of: contentType) else {
                throw Problem.badRequest(ProblemDetail.multipartWithoutBoundary, errors: [FieldError("Content-Type", FieldMessage.needsBoundary)])
            }
            let form: MultipartForm
            do { form = try MultipartForm(body: body, boundary: boundary) } catch {
                throw Problem.badRequest(ProblemDetail.unreadableMultipart, errors: [FieldError("body", FieldMessage.notMultipart)])
            }
            guard let file = form.part(named: "file") else { throw Problem.validation([FieldError("file", FieldMessage.required)]) }
            // One place for each thing: a multipart body carries its filename, kind and confidentiality as parts.
            let query = request.uri.queryParameters
            let misplaced: [String] = ["filename", "kind", "confidential"].filter { query[Substring($0)] != nil }
            if !misplaced.isEmpty {
                throw Problem.badRequest(
                    ProblemDetail.multipartPartsInQuery,
                    errors: misplaced.map { FieldError($0, FieldMessage.belongsInMultipartBody) })
            }
            upload.filename = file.filename ?? ""
            upload.contentType = file.contentType ?? "application/octet-stream"
            upload.bytes = ByteBuffer(bytes: file.body)
            kindText = form.text("kind")
            confidentialText = form.text("confidential")
        } else {
            let query = request.uri.queryParameters
            upload.filename = query["filename"].map(String.init) ?? ""
            upload.contentType = contentType
            kindText = query["kind"].map(String.init)
            confidentialText = query["confidential"].map(String.init)
        }
        upload.filename = FieldValidation.trimmed(upload.filename)
        validation.check(Self.isValidFilename(upload.filename), "filename", FieldMessage.filename)
        validation.check(
            upload.contentType.range(of: #"^[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+( *;[ -~]*)?$"#, options: .regularExpression) != nil
                && upload.contentType.count <= 255,
            "Content-Type", FieldMessage.notAMediaType)
        if let kind = kindText.flatMap(StoredDocument.Kind.init(rawValue:)) { upload.kind = kind } else {
            validation.add("kind", FieldMessage.oneOf(StoredDocument.Kind.allCases.map(\.rawValue)))
        }
        switch confidentialText {
        case "true": upload.confidential = true
        case "false", nil: upload.confidential = false
        default: validation.add("confidential", FieldMessage.trueOrFalse)
        }
        validation.check(upload.bytes.readableBytes <= limit, "file", FieldMessage.atMostBytes(limit))
        validation.check(upload.bytes.readableBytes > 0, "file", FieldMessage.mustNotBeEmpty)
        try validation.throwIfInvalid()
        return upload
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let page = try PageRequest(request, list: DocumentStore.keyset)
        let stored = try await dependencies.caseAccess.loadReadable(try context.pathID(), context: context)
        try await dependencies.authorizer.require(
            "case.document.list", on: CasePolicy.entity(stored.snapshot), readAction: "case.read", request: context)
        let result = try await Page<StoredDocument>.visible(
            limit: page.limit, after: page.after,
            fetch: { after, limit in
                try await dependencies.documents.list(
                    subjectType: CaseWriter.subjectType, subjectId: stored.snapshot.id, after: after, limit: limit,
                    logger: context.logger)
            },
            cursor: { DocumentStore.keyset.cursor(.time($0.submittedAt), .id($0.id)) },
            isVisible: { document in
                dependencies.authorizer.decide(
                    "case.document.read", resource: CasePolicy.documentEntity(document, of: stored.snapshot),
                    principal: principal, logger: context.logger
                ).isAllowed
            })
        return try .json(result)
    }

    @Sendable func read(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (stored, document) = try await readableDocument(context)
        try await auditConfidentialRead(document, of: stored, what: "metadata", context: context)
        return try .json(document)
    }

    @Sendable func content(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (stored, document) = try await readableDocument(context)
        guard let bytes = try await dependencies.documents.content(of: document.id, logger: context.logger) else {
            throw Problem.notFound()
        }
        try await auditConfidentialRead(document, of: stored, what: "content", context: context)
        var headers = HTTPFields()
        headers[.contentType] = document.contentType
        headers[.contentDisposition] = Self.attachment(document.filename)
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        headers[.cacheControl] = "private, no-store"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: bytes))
    }

    /// Every read of a confidential document, its content or its metadata, is written to the audit log.
    private func auditConfidentialRead(
        _ document: StoredDocument, of stored: StoredCase, what: String, context: AppRequestContext
    ) async throws {
        guard document.confidential else { return }
        try await dependencies.audit.record(
            .init(
                event: "document.confidential.read", actor: try context.requirePrincipal(), subjectType: "document",
                subjectId: document.id.uuidString.lowercased(),
                details: ["case": .string(stored.snapshot.number), "read": .string(what), "sha256": .string(document.sha256)]),
            context: context)
    }

    /// The case and document, if the principal may read the document: 404 for anyone who may not, so a
    /// confidential document's existence is not revealed to the other party.
    private func readableDocument(_ context: AppRequestContext) async throws -> (StoredCase, StoredDocument) {
        let stored = try await dependencies.caseAccess.loadReadable(try context.pathID(), context: context)
        guard let document = try await dependencies.documents.find(
            try context.pathID("documentId"), subjectType: CaseWriter.subjectType, subjectId: stored.snapshot.id,
            logger: context.logger)
        else { throw Problem.notFound() }
        try await dependencies.authorizer.require(
            "case.document.read", on: CasePolicy.documentEntity(document, of: stored.snapshot),
            readAction: "case.document.read", request: context)
        return (stored, document)
    }

    /// A name, not a path, and without control characters (line breaks would end a header line).
    static func isValidFilename(_ name: String) -> Bool {
        FieldValidation.fits(name, 1...255) && !name.contains("/") && !name.contains("\\")
            && !name.unicodeScalars.contains { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format && $0.value >= 0x202A && $0.value <= 0x202E }
    }

    /// `attachment` with an ASCII fallback and the UTF-8 name (RFC 6266), so browsers download it and
    /// Chinese filenames survive.
    static func attachment(_ filename: String) -> String {
        let fallback = String(filename.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 && $0 != "\"" && $0 != "\\" ? Character($0) : "_" })
        let encoded = filename.addingPercentEncoding(
            withAllowedCharacters: CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-_")) ?? fallback
        return "attachment; filename=\"\(fallback)\"; filename*=UTF-8''\(encoded)"
    }
}
