/// The `detail` of problem answers, in both languages: what went wrong with this request, beside the
/// kind's title. The English wording is what clients have always read; keep it when editing.
public enum ProblemDetail {
    // MARK: Requests

    public static let nothingHere = LocalizedText(zh: "此地址下没有内容。", en: "There is nothing at this address.")
    public static let notJSON = LocalizedText(zh: "请求体不是有效的 JSON。", en: "The request body is not valid JSON.")
    public static let unreadableBody = LocalizedText(zh: "无法读取请求体。", en: "The request body could not be read.")
    public static let internalError = LocalizedText(
        zh: "服务器未能完成请求。报告问题时请提供请求 id。",
        en: "The server could not complete the request. Quote the request id when reporting it.")

    public static func methodNotAllowed(_ method: String, allowed: String) -> LocalizedText {
        LocalizedText(zh: "此处不允许 \(method)；允许：\(allowed)。", en: "\(method) is not allowed here; allowed: \(allowed).")
    }

    public static func headersTooLarge(fields: Int, bytes: Int) -> LocalizedText {
        LocalizedText(
            zh: "请求头最多 \(fields) 个字段、共 \(bytes) 字节。",
            en: "Request headers may have at most \(fields) fields and \(bytes) bytes in all.")
    }

    public static func uriTooLong(limit: Int) -> LocalizedText {
        LocalizedText(zh: "请求地址最长 \(limit) 字节。", en: "The request URI may be at most \(limit) bytes long.")
    }

    public static func uploadsBusy(limit: Int) -> LocalizedText {
        LocalizedText(
            zh: "正在接收的上传已达 \(limit) 个上限，请稍后重试。",
            en: "\(limit) uploads are already coming in, the most at once; try again in a moment.")
    }

    public static func bodyTooLarge(limit: Int) -> LocalizedText {
        LocalizedText(zh: "请求体超过 \(limit) 字节的上限。", en: "The request body exceeds the limit of \(limit) bytes.")
    }

    public static func unsupportedMediaType(expected: String) -> LocalizedText {
        LocalizedText(zh: "此操作的请求体须为 \(expected) 类型。", en: "This operation takes a body of type \(expected).")
    }

    /// An HTTP error the framework raised, whose own words exist only in English.
    public static func http(status code: Int, englishDetail: String) -> LocalizedText {
        LocalizedText(zh: "请求未能处理（HTTP \(code)）。", en: englishDetail)
    }

    /// One query parameter or header at fault, in the words of its field message: "limit must be …".
    public static func parameter(_ name: String, _ message: LocalizedText) -> LocalizedText {
        LocalizedText(zh: "\(name) \(message.zh)。", en: "\(name) \(message.en).")
    }

    public static let invalidFilter = LocalizedText(zh: "筛选条件无效。", en: "A filter is not valid.")
    public static let organizationIdNotUUID = LocalizedText(zh: "organizationId 不是 UUID。", en: "organizationId is not a UUID.")
    public static let cursorNotIssued = LocalizedText(zh: "cursor 不是本服务器签发的游标。", en: "cursor is not one this server issued.")

    public static func cursorOfAnotherList(_ cursorList: String, expected list: String) -> LocalizedText {
        LocalizedText(
            zh: "cursor 属于另一个列表（\(cursorList)），而非 \(list)。",
            en: "cursor belongs to another list (\(cursorList)), not to \(list).")
    }

    // MARK: Versions and replays

    public static let malformedIfMatch = LocalizedText(
        zh: "If-Match 须为带引号的实体标签，如 \"3\"（取自 ETag）。", en: "If-Match must be a quoted entity tag such as \"3\" (from the ETag).")
    public static let ifMatchRequired = LocalizedText(
        zh: "请在 If-Match 中发送所修改版本的 ETag。", en: "Send If-Match with the ETag of the version you are changing.")
    public static let stale = LocalizedText(
        zh: "资源在 If-Match 所示 ETag 之后已被修改，请重新读取。",
        en: "The resource has changed since the ETag in If-Match; read it again.")
    public static let idempotencyKeyReused = LocalizedText(
        zh: "此 Idempotency-Key 已用于另一请求；新请求请使用新的键。",
        en: "This Idempotency-Key was used with another request; use a new key for a new request.")

    // MARK: Logging in

    public static let logIn = LocalizedText(
        zh: "请先登录，并以 'Authorization: Bearer <token>' 发送令牌。",
        en: "Log in and send the token as 'Authorization: Bearer <token>'.")
    public static let malformedAuthorization = LocalizedText(
        zh: "Authorization 请求头须为 'Bearer <token>'。", en: "The Authorization header must be 'Bearer <token>'.")
    public static let tokenNotValid = LocalizedText(
        zh: "令牌无效、已过期或已撤销，请重新登录。", en: "The token is unknown, expired or revoked; log in again.")
    public static let wrongCredentials = LocalizedText(zh: "邮箱或密码错误。", en: "The email or the password is wrong.")

