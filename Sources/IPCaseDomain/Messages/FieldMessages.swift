import Foundation
/// What is wrong with one field, in both languages: the messages of 422 answers' `errors`.
public enum FieldMessage {
    public static let required = LocalizedText(zh: "必填", en: "is required")
    public static let mustBeUUID = LocalizedText(zh: "须为 UUID", en: "must be a UUID")
    public static let mustBeObject = LocalizedText(zh: "须为对象", en: "must be an object")
    public static let mustBeString = LocalizedText(zh: "须为字符串", en: "must be a string")
    public static let trueOrFalse = LocalizedText(zh: "须为 true 或 false", en: "must be true or false")

    public static func length(_ range: ClosedRange<Int>) -> LocalizedText {
        LocalizedText(
            zh: "须为 \(range.lowerBound) 至 \(range.upperBound) 个字符",
            en: "must be \(range.lowerBound) to \(range.upperBound) characters")
    }

    public static func oneOf(_ values: [String]) -> LocalizedText {
        let list = values.joined(separator: ", ")
        return LocalizedText(zh: "须为以下之一：\(list)", en: "must be one of \(list)")
    }

    public static func notAnOrganization(of kind: String) -> LocalizedText {
        let zhKind = [
            "enterprise": "企业", "mediation_body": "调解组织", "arbitration_commission": "仲裁委员会", "court": "法院",
            "regulator": "监管部门", "platform": "平台",
        ][kind] ?? kind
        return LocalizedText(zh: "不是\(zhKind)的 id", en: "is not the id of a \(kind.replacingOccurrences(of: "_", with: " "))")
    }

    public static let ownCreditCode = LocalizedText(zh: "是投诉方自己的统一社会信用代码", en: "is the complainant's own code")
    public static let invalidCreditCode = LocalizedText(
        zh: "不是有效的统一社会信用代码（18 位，含校验码）", en: "is not a valid unified social credit code (18 characters with a check character)")
    public static let amount = LocalizedText(
        zh: "须为人民币正数金额，最多 2 位小数、小数点前最多 15 位，例如 \"120000.50\"",
        en: "must be a positive amount in CNY with at most 2 decimals and 15 digits before the point, e.g. \"120000.50\"")
}
