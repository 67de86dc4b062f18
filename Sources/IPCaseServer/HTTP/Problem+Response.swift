import Foundation
import HTTPTypes
import Hummingbird
import IPCaseDomain

extension Problem {
    public static let contentType = "application/problem+json"

    /// The problem as a response, with `instance` set to the request's path.
    func response(instance: String) -> Response {
        var body: [String: JSONValue] = extensions
        body["type"] = .string(type)
        body["title"] = .string(title)
        body["status"] = .number(Double(status.code))
        body["detail"] = .string(detail)
        body["instance"] = .string(instance)
        var headers = headers
        headers[.contentType] = Self.contentType
        let data = (try? JSONCoding.encoder.encode(JSONValue.object(body))) ?? Data("{}".utf8)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
