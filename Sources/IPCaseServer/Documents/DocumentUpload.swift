import Foundation
import HTTPTypes
import Hummingbird
import IPCaseDomain

/// What an upload says besides its bytes, read and checked the same way for every capability: a
/// multipart body (`file`, `kind`, `confidential` parts) or a raw body with `filename`, `kind` and
/// `confidential` in the query. The kinds a subject may carry are its workflow's `documents.kinds`.
struct DocumentUpload: Sendable {
    var filename: String
    var kind: String
    var confidential: Bool
    var contentType: String
    var bytes: ByteBuffer
    /// The capability's own text fields, as the caller named them (evidence's items and dates).
    var fields: [String: String] = [:]

    /// The request body limit of an upload route: the document and room for the multipart framing.
    static func bodyLimit(maxDocumentSize: Int) -> Int { maxDocumentSize + 64 * 1024 }

    /// Reads the body (at most `maxSize` bytes of document) and checks every part of it, naming each
    /// fault at once.
    /// `defaultKind` is the kind of an upload that names none; `fields` are the capability's own text fields,
    /// read from the multipart parts or the query like `kind`.
    static func read(
        _ request: Request, maxSize: Int, kinds: [String], defaultKind: String? = nil, fields: [String] = []
    ) async throws -> DocumentUpload {
        let contentType = request.headers[.contentType] ?? "application/octet-stream"
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: bodyLimit(maxDocumentSize: maxSize))
        } catch {
            throw Problem.bodyTooLarge(limit: maxSize)
        }
        var validation = FieldValidation()
        var upload = DocumentUpload(
            filename: "", kind: "", confidential: false, contentType: "application/octet-stream", bytes: body)
        let kindText: String?, confidentialText: String?
        let query = request.uri.queryParameters
        if contentType.lowercased().hasPrefix("multipart/form-data") {
            guard let boundary = MultipartForm.boundary(of: contentType) else {
                throw Problem.badRequest(
                    ProblemDetail.multipartWithoutBoundary, errors: [FieldError("Content-Type", FieldMessage.needsBoundary)])
            }
            let form: MultipartForm
            do { form = try MultipartForm(body: body, boundary: boundary) } catch {
                throw Problem.badRequest(
                    ProblemDetail.unreadableMultipart, errors: [FieldError("body", FieldMessage.notMultipart)])
            }
            guard let file = form.part(named: "file") else { throw Problem.validation([FieldError("file", FieldMessage.required)]) }
            // One place for each thing: a multipart body carries its filename, kind and confidentiality as parts.
            let misplaced: [String] = (["filename", "kind", "confidential"] + fields).filter { query[Substring($0)] != nil }
            if !misplaced.isEmpty {
                throw Problem.badRequest(
                    ProblemDetail.multipartPartsInQuery,
                    errors: misplaced.map { FieldError($0, FieldMessage.belongsInMultipartBody) })
            }
            upload.filename = file.filename ?? ""
            upload.contentType = file.contentType ?? "application/octet-stream"
            upload.bytes = ByteBuffer(bytes: file.body)
            kindText = form.text("kind") ?? defaultKind
            confidentialText = form.text("confidential")
            for name in fields { upload.fields[name] = form.text(name) }
        } else {
            upload.filename = query["filename"].map(String.init) ?? ""
            upload.contentType = contentType
            kindText = query["kind"].map(String.init) ?? defaultKind
            confidentialText = query["confidential"].map(String.init)
            for name in fields { upload.fields[name] = query[Substring(name)].map(String.init) }
        }
        upload.filename = FieldValidation.trimmed(upload.filename)
        validation.check(isValidFilename(upload.filename), "filename", FieldMessage.filename)
        validation.check(isMediaType(upload.contentType), "Content-Type", FieldMessage.notAMediaType)
        if let kind = kindText, kinds.contains(kind) { upload.kind = kind } else {
            validation.add("kind", FieldMessage.oneOf(kinds))
        }
        switch confidentialText {
        case "true": upload.confidential = true
        case "false", nil: upload.confidential = false
        default: validation.add("confidential", FieldMessage.trueOrFalse)
        }
        validation.check(upload.bytes.readableBytes <= maxSize, "file", FieldMessage.atMostBytes(maxSize))
        validation.check(upload.bytes.readableBytes > 0, "file", FieldMessage.mustNotBeEmpty)
        try validation.throwIfInvalid()
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
