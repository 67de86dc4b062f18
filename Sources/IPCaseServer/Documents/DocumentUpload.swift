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

    /// The request body limit of an upload route: the document and room for the multipart framing.
    static func bodyLimit(maxDocumentSize: Int) -> Int { maxDocumentSize + 64 * 1024 }

    /// Reads the body (at most `maxSize` bytes of document) and checks every part of it, naming each
    /// fault at once.
    static func read(_ request: Request, maxSize: Int, kinds: [String]) async throws -> DocumentUpload {
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
                    DocumentMessage.noBoundary.en, errors: [FieldError("Content-Type", DocumentMessage.needsBoundary)])
            }
            let form: MultipartForm
            do { form = try MultipartForm(body: body, boundary: boundary) } catch {
                throw Problem.badRequest(
                    DocumentMessage.unreadableMultipart.en, errors: [FieldError("body", DocumentMessage.notMultipart)])
            }
            guard let file = form.part(named: "file") else { throw Problem.validation([FieldError("file", FieldMessage.required)]) }
            // One place for each thing: a multipart body carries its filename, kind and confidentiality as parts.
            let misplaced: [String] = ["filename", "kind", "confidential"].filter { query[Substring($0)] != nil }
            if !misplaced.isEmpty {
                throw Problem.badRequest(
                    DocumentMessage.partsNotQuery.en,
                    errors: misplaced.map { FieldError($0, DocumentMessage.belongsInBody) })
            }
            upload.filename = file.filename ?? ""
            upload.contentType = file.contentType ?? "application/octet-stream"
            upload.bytes = ByteBuffer(bytes: file.body)
            kindText = form.text("kind")
            confidentialText = form.text("confidential")
        } else {
            upload.filename = query["filename"].map(String.init) ?? ""
            upload.contentType = contentType
            kindText = query["kind"].map(String.init)
            confidentialText = query["confidential"].map(String.init)
        }
        upload.filename = FieldValidation.trimmed(upload.filename)
        validation.check(isValidFilename(upload.filename), "filename", DocumentMessage.filename)
        validation.check(isMediaType(upload.contentType), "Content-Type", DocumentMessage.mediaType)
        if let kind = kindText, kinds.contains(kind) { upload.kind = kind } else {
            validation.add("kind", FieldMessage.oneOf(kinds))
        }
        switch confidentialText {
        case "true": upload.confidential = true
        case "false", nil: upload.confidential = false
        default: validation.add("confidential", FieldMessage.trueOrFalse)
        }
        validation.check(upload.bytes.readableBytes <= maxSize, "file", DocumentMessage.atMost(bytes: maxSize))
        validation.check(upload.bytes.readableBytes > 0, "file", DocumentMessage.empty)
        try validation.throwIfInvalid()
        return upload
    }

    /// A name, not a path, and without control characters (line breaks would end a header line) or
    /// the bidirectional overrides that make `exe.pdf` read as `fdp.exe`.
    static func isValidFilename(_ name: String) -> Bool {
        FieldValidation.fits(name, 1...255) && !name.contains("/") && !name.contains("\\")
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

/// What the document capability says to people, in both languages.
enum DocumentMessage {
    static let noBoundary = LocalizedText(zh: "multipart 请求体没有 boundary。", en: "The multipart body has no boundary.")
    static let needsBoundary = LocalizedText(zh: "须带 boundary 参数", en: "needs a boundary")
    static let unreadableMultipart = LocalizedText(zh: "无法读取 multipart 请求体。", en: "The multipart body cannot be read.")
    static let notMultipart = LocalizedText(zh: "不是有效的 multipart/form-data", en: "is not valid multipart/form-data")
    static let partsNotQuery = LocalizedText(
        zh: "multipart 上传的文件名、类型和保密标记须放在各部分中，而不是查询参数中。",
        en: "A multipart upload carries filename, kind and confidential in its parts, not in the query.")
    static let belongsInBody = LocalizedText(zh: "应放在 multipart 请求体中，而不是查询参数中", en: "belongs in the multipart body, not the query")
    static let filename = LocalizedText(zh: "须为 1 至 255 个字符、不含路径", en: "must be 1 to 255 characters without a path")
    static let mediaType = LocalizedText(zh: "不是媒体类型", en: "is not a media type")
    static let empty = LocalizedText(zh: "不能为空", en: "must not be empty")

    static func atMost(bytes: Int) -> LocalizedText {
        LocalizedText(zh: "不得超过 \(bytes) 字节", en: "must be at most \(bytes) bytes")
    }
}
