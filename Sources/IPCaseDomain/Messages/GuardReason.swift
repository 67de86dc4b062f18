/// Why a case's guard or effect refuses an action, in both languages: the `reason` of 422
/// `guard-failed` answers. Each reads after the guard's name: "mediatorAssigned: no mediator is assigned".
public enum GuardReason {
    public static let candidateIsParty = LocalizedText(
        zh: "候选人所在组织是本案当事方", en: "the candidate's organisation is a party to the case")
    public static let candidateServesOtherwise = LocalizedText(
        zh: "候选人已以其他身份参与本案", en: "the candidate already serves this case in another capacity")
    public static let noMediator = LocalizedText(zh: "尚未指派调解员", en: "no mediator is assigned")
    public static let noArbitrator = LocalizedText(zh: "尚未指派仲裁员", en: "no arbitrator is assigned")
    public static let noJudge = LocalizedText(zh: "尚无法官受理申请", en: "no judge has accepted the application")
    public static let noAgreement = LocalizedText(zh: "尚未起草协议", en: "no agreement has been drafted")
    public static let alreadySigned = LocalizedText(zh: "该当事方已签署协议", en: "this party has already signed the agreement")
    public static let signatureMissing = LocalizedText(zh: "协议尚缺签名", en: "the agreement lacks a signature")
    public static let decidesOwnershipOrValidity = LocalizedText(
        zh: "涉及知识产权权属或效力的协议不能予以司法确认",
        en: "an agreement that decides ownership or validity of an IP right cannot be confirmed")
    public static let nothingToExtend = LocalizedText(
        zh: "当前状态没有可延长的期限", en: "the current state has no deadline that can be extended")
    public static let ownProposal = LocalizedText(
        zh: "这是该当事方自己的提议，须由另一方同意", en: "the proposal is this party's own; the other party must consent")

    // Only the parties to a case sign, propose, consent and report.
    public static let onlyAPartySigns = LocalizedText(zh: "只有当事方可以签署", en: "only a party signs")
    public static let onlyAPartyProposes = LocalizedText(zh: "只有当事方可以提议", en: "only a party proposes")
    public static let onlyAPartyConsents = LocalizedText(zh: "只有当事方可以表示同意", en: "only a party consents")
    public static let onlyAPartyReports = LocalizedText(zh: "只有当事方可以报告", en: "only a party reports")

    public static func windowClosed(on day: CalendarDay) -> LocalizedText {
        LocalizedText(zh: "申请期限已于 \(day) 截止", en: "the window to apply closed on \(day)")
    }

    public static func alreadyExtended(times: Int) -> LocalizedText {
        LocalizedText(zh: "期限已延长过 \(times) 次", en: "the deadline was already extended \(times) time(s)")
    }

    public static func noPendingProposal(_ topic: ProposalTopic) -> LocalizedText {
        LocalizedText(zh: "没有待同意的\(topic.chineseName)提议", en: "there is no pending \(topic.rawValue) proposal")
    }

    public static func notAgreed(_ topic: ProposalTopic) -> LocalizedText {
        LocalizedText(zh: "双方尚未都同意\(topic.chineseName)", en: "the parties have not both agreed to \(topic.rawValue)")
    }
}

extension ProposalTopic {
    /// What the topic is called in Chinese texts.
    var chineseName: String {
        switch self {
        case .extension_: "延期"
        case .arbitration: "仲裁"
        case .confirmation: "司法确认"
        case .remediation: "补救"
        case .performance: "履行"
        }
    }
}
