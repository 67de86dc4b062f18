import Foundation
import HTTPTypes
import Hummingbird
import IPCaseDomain
import Logging

/// What an upload says besides its bytes, read and checked the same way for every capability: a
/// multipart body (`file`, `kind`, `confidential` parts) or a raw body with `filename`, `kind` and
/// `confidential` in the query. The kinds a subject may carry are its workflow's `documents.kinds`.
struct DocumentUpload: Sendable {
    var filename: String
    var kind: String
    var confidential: Bool
    var contentType: String
    /// The bytes, already in the document store in pieces, under the id the document will have.
    var staged: StagedDocument
    /// The capability's own text fields, as the caller named them (evidence's items and dates).
    var fields: [String: String] = [:]

    var content: DocumentContent { .staged(staged) }

    /// The request body limit of an upload route: the document and room for the multipart framing.
    static func bodyLimit(maxDocumentSize: Int) -> Int { maxDocumentSize + 64 * 1024 }

    /// Streams the body into `store` (at most `maxSize` bytes of document, never held whole) and checks
    /// every part of it, naming each fault at once; a refused upload leaves no bytes behind.
    /// `defaultKind` is the kind of an upload that names none; `fields` are the capability's own text fields,
    /// read from the multipart parts or the query like `kind`.
    static func read(
        _ request: Request, maxSize: Int, kinds: [String], defaultKind: String? = nil, fields: [String] = [],
        into store: DocumentStore, logger: Logger
    ) async throws -> DocumentUpload {
        let contentType = request.headers[.contentType] ?? "application/octet-stream"
        let query = request.uri.queryParameters
        var texts: [String: String] = [:]
        var file: MultipartForm<RequestBody.AsyncIterator>.PartHead?
        var staged: StagedDocument?
        let multipart = contentType.lowercased().hasPrefix("multipart/form-data")
        if multipart {
            guard let boundary = MultipartForm<RequestBody.AsyncIterator>.boundary(of: contentType) else {
                throw Problem.badRequest(
                    ProblemDetail.multipartWithoutBoundary, errors: [FieldError("Content-Type", FieldMessage.needsBoundary)])
            }
            // One place for each thing: a multipart body carries its filename, kind and confidentiality as parts.
            let misplaced: [String] = (["filename", "kind", "confidential"] + fields).filter { query[Substring($0)] != nil }
            if !misplaced.isEmpty {
                throw Problem.badRequest(
                    ProblemDetail.multipartPartsInQuery,
                    errors: misplaced.map { FieldError($0, FieldMessage.belongsInMultipartBody) })
            }
            var form = MultipartForm(body: request.body.makeAsyncIterator(), boundary: boundary)
            do {
                while let part = try await form.nextPart() {
                    if part.name == "file", file == nil {
                        file = part
                        staged = try await store.stage(maxSize: maxSize, logger: logger) { writer in
                            try await form.streamBody { piece in try await writer.append(piece) }
                        }
                    } else if texts[part.name] == nil {
                        texts[part.name] = String(decoding: try await form.collectBody(), as: UTF8.self)
                    }
                }
                try await form.drain()
            } catch is MultipartForm<RequestBody.AsyncIterator>.ParseError {
                try? await form.drain()
                if let staged { try? await store.discard(staged.id, logger: logger) }
                throw Problem.badRequest(ProblemDetail.unreadableMultipart, errors: [FieldError("body", FieldMessage.notMultipart)])
            }
            guard file != nil, staged != nil else { throw Problem.validation([FieldError("file", FieldMessage.required)]) }
        } else {
            for name in ["filename", "kind", "confidential"] + fields { texts[name] = query[Substring(name)].map(String.init) }
            staged = try await store.stage(maxSize: maxSize, logger: logger) { writer in
                for try await piece in request.body { try await writer.append(piece) }
            }
        }
        var upload = DocumentUpload(
            filename: FieldValidation.trimmed(multipart ? file?.filename ?? "" : texts["filename"] ?? ""),
            kind: "", confidential: false,
            contentType: multipart ? file?.contentType ?? "application/octet-stream" : contentType, staged: staged!)
        var validation = FieldValidation()
        validation.check(isValidFilename(upload.filename), "filename", FieldMessage.filename)
        validation.check(isMediaType(upload.contentType), "Content-Type", FieldMessage.notAMediaType)
        if let kind = texts["kind"] ?? defaultKind, kinds.contains(kind) { upload.kind = kind } else {
            validation.add("kind", FieldMessage.oneOf(kinds))
        }
        switch texts["confidential"] {
        case "true": upload.confidential = true
        case "false", nil: upload.confidential = false
        default: validation.add("confidential", FieldMessage.trueOrFalse)
        }
        validation.check(upload.staged.size > 0, "file", FieldMessage.mustNotBeEmpty)
        for name in fields { upload.fields[name] = texts[name] }
        do {
            try validation.throwIfInvalid()
        } catch {
            try? await store.discard(upload.staged.id, logger: logger)
            throw error
        }
        return upload
    }

    /// A name, not a path, and without control characters (line breaks would end a header line) or
    /// the bidirectional overrides that make `exe.pdf` read as `fdp.exe`.
    static func isValidFilename(_ name: String) -> Bool {
        FieldValidation.fits(name, 1...255) && !name.contains("/") && !name.contains("\\") && name != "." && name != ".."
            && !name.unicodeScalars.contains {
                $0.properties.generalCategory == .control
                    || $0.properties.generalCategory == .format && $0.value >= 0x202A && $0.value <= 0x202E
            }
    }

    /// `type/subtype` with optional parameters, printable ASCII only, as a header may carry it.
    static func isMediaType(_ text: String) -> Bool {
        text.count <= 255
            && text.range(of: #"^[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+( *;[ -~]*)?$"#, options: .regularExpression) != nil
    }
}
