import Foundation
import HTTPTypes
import Hummingbird
import IPCaseDomain
import NIOCore

/// The console's way to the service: every read and every action is a request to the JSON API, answered in
/// process by the API's own router, with the session's token. So a page can only ever show what the API shows
/// the same user, offer what `availableActions` offers, and refuse with the API's own problem: the console
/// holds no rule of its own.
struct ConsoleAPI: Sendable {
    /// The API's routes and middleware, without the console's.
    let responder: RouterResponder<AppRequestContext>

    /// What the API answered: its status, its headers and its body, parsed when it is JSON.
    struct Answer: Sendable {
        let status: HTTPResponse.Status
        let headers: HTTPFields
        let body: ByteBuffer

        var json: JSONValue? { try? JSONDecoder().decode(JSONValue.self, from: Data(body.readableBytesView)) }
        var isSuccess: Bool { (200..<300).contains(status.code) }
        /// The API's problem+json, for a page to show beside the fields it names.
        var problem: ConsoleProblem? { isSuccess ? nil : ConsoleProblem(status: status, json: json) }
    }

    func call(
        _ method: HTTPRequest.Method, _ path: String, token: String?, language: Language, json: JSONValue? = nil,
        headers extra: HTTPFields = [:], context: AppRequestContext
    ) async throws -> Answer {
        var body = ByteBuffer()
        var headers = extra
        if let json {
            body = ByteBuffer(bytes: try JSONCoding.encoder.encode(json))
            headers[.contentType] = "application/json"
        }
        return try await call(method, path, token: token, language: language, body: body, headers: headers, context: context)
    }

    func call(
        _ method: HTTPRequest.Method, _ path: String, token: String?, language: Language, body: ByteBuffer,
        headers extra: HTTPFields, context: AppRequestContext
    ) async throws -> Answer {
        var headers = extra
        headers[.acceptLanguage] = language.rawValue
        headers[.accept] = "application/json"
        if let token { headers[.authorization] = "Bearer \(token)" }
        if !body.readableBytesView.isEmpty || method == .post { headers[.contentLength] = String(body.readableBytes) }
        let head = HTTPRequest(method: method, scheme: "http", authority: "console", path: path, headerFields: headers)
        var inner = context
        inner.principal = nil
        inner.apiToken = nil
        let response = try await responder.respond(to: Request(head: head, body: RequestBody(buffer: body)), context: inner)
        var collector = BodyCollector()
        try await response.body.write(collector.writer)
        return Answer(status: response.status, headers: response.headers, body: collector.buffer.value)
    }
}

/// Gathers a response body the API wrote, for the page to read.
private struct BodyCollector {
    final class Box: @unchecked Sendable { var value = ByteBuffer() }
    let buffer = Box()

    var writer: Writer { Writer(box: buffer) }

    struct Writer: ResponseBodyWriter {
        let box: Box
        mutating func write(_ buffer: ByteBuffer) async throws {
            var buffer = buffer
            box.value.writeBuffer(&buffer)
        }
        consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
    }
}
