import Foundation
import HTTPTypes
import Hummingbird

/// How every capability serves a document's bytes: as an attachment, never sniffed or cached, so a
/// browser downloads evidence instead of running it, and no proxy keeps a copy.
enum DocumentDownload {
    static func response(_ document: StoredDocument, body: ResponseBody) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = document.contentType
        headers[.contentDisposition] = attachment(document.filename)
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        headers[.cacheControl] = "private, no-store"
        return Response(status: .ok, headers: headers, body: body)
    }

    /// `attachment` with an ASCII fallback and the UTF-8 name (RFC 6266), so browsers download it and
    /// Chinese filenames survive.
    static func attachment(_ filename: String) -> String {
        let fallback = String(filename.unicodeScalars.map {
            $0.isASCII && $0.value >= 0x20 && $0 != "\"" && $0 != "\\" ? Character($0) : "_"
        })
        let encoded = filename.addingPercentEncoding(
            withAllowedCharacters: CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-_"))
            ?? fallback
        return "attachment; filename=\"\(fallback)\"; filename*=UTF-8''\(encoded)"
    }
}
