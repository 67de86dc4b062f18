import Foundation
public import Hummingbird
import IPCaseDomain

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
            throw BodyFaults.all(decoding: Body.self, from: data, first: error) ?? problem(for: error)
        } catch let problem as Problem {
            throw problem
        }
    }

    /// A member's path as problems name it: `ipRight.title`, `[0].name`, or `body` for the whole.
    static func fieldName(_ keys: [any CodingKey]) -> String {
        let text = keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        return text.hasPrefix(".") ? String(text.dropFirst()) : (text.isEmpty ? "body" : text)
    }

    static func problem(for error: DecodingError) -> Problem {
        func path(_ codingPath: [any CodingKey], _ last: (any CodingKey)? = nil) -> String {
            fieldName(codingPath + (last.map { [$0] } ?? []))
        }
        switch error {
        case .keyNotFound(let key, let context):
            return .validation([FieldError(path(context.codingPath, key), FieldMessage.required)])
        case .valueNotFound(_, let context):
            return .validation([FieldError(path(context.codingPath), FieldMessage.mustNotBeNull)])
        case .typeMismatch(let type, let context):
            return .validation([FieldError(path(context.codingPath), JSONTypeName.mustBe(type))])
        case .dataCorrupted(let context) where !context.codingPath.isEmpty:
            return .validation([FieldError(path(context.codingPath), FieldMessage.unreadable(context.debugDescription))])
        case .dataCorrupted:
            return .malformedJSON(ProblemDetail.notJSON)
        @unknown default:
            return .malformedJSON(ProblemDetail.unreadableBody)
        }
    }
}

/// How a Swift type is named to a JSON client: what a value of the wrong type must be instead.
enum JSONTypeName {
    static func mustBe(_ type: Any.Type) -> LocalizedText {
        switch type {
        case is String.Type: FieldMessage.mustBeString
        case is Bool.Type: FieldMessage.mustBeBoolean
        case is Int.Type, is Int64.Type, is Int32.Type: FieldMessage.mustBeInteger
        case is Double.Type, is Float.Type: FieldMessage.mustBeNumber
        case is [Any].Type: FieldMessage.mustBeArray
        default: FieldMessage.mustBeObject
        }
    }
}