    public static func tooManyFailedLogins(retryAfter seconds: Int) -> LocalizedText {
        LocalizedText(zh: "登录失败次数过多，请 \(seconds) 秒后再试。", en: "Too many failed logins; try again in \(seconds) seconds.")
    }

    // MARK: Accounts

    public static let emailTaken = LocalizedText(zh: "已有使用此邮箱的用户。", en: "A user with this email exists.")
    public static let creditCodeTaken = LocalizedText(
        zh: "已有使用此统一社会信用代码的组织。", en: "An organisation with this unified social credit code exists.")

    // MARK: Policies

    public static func forbiddenBy(_ ruleIds: [String]) -> LocalizedText {
        let rules = ruleIds.joined(separator: ", ")
        return LocalizedText(zh: "策略禁止此操作：\(rules)。", en: "A policy forbids this: \(rules).")
    }

    public static let notPermitted = LocalizedText(zh: "没有策略允许此操作。", en: "No policy permits this.")

    /// A 403 to someone who may read the resource: who may take the action instead, by role and by the rules' conditions.
    public static func onlyOthersMayAct(roles: [String], forbiddenBy ruleIds: [String]) -> LocalizedText {
        let list = roles.isEmpty ? "—" : roles.joined(separator: ", ")
        guard ruleIds.isEmpty else {
            let rules = ruleIds.joined(separator: ", ")
            return LocalizedText(
                zh: "策略禁止您执行此操作：\(rules)。可执行者：\(list)（见 mayAct）。",
                en: "A policy forbids you this: \(rules). Who may act: \(list) (see mayAct).")
        }
        return LocalizedText(
            zh: "您不能执行此操作；可执行者：\(list)（条件见 mayAct）。",
            en: "You may not do this; who may: \(list) (the conditions are in mayAct).")
    }
    public static let invalidPolicies = LocalizedText(
        zh: "策略文件无效；当前运行的策略继续有效。", en: "The policy files are invalid; the running policies stay in force.")

    // MARK: Workflow

    public static func actionNotPossible(_ action: String, state: String) -> LocalizedText {
        LocalizedText(zh: "案件处于 \(state) 状态，不能执行 \(action)。", en: "\(action) cannot be taken while the case is \(state).")
    }

    public static func deadlinePassed(deadline: String, dueOn: CalendarDay, state: String) -> LocalizedText {
        LocalizedText(
            zh: "本案（状态 \(state)）的期限 \(deadline) 已于 \(dueOn) 届满，其自动操作待执行。",
            en: "The \(deadline) deadline of this \(state) case ran out on \(dueOn); its automatic action is due.")
    }

    public static func guardFailed(_ name: String, reason: LocalizedText) -> LocalizedText {
        LocalizedText(zh: "\(name)：\(reason.zh)。", en: "\(name): \(reason.en).")
    }

    // MARK: Documents

    public static let caseClosedToDocuments = LocalizedText(
        zh: "已结案的案件不能再添加文件。", en: "Documents cannot be added to a closed case.")
    public static let multipartWithoutBoundary = LocalizedText(
        zh: "multipart 请求体缺少 boundary。", en: "The multipart body has no boundary.")
    public static let unreadableMultipart = LocalizedText(zh: "无法读取 multipart 请求体。", en: "The multipart body cannot be read.")
    public static let multipartPartsInQuery = LocalizedText(
        zh: "multipart 上传须在各部分中携带 filename、kind 和 confidential，而非查询参数。",
        en: "A multipart upload carries filename, kind and confidential in its parts, not in the query.")

    // MARK: Health

    public static let databaseSilent = LocalizedText(zh: "数据库无响应。", en: "The database does not answer.")
    public static let migrationsUncheckable = LocalizedText(
        zh: "无法检查数据库迁移。", en: "The database migrations cannot be checked.")
    public static let migrationsPending = LocalizedText(zh: "尚有数据库迁移未执行。", en: "Database migrations are pending.")

    public static func beyondCalendar(day: CalendarDay, covered: ClosedRange<Int>?) -> LocalizedText {
        let years = covered.map { "\($0.lowerBound)–\($0.upperBound)" } ?? "—"
        return LocalizedText(
            zh: "该期限以工作日计算，将延至 \(day.year) 年，而工作日历尚未收录该年（已收录：\(years)）。请管理员添加 Policies/calendar/ 中 \(day.year) 年的文件。",
            en: "This limit counts working days into \(day.year), which the working-day calendar does not cover yet (covered: \(years)). An administrator must add \(day.year) to Policies/calendar/.")
    }

    public static func tooManyRequests(retryAfter seconds: Int) -> LocalizedText {
        LocalizedText(zh: "请求过于频繁，请 \(seconds) 秒后再试。", en: "Too many requests from this address; try again in \(seconds) s.")
    }
}
