public import HTTPTypes
public import IPCaseDomain

/// An RFC 9457 problem: the one shape every error response takes.
///
/// `type` is a stable URI per kind of error (`ProblemKind`, which also holds the title in both
/// languages), so clients branch on it rather than on `title` or `detail`. `instance` is filled in
/// with the request path, and the texts chosen by `Accept-Language`, when the response is written.
/// The detail and every field message are `LocalizedText` (see `ProblemDetail`, `FieldMessage`): there is
/// no initialiser taking a `String`, so no text can reach a client in English alone.
public struct Problem: Error, Sendable {
    public var status: HTTPResponse.Status
    public var kind: ProblemKind
    public var detail: LocalizedText
    /// Extension members, such as `errors` naming the fields at fault, or `decision` for a denial.
    public var extensions: [String: JSONValue]
    /// Headers the response must carry, e.g. `Allow` on 405 or `Retry-After` on 429.
    public var headers: HTTPFields
    /// The fields at fault, written as the `errors` member.
    public var fieldErrors: [FieldError] = []

    /// A problem of `kind`, with the kind's own status.
    public init(kind: ProblemKind, detail: LocalizedText, extensions: [String: JSONValue] = [:], headers: HTTPFields = [:]) {
        self.init(HTTPResponse.Status(code: kind.status), kind: kind, detail: detail, extensions: extensions, headers: headers)
    }

    /// Only for `http`: an error the router raised keeps its own status.
    init(
        _ status: HTTPResponse.Status, kind: ProblemKind, detail: LocalizedText,
        extensions: [String: JSONValue] = [:], headers: HTTPFields = [:]
    ) {
        self.status = status
        self.kind = kind
        self.detail = detail
        self.extensions = extensions
        self.headers = headers
    }

    public static let typePrefix = ProblemKind.typePrefix
    /// `http-405` and the like for the router's own errors, so that each status keeps a type of its own.
    public var type: String { kind == .http ? Self.typePrefix + "http-\(status.code)" : kind.type }
}

/// One field that failed validation, as listed in a problem's `errors` member.
public struct FieldError: Sendable, Equatable {
    public var field: String
    public var message: LocalizedText

    public init(_ field: String, _ message: LocalizedText) {
        self.field = field
        self.message = message
    }

    func json(_ language: Language) -> JSONValue {
        .object(["field": .string(field), "message": .string(message.text(in: language))])
    }
}

extension Problem {
    public static func notFound() -> Problem {
        Problem(kind: .notFound, detail: ProblemDetail.nothingHere)
    }

    public static func methodNotAllowed(_ method: HTTPRequest.Method, allowed: [HTTPRequest.Method]) -> Problem {
        let allow = allowed.map(\.rawValue).sorted().joined(separator: ", ")
        var headers = HTTPFields()
        headers[.allow] = allow
        return Problem(
            kind: .methodNotAllowed,
            detail: ProblemDetail.methodNotAllowed(method.rawValue, allowed: allow), headers: headers)
    }

    public static func malformedJSON(_ detail: LocalizedText) -> Problem {
        Problem(kind: .malformedJSON, detail: detail)
    }

    public static func badRequest(_ detail: LocalizedText, errors: [FieldError] = []) -> Problem {
        Problem(kind: .badRequest, detail: detail).with(errors)
    }

    /// The body was well-formed JSON but its content is not acceptable; `errors` names each field.
    public static func validation(_ errors: [FieldError]) -> Problem {
        var problem = Problem(
            kind: .validation,
            detail: LocalizedText(
                zh: errors.map { "\($0.field)：\($0.message.zh)" }.joined(separator: "；"),
                en: errors.map { "\($0.field): \($0.message.en)" }.joined(separator: "; ")))
        problem.fieldErrors = errors
        return problem
    }

    public static func bodyTooLarge(limit: Int) -> Problem {
        Problem(kind: .bodyTooLarge, detail: ProblemDetail.bodyTooLarge(limit: limit))
    }

    public static func unsupportedMediaType(expected: String) -> Problem {
        Problem(
            kind: .unsupportedMediaType, detail: ProblemDetail.unsupportedMediaType(expected: expected))
    }

    public static let internalError = Problem(kind: .internal, detail: ProblemDetail.internalError)

    public static func unavailable(_ detail: LocalizedText) -> Problem {
        Problem(kind: .unavailable, detail: detail)
    }

    /// PostgreSQL does not answer: try again after a moment.
    public static func databaseUnavailable(retryAfterSeconds: Int) -> Problem {
        var headers = HTTPFields()
        headers[.retryAfter] = String(retryAfterSeconds)
        return Problem(kind: .unavailable, detail: ProblemDetail.databaseSilent, headers: headers)
    }
}

extension Problem {
    public static func unauthenticated(_ detail: LocalizedText = ProblemDetail.logIn) -> Problem {
        var headers = HTTPFields()
        headers[.wwwAuthenticate] = "Bearer"
        return Problem(kind: .unauthenticated, detail: detail, headers: headers)
    }

    public static func conflict(_ detail: LocalizedText, errors: [FieldError] = []) -> Problem {
        Problem(kind: .conflict, detail: detail).with(errors)
    }

    /// The fields at fault, written as `errors` in the response's language.
    func with(_ errors: [FieldError]) -> Problem {
        var problem = self
        problem.fieldErrors = errors
        return problem
    }
}
