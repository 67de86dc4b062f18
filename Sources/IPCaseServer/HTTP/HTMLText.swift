import HTTPTypes
import Hummingbird
import IPCaseDomain

/// Text put into an HTML page, and the page as a response: every character that could start markup or end an
/// attribute is escaped, so that what a party or a reviewer wrote is shown, never run.
enum HTMLText {
    static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// A printable page in `language`: self-contained (its one style sheet inline, nothing runs, nothing is
    /// fetched, as its Content-Security-Policy says), never cached, one answer per language (and `vary`).
    static func page(_ html: String, language: Language, vary: String = "Accept-Language") -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.contentLanguage] = language == .en ? "en" : "zh-CN"
        headers[.vary] = vary
        headers[.cacheControl] = "private, no-store"
        headers[HTTPField.Name("Content-Security-Policy")!] = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
