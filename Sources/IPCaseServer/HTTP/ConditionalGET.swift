import Crypto
import Foundation
import HTTPTypes
import Hummingbird

/// Conditional GET (RFC 9110 §13.1.2): a representation is sent with a strong `ETag` over its bytes,
/// and a client that already holds it (`If-None-Match`) gets 304 with no body. Public lists and
/// documents that many clients poll answer through here.
enum ConditionalGET {
    /// A strong validator of exactly these bytes.
    static func etag(of bytes: ByteBuffer) -> String {
        "\"" + SHA256.hash(data: Data(bytes.readableBytesView)).prefix(16).map { String(format: "%02x", $0) }.joined() + "\""
    }

    /// 304 when `If-None-Match` names this body's tag (or `*`), otherwise 200 with the body and its tag.
    static func respond(
        to request: Request, body: ByteBuffer, headers: HTTPFields, cacheControl: String = "no-cache"
    ) -> Response {
        let tag = etag(of: body)
        var headers = headers
        headers[.eTag] = tag
        headers[.cacheControl] = cacheControl
        if let condition = request.headers[.ifNoneMatch], matches(condition, tag) {
            headers[.contentType] = nil
            return Response(status: .notModified, headers: headers)
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
    }

    /// The same for a JSON body, encoded with sorted keys so that its tag is the same in every process.
    static func respond(
        to request: Request, json value: some Encodable, cacheControl: String = "no-cache"
    ) throws -> Response {
        respond(
            to: request, body: ByteBuffer(bytes: try JSONCoding.stableEncoder.encode(value)),
            headers: [.contentType: "application/json"], cacheControl: cacheControl)
    }

    /// A weak comparison, as `If-None-Match` asks: `W/` prefixes are ignored.
    static func matches(_ condition: String, _ tag: String) -> Bool {
        condition.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.contains {
            $0 == "*" || ($0.hasPrefix("W/") ? String($0.dropFirst(2)) : $0) == tag
        }
    }
}
