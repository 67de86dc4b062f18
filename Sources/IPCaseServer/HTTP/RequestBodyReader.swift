import Foundation
public import Hummingbird

/// Reads and decodes JSON request bodies, answering 415, 413, 400 or 422 with the field at fault.
public enum RequestBodyReader {
    public static func decode<Body: Decodable>(_ type: Body.Type, from request: Request, context: AppRequestContext) async throws -> Body {
        let mediaType = request.headers[.contentType].flatMap { MediaType(from: $0) }
        guard let mediaType, mediaType.isType(.applicationJson) else {
            throw Problem.unsupportedMediaType(expected: "application/json")
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: context.maxBodySize)
        } catch {
            throw Problem.bodyTooLarge(limit: context.maxBodySize)
        }
        let data = Data(buffer.readableBytesView)
        do {
            return try JSONCoding.decoder.decode(Body.self, from: data)
        } catch let error as DecodingError {
            throw problem(for: error)
        } catch let problem as Problem {
            throw problem
        }
    }

    static func problem(for error: DecodingError) -> Problem {
        func path(_ codingPath: [any CodingKey], _ last: (any CodingKey)? = nil) -> String {
            let keys = codingPath + (last.map { [$0] } ?? [])
            let text = keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return text.hasPrefix(".") ? String(text.dropFirst()) : (text.isEmpty ? "body" : text)
        }
        switch error {
        case .keyNotFound(let key, let context):
            return .validation([FieldError(path(context.codingPath, key), "is required")])
        case .valueNotFound(_, let context):
            return .validation([FieldError(path(context.codingPath), "must not be null")])
        case .typeMismatch(let type, let context):
            return .validation([FieldError(path(context.codingPath), "must be \(JSONTypeName.of(type))")])
        case .dataCorrupted(let context) where !context.codingPath.isEmpty:
            return .validation([FieldError(path(context.codingPath), context.debugDescription)])
        case .dataCorrupted:
            return .malformedJSON("The request body is not valid JSON.")
        @unknown default:
            return .malformedJSON("The request body could not be read.")
        }
    }
}

/// How a Swift type is named to a JSON client.
enum JSONTypeName {
    static func of(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "a boolean"
        case is Int.Type, is Int64.Type, is Int32.Type: "an integer"
        case is Double.Type, is Float.Type: "a number"
        case is [Any].Type: "an array"
        default: "an object"
        }
    }
}
