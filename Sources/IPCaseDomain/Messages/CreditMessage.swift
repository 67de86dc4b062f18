/// What the credit capability says about a finding's fields, in both languages.
public enum CreditMessage {
    public static let decisionInFuture = LocalizedText(zh: "决定日期不能晚于今天", en: "must not be later than today")

    public static func tierNotForKind(kind: String, allowed: [String]) -> LocalizedText {
        let list = allowed.joined(separator: ", ")
        return LocalizedText(zh: "不是第 \(kind) 类失信行为可用的严重程度（可用：\(list)）", en: "is not a tier of kind \(kind) (allowed: \(list))")
    }

    public static func publicationRange(_ minimum: Int, _ maximum: Int) -> LocalizedText {
        LocalizedText(zh: "须在 \(minimum) 至 \(maximum) 个月之间", en: "must be from \(minimum) to \(maximum) months")
    }

    public static func proposalDecided(_ status: String) -> LocalizedText {
        LocalizedText(zh: "该建议已处理（\(status)），不能再次处理。", en: "The proposal is already decided (\(status)).")
    }
}
