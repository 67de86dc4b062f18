import Foundation
import HTTPTypes
import Hummingbird
import IPCaseDomain

extension Problem {
    public static let contentType = "application/problem+json"

    /// The problem as a response, with `instance` set to the request's path and every text in `language`.
    func response(instance: String, language: Language) -> Response {
        let (headers, body) = rendered(instance: instance, language: language)
        return Response(status: status, headers: headers, body: .init(byteBuffer: body))
    }

    /// The headers and JSON body of the response; also written by channel handlers, before any request exists.
    func rendered(instance: String, language: Language) -> (HTTPFields, ByteBuffer) {
        var body: [String: JSONValue] = extensions
        body["type"] = .string(type)
        body["title"] = .string(kind.title.text(in: language))
        body["status"] = .number(Double(status.code))
        body["detail"] = .string(detail.text(in: language))
        body["instance"] = .string(instance)
        if !fieldErrors.isEmpty { body["errors"] = .array(fieldErrors.map { $0.json(language) }) }
        var headers = headers
        headers[.contentType] = Self.contentType
        headers[.contentLanguage] = language.rawValue
        // The texts follow Accept-Language, so a cache must keep one answer per language.
        headers[.vary] = "Accept-Language"
        // Sorted: a problem's members are a dictionary, and two answers that must look alike (a wrong email, a
        // wrong password) must be the same bytes.
        let data = (try? JSONCoding.stableEncoder.encode(JSONValue.object(body))) ?? Data("{}".utf8)
        return (headers, ByteBuffer(bytes: data))
    }
}
