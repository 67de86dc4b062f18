extension UnifiedSocialCreditCodeError {
    /// Why the code is not valid, in both languages, for a field message; `description` is the English.
    public var message: LocalizedText {
        switch self {
        case .wrongLength:
            LocalizedText(zh: "统一社会信用代码须恰为 18 个字符", en: description)
        case .invalidCharacter(let position):
            LocalizedText(zh: "第 \(position) 个字符不在 0-9 或 A-Y（不含 I、O、S、V、Z）之中", en: description)
        case .invalidDivisionCode:
            LocalizedText(zh: "第 3-8 个字符（行政区划码）须为数字", en: description)
        case .invalidOrganizationCodeCheck:
            LocalizedText(zh: "第 17 个字符不是第 9-16 个字符所示组织机构代码的 GB 11714 校验码", en: description)
        case .invalidCheckCharacter(let expected):
            LocalizedText(zh: "第 18 个字符不是 GB 32100 校验码（应为 \(expected)）", en: description)
        }
    }
}
