import Foundation

/// What is wrong with one field, in both languages: the messages of 422 answers' `errors` and of the
/// fields a 400 names. Each reads after the field's name: "claims: is required", "claims：必填".
public enum FieldMessage {
    public static let required = LocalizedText(zh: "必填", en: "is required")
    public static let day = LocalizedText(zh: "须为日期（YYYY-MM-DD）", en: "must be a day (YYYY-MM-DD)")

    public static func notBefore(_ other: String) -> LocalizedText {
        LocalizedText(zh: "不能早于 \(other)", en: "may not be before \(other)")
    }
    public static let mustNotBeNull = LocalizedText(zh: "不能为 null", en: "must not be null")
    public static let mustNotBeEmpty = LocalizedText(zh: "不能为空", en: "must not be empty")
    public static let notValid = LocalizedText(zh: "无效", en: "is not valid")
    public static let alreadyRegistered = LocalizedText(zh: "已被注册", en: "is already registered")

    // MARK: JSON types

    public static let mustBeUUID = LocalizedText(zh: "须为 UUID", en: "must be a UUID")
    public static let mustBeID = LocalizedText(zh: "须为 id（UUID 字符串）", en: "must be an id (a UUID string)")
    public static let mustBeObject = LocalizedText(zh: "须为对象", en: "must be an object")
    public static let mustBeString = LocalizedText(zh: "须为字符串", en: "must be a string")
    public static let entityTag = LocalizedText(zh: "须为带引号的实体标签，如 \"3\"", en: "must be a quoted entity tag such as \"3\"")
    public static let invisibleCharacter = LocalizedText(
        zh: "含有不可见字符（如零宽空格）", en: "contains an invisible character (such as a zero-width space)")

    public static func confusableWith(_ existing: String) -> LocalizedText {
        LocalizedText(
            zh: "与已有账号 \(existing) 仅有形近字符之差，不能注册", en: "differs from the existing account \(existing) only by look-alike characters")
    }

    public static let mustBeList = LocalizedText(zh: "须为数组", en: "must be a list")
    public static let mustBeBoolean = LocalizedText(zh: "须为布尔值", en: "must be a boolean")
    public static let mustBeInteger = LocalizedText(zh: "须为整数", en: "must be an integer")
    public static let mustBeNumber = LocalizedText(zh: "须为数字", en: "must be a number")
    public static let mustBeArray = LocalizedText(zh: "须为数组", en: "must be an array")
    public static let trueOrFalse = either(["true", "false"])

    /// A value the decoder could not read; its own words exist only in English, so Chinese says it plainly.
    public static func unreadable(_ englishDetail: String) -> LocalizedText {
        LocalizedText(zh: "格式无效", en: englishDetail)
    }

    // MARK: Sizes and choices

    public static func length(_ range: ClosedRange<Int>) -> LocalizedText {
        LocalizedText(
            zh: "须为 \(range.lowerBound) 至 \(range.upperBound) 个字符",
            en: "must be \(range.lowerBound) to \(range.upperBound) characters")
    }

    public static func atMostCharactersWithoutNUL(_ maximum: Int) -> LocalizedText {
        LocalizedText(zh: "最多 \(maximum) 个字符，且不得含 NUL", en: "must be at most \(maximum) characters, without NUL")
    }

    public static func atMostBytes(_ maximum: Int) -> LocalizedText {
        LocalizedText(zh: "不得超过 \(maximum) 字节", en: "must be at most \(maximum) bytes")
    }

