/// The words of the printable mediation agreement (调解协议书).
public enum AgreementPageText {
    public static let title = LocalizedText(zh: "调解协议书", en: "Mediation agreement")
    public static let caseNumber = LocalizedText(zh: "案号", en: "Case")
    public static let complainant = LocalizedText(zh: "申请人", en: "Complainant")
    public static let respondent = LocalizedText(zh: "被申请人", en: "Respondent")
    public static let creditCode = LocalizedText(zh: "统一社会信用代码", en: "Unified social credit code")
    public static let mediationBody = LocalizedText(zh: "调解组织", en: "Mediation body")
    public static let mediator = LocalizedText(zh: "调解员", en: "Mediator")
    public static let ipRight = LocalizedText(zh: "涉及知识产权", en: "IP right")
    public static let terms = LocalizedText(zh: "协议内容", en: "Terms")
    public static let performanceDue = LocalizedText(zh: "履行期限", en: "Performance due by")
    public static let signatures = LocalizedText(zh: "签署", en: "Signatures")
    public static let notSigned = LocalizedText(zh: "尚未签署", en: "not signed yet")
    public static let effectiveOn = LocalizedText(zh: "生效日期", en: "In effect from")
    public static let textHash = LocalizedText(zh: "协议文本 SHA-256", en: "SHA-256 of the text")
    public static let signedText = LocalizedText(zh: "所签文本 SHA-256", en: "SHA-256 of the text signed")
    public static let draft = LocalizedText(zh: "（草稿，尚未生效）", en: "(draft, not in effect)")
}
