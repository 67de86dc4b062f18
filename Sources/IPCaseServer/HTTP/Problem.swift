import HTTPTypes
import IPCaseDomain

/// An RFC 9457 problem: the one shape every error response takes.
///
/// `type` is a stable URI per kind of error, so clients branch on it rather than on `title` or `detail`.
/// `instance` is filled in with the request path when the response is written.
public struct Problem: Error, Sendable {
    public var status: HTTPResponse.Status
    public var kind: String
    public var title: String
    public var detail: String
    /// Extension members, such as `errors` naming the fields at fault, or `decision` for a denial.
    public var extensions: [String: JSONValue]
    /// Headers the response must carry, e.g. `Allow` on 405 or `Retry-After` on 429.
    public var headers: HTTPFields

    public init(
        _ status: HTTPResponse.Status, kind: String, title: String, detail: String,
        extensions: [String: JSONValue] = [:], headers: HTTPFields = [:]
    ) {
        self.status = status
        self.kind = kind
        self.title = title
        self.detail = detail
        self.extensions = extensions
        self.headers = headers
    }

    public static let typePrefix = "urn:ipcase:problem:"
    public var type: String { Self.typePrefix + kind }
}

/// One field that failed validation, as listed in a problem's `errors` member.
public struct FieldError: Sendable, Equatable {
    public var field: String
    public var message: String

    public init(_ field: String, _ message: String) {
        self.field = field
        self.message = message
    }

    var json: JSONValue { .object(["field": .string(field), "message": .string(message)]) }
}

extension Problem {
    public static func notFound(_ detail: String = "There is nothing at this address.") -> Problem {
        Problem(.notFound, kind: "not-found", title: "Not found", detail: detail)
    }

    public static func methodNotAllowed(_ method: HTTPRequest.Method, allowed: [HTTPRequest.Method]) -> Problem {
        let allow = allowed.map(\.rawValue).sorted().joined(separator: ", ")
        var headers = HTTPFields()
        headers[.allow] = allow
        return Problem(
            .methodNotAllowed, kind: "method-not-allowed", title: "Method not allowed",
            detail: "\(method.rawValue) is not allowed here; allowed: \(allow).", headers: headers)
    }

    public static func malformedJSON(_ detail: String) -> Problem {
        Problem(.badRequest, kind: "malformed-json", title: "Malformed JSON", detail: detail)
    }

    public static func badRequest(_ detail: String, errors: [FieldError] = []) -> Problem {
        Problem(
            .badRequest, kind: "bad-request", title: "Bad request", detail: detail,
            extensions: errors.isEmpty ? [:] : ["errors": .array(errors.map(\.json))])
    }

    /// The body was well-formed JSON but its content is not acceptable; `errors` names each field.
    public static func validation(_ errors: [FieldError]) -> Problem {
        let detail = errors.map { "\($0.field): \($0.message)" }.joined(separator: "; ")
        return Problem(
            .unprocessableContent, kind: "validation", title: "Invalid request", detail: detail,
            extensions: ["errors": .array(errors.map(\.json))])
    }

    public static func bodyTooLarge(limit: Int) -> Problem {
        Problem(
            .contentTooLarge, kind: "body-too-large", title: "Request body too large",
            detail: "The request body exceeds the limit of \(limit) bytes.")
    }

    public static func unsupportedMediaType(expected: String) -> Problem {
        Problem(
            .unsupportedMediaType, kind: "unsupported-media-type", title: "Unsupported media type",
            detail: "This operation takes a body of type \(expected).")
    }

    public static let internalError = Problem(
        .internalServerError, kind: "internal", title: "Internal server error",
        detail: "The server could not complete the request. Quote the request id when reporting it.")

    public static func unavailable(_ detail: String) -> Problem {
        Problem(.serviceUnavailable, kind: "unavailable", title: "Service unavailable", detail: detail)
    }
}

extension Problem {
    public static func unauthenticated(_ detail: String = "Log in and send the token as 'Authorization: Bearer <token>'.") -> Problem {
        var headers = HTTPFields()
        headers[.wwwAuthenticate] = "Bearer"
        return Problem(.unauthorized, kind: "unauthenticated", title: "Unauthenticated", detail: detail, headers: headers)
    }

    public static func conflict(_ detail: String, errors: [FieldError] = []) -> Problem {
        Problem(
            .conflict, kind: "conflict", title: "Conflict", detail: detail,
            extensions: errors.isEmpty ? [:] : ["errors": .array(errors.map(\.json))])
    }
}
