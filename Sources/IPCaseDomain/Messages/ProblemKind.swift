/// Every kind of error the API answers with: its stable `type` URI, its status and its title in both
/// languages. Clients branch on the type, people read the title.
public enum ProblemKind: String, Sendable, CaseIterable {
    case notFound = "not-found"
    case methodNotAllowed = "method-not-allowed"
    case malformedJSON = "malformed-json"
    case badRequest = "bad-request"
    case validation
    case bodyTooLarge = "body-too-large"
    case headersTooLarge = "headers-too-large"
    case uriTooLong = "uri-too-long"
    case unsupportedMediaType = "unsupported-media-type"
    case `internal`
    case unavailable
    case unauthenticated
    case forbidden
    case conflict
    case invalidCredentials = "invalid-credentials"
    case tooManyAttempts = "too-many-attempts"
    case tooManyRequests = "too-many-requests"
    case invalidPolicies = "invalid-policies"
    case preconditionRequired = "precondition-required"
    case preconditionFailed = "precondition-failed"
    case idempotencyKeyReused = "idempotency-key-reused"
    case actionNotPossible = "action-not-possible"
    case deadlinePassed = "deadline-passed"
    case guardFailed = "guard-failed"
    case caseClosed = "case-closed"
    /// A transparency-log entry whose salt was deleted: it no longer proves anything, so it has no receipt.
    case shredded
    /// An HTTP error the router raised that has no kind of its own.
    case http

    public static let typePrefix = "urn:ipcase:problem:"
    public var type: String { Self.typePrefix + rawValue }

    /// The HTTP status every problem of the kind answers with; for `http`, the router's own.
    public var status: Int {
        switch self {
        case .notFound: 404
        case .methodNotAllowed: 405
        case .malformedJSON, .badRequest: 400
        case .validation, .invalidPolicies, .idempotencyKeyReused, .guardFailed: 422
        case .bodyTooLarge: 413
        case .headersTooLarge: 431
        case .uriTooLong: 414
        case .unsupportedMediaType: 415
        case .internal: 500
        case .unavailable: 503
        case .unauthenticated, .invalidCredentials: 401
        case .forbidden: 403
        case .conflict, .actionNotPossible, .deadlinePassed, .caseClosed: 409
        case .tooManyAttempts, .tooManyRequests: 429
        case .preconditionRequired: 428
        case .preconditionFailed: 412
        case .shredded: 410
        case .http: 400
        }
    }

    public var title: LocalizedText {
        switch self {
        case .notFound: LocalizedText(zh: "未找到", en: "Not found")
        case .methodNotAllowed: LocalizedText(zh: "不允许此方法", en: "Method not allowed")
        case .malformedJSON: LocalizedText(zh: "JSON 格式错误", en: "Malformed JSON")
        case .badRequest: LocalizedText(zh: "请求有误", en: "Bad request")
        case .validation: LocalizedText(zh: "请求内容无效", en: "Invalid request")
        case .bodyTooLarge: LocalizedText(zh: "请求体过大", en: "Request body too large")
        case .headersTooLarge: LocalizedText(zh: "请求头过大", en: "Request header fields too large")
        case .uriTooLong: LocalizedText(zh: "请求地址过长", en: "URI too long")
        case .unsupportedMediaType: LocalizedText(zh: "不支持的媒体类型", en: "Unsupported media type")
        case .internal: LocalizedText(zh: "服务器内部错误", en: "Internal server error")
        case .unavailable: LocalizedText(zh: "服务暂不可用", en: "Service unavailable")
        case .unauthenticated: LocalizedText(zh: "未登录", en: "Unauthenticated")
        case .forbidden: LocalizedText(zh: "无权操作", en: "Forbidden")
        case .conflict: LocalizedText(zh: "冲突", en: "Conflict")
        case .invalidCredentials: LocalizedText(zh: "账号或密码错误", en: "Invalid credentials")
        case .tooManyAttempts: LocalizedText(zh: "登录失败次数过多", en: "Too many failed logins")
        case .tooManyRequests: LocalizedText(zh: "请求过于频繁", en: "Too many requests")
        case .invalidPolicies: LocalizedText(zh: "策略文件无效", en: "Invalid policy files")
        case .preconditionRequired: LocalizedText(zh: "缺少前提条件", en: "Precondition required")
        case .preconditionFailed: LocalizedText(zh: "前提条件不成立", en: "Precondition failed")
        case .idempotencyKeyReused: LocalizedText(zh: "幂等键已被用于其他请求", en: "Idempotency key reused")
        case .actionNotPossible: LocalizedText(zh: "当前状态下不能执行此操作", en: "Action not possible in this state")
        case .deadlinePassed: LocalizedText(zh: "期限已过", en: "The deadline has passed")
        case .guardFailed: LocalizedText(zh: "操作条件未满足", en: "A condition of the action is not met")
        case .caseClosed: LocalizedText(zh: "案件已结案", en: "The case is closed")
        case .shredded: LocalizedText(zh: "条目已粉碎", en: "Entry shredded")
        case .http: LocalizedText(zh: "HTTP 错误", en: "HTTP error")
        }
    }
}
