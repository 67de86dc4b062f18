/// What the compliance capability says about assessments, in both languages.
public enum ComplianceMessage {
    public static func unknownItem(_ id: String) -> LocalizedText {
        LocalizedText(zh: "评估表中没有条目 \(id)", en: "the assessment has no item \(id)")
    }

    public static func resultOneOf(_ results: [String]) -> LocalizedText {
        let list = results.joined(separator: ", ")
        return LocalizedText(zh: "结论须为以下之一：\(list)", en: "the result must be one of \(list)")
    }

    public static let justificationNeeded = LocalizedText(
        zh: "选择“不适用”须说明理由（justification）", en: "not_applicable needs a justification")

    public static func unknownTemplate(_ known: [String]) -> LocalizedText {
        LocalizedText(zh: "不是现行评估模板（可用：\(known.joined(separator: ", "))）", en: "is not a template in force (known: \(known.joined(separator: ", ")))")
    }

    public static func unknownGroups(_ known: [String]) -> LocalizedText {
        LocalizedText(zh: "须为该模板的实施组别（\(known.joined(separator: ", "))）之一或多个", en: "must be one or more of the template's groups (\(known.joined(separator: ", ")))")
    }
}