    public static func wholeNumber(_ range: ClosedRange<Int>) -> LocalizedText {
        LocalizedText(
            zh: "须为 \(range.lowerBound) 至 \(range.upperBound) 的整数",
            en: "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
    }

    public static func visibleASCII(_ range: ClosedRange<Int>) -> LocalizedText {
        LocalizedText(
            zh: "须为 \(range.lowerBound) 至 \(range.upperBound) 个可见 ASCII 字符",
            en: "must be \(range.lowerBound) to \(range.upperBound) visible ASCII characters")
    }

    public static func oneOf(_ values: [String]) -> LocalizedText {
        let list = values.joined(separator: ", ")
        return LocalizedText(zh: "须为以下之一：\(list)", en: "must be one of \(list)")
    }

    /// A short choice spelled out as a sentence: "must be active or disabled", "must be a, b or c".
    public static func either(_ values: [String]) -> LocalizedText {
        let head = values.dropLast()
        let last = values.last ?? ""
        if head.isEmpty { return LocalizedText(zh: "须为 \(last)", en: "must be \(last)") }
        return LocalizedText(
            zh: "须为 \(head.joined(separator: "、")) 或 \(last)", en: "must be \(head.joined(separator: ", ")) or \(last)")
    }

    // MARK: Organisations and users

    public static func notAnOrganization(of kind: String) -> LocalizedText {
        LocalizedText(
            zh: "不是\(chineseName(ofKind: kind))的 id", en: "is not the id of a \(kind.replacingOccurrences(of: "_", with: " "))")
    }

    /// The workflow's wording of `notAnOrganization(of:)`, which names the kind as the file spells it.
    public static func notAnOrganizationOfKind(_ kind: String) -> LocalizedText {
        LocalizedText(zh: "不是\(chineseName(ofKind: kind))的 id", en: "is not the id of an organisation of kind \(kind)")
    }

    public static let notAnOrganizationKind = LocalizedText(zh: "不是组织类型", en: "is not an organisation kind")
    public static let namesNoOrganization = LocalizedText(zh: "未指向任何组织", en: "names no organisation")
    public static let requiredForEnterprise = LocalizedText(zh: "企业必填", en: "is required for an enterprise")
    public static let onlyEnterprisesFile = LocalizedText(
        zh: "只有具有统一社会信用代码的企业才能提起投诉", en: "only an enterprise with a credit code files complaints")
    public static let mustBeEmail = LocalizedText(zh: "须为邮箱地址", en: "must be an email address")
    public static let notCurrentPassword = LocalizedText(zh: "不是当前密码", en: "is not the current password")
    public static let atLeastOneRole = LocalizedText(zh: "须至少指定一个角色", en: "must name at least one role")

    public static func notARole(_ name: String, roles: [String]) -> LocalizedText {
        LocalizedText(
            zh: "'\(name)' 不是角色（\(roles.joined(separator: "、"))）",
            en: "'\(name)' is not a role (\(roles.joined(separator: ", ")))")
    }

    public static func roleMisfit(_ role: String, kind: String) -> LocalizedText {
        LocalizedText(
            zh: "'\(role)' 不适用于\(chineseName(ofKind: kind))", en: "'\(role)' does not fit an organisation of kind \(kind)")
    }

    public static let ownCreditCode = LocalizedText(zh: "是投诉方自己的统一社会信用代码", en: "is the complainant's own code")
    public static let invalidCreditCode = LocalizedText(
        zh: "不是有效的统一社会信用代码（18 位，含校验码）", en: "is not a valid unified social credit code (18 characters with a check character)")

    // MARK: Cases

    public static let amount = LocalizedText(
        zh: "须为人民币正数金额，最多 2 位小数、小数点前最多 15 位，例如 \"120000.50\"",
        en: "must be a positive amount in CNY with at most 2 decimals and 15 digits before the point, e.g. \"120000.50\"")
    public static let notAState = LocalizedText(zh: "不是有效的状态", en: "is not a state")
    public static let notACaseNumber = LocalizedText(zh: "不是有效的案件编号", en: "is not a case number")
    public static let actionRequired = LocalizedText(zh: "必填：工作流操作的名称", en: "is required: the name of a workflow action")

    public static func notAUserAction(state: String, possible: [String]) -> LocalizedText {
        LocalizedText(
            zh: "不是用户可执行的操作；在 \(state) 状态下可执行：\(possible.joined(separator: ", "))",
            en: "is not an action a user takes; in state \(state) the possible ones are: \(possible.joined(separator: ", "))")
    }

    public static func notAFieldOf(_ action: String) -> LocalizedText {
        LocalizedText(zh: "不是 \(action) 的字段", en: "is not a field of \(action)")
    }

    public static let minutesHaveTheirOwnEndpoint = LocalizedText(
        zh: "笔录通过 POST /v1/cases/{id}/documents（kind=minutes，sessionId）上传", en: "minutes are uploaded with POST /v1/cases/{id}/documents (kind minutes, with sessionId)")
    public static let mustBeAnotherNeutral = LocalizedText(
        zh: "须为尚未参与本案的另一位调解员或仲裁员", en: "must be another neutral, not one already serving the case")
    public static let mustBeCaseMediator = LocalizedText(
        zh: "须为本案调解组织在职的调解员", en: "must be an active mediator of the case's mediation body")
    public static let mustBeCaseArbitrator = LocalizedText(
        zh: "须为本案仲裁委员会在职的仲裁员", en: "must be an active arbitrator of the case's arbitration commission")
    public static let termsWithOwnershipFlag = LocalizedText(
        zh: "与 determinesOwnershipOrValidity 一并必填", en: "is required with determinesOwnershipOrValidity")
    public static let actionNamesNoUser = LocalizedText(zh: "此操作未指定用户", en: "the action names no user")

    // MARK: Requests and uploads

    public static let usedWithAnotherBody = LocalizedText(zh: "已用于另一请求体", en: "was used with another request body")
    public static let belongsToAnotherList = LocalizedText(zh: "属于另一个列表", en: "belongs to another list")
    public static let needsBoundary = LocalizedText(zh: "须含 boundary", en: "needs a boundary")
    public static let notMultipart = LocalizedText(zh: "不是有效的 multipart/form-data", en: "is not valid multipart/form-data")
    public static let belongsInMultipartBody = LocalizedText(
        zh: "应放在 multipart 请求体中，而非查询参数", en: "belongs in the multipart body, not the query")
    public static let filename = LocalizedText(zh: "须为 1 至 255 个字符，且不含路径", en: "must be 1 to 255 characters without a path")
    public static let notAMediaType = LocalizedText(zh: "不是有效的媒体类型", en: "is not a media type")

    /// The Chinese name of an organisation kind as `OrganizationKind` spells it.
    static func chineseName(ofKind kind: String) -> String {
        [
            "enterprise": "企业", "mediation_body": "调解组织", "arbitration_commission": "仲裁委员会", "court": "法院",
            "regulator": "监管部门", "platform": "平台",
        ][kind] ?? kind
    }

    public static func unknownParameter(allowed: [String]) -> LocalizedText {
        let list = allowed.joined(separator: ", ")
        return LocalizedText(zh: "不是可用的查询参数（可用：\(list)）", en: "is not a query parameter of this list (known: \(list))")
    }
}
