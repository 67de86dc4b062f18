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

/// Why a step of non-performance, a change of neutral or an entry on the record cannot be taken.
extension GuardReason {
    public static func performanceNotYetDue(_ due: CalendarDay) -> LocalizedText {
        LocalizedText(zh: "履行期限至 \(due) 届满，之后才能报告未履行", en: "performance is due by \(due); non-performance may be reported only after that day")
    }

    public static let noNonPerformanceReport = LocalizedText(zh: "没有未履行的报告", en: "no non-performance has been reported")
    public static let onlyTheReportedPartyAnswers = LocalizedText(
        zh: "只有被报告未履行的一方可以答复", en: "only the party reported as not performing answers")
    public static func answerWindowClosed(_ day: CalendarDay) -> LocalizedText {
        LocalizedText(zh: "答复期限已于 \(day) 届满", en: "the time to answer ended on \(day)")
    }

    public static let alreadyAnswered = LocalizedText(zh: "已经答复过", en: "already answered")

    public static func answerWindowOpen(until day: CalendarDay) -> LocalizedText {
        LocalizedText(
            zh: "被报告方可在 \(day) 前答复；答复或期限届满后方可决定", en: "the reported party may answer until \(day); decide after its answer or after that day")
    }

    public static let mediatorAlreadyAssigned = LocalizedText(
        zh: "已有调解员；更换须由现任调解员移交或经回避决定", en: "a mediator is assigned; the case changes hands only by handing over or by a recusal decision")
    public static let recusalAlreadyPending = LocalizedText(zh: "已有回避申请待决定", en: "a recusal request is pending")
    public static let noNeutralToRecuse = LocalizedText(zh: "当前阶段没有可申请回避的调解员或仲裁员", en: "no mediator or arbitrator serves this stage")
    public static let noRecusalPending = LocalizedText(zh: "没有待决定的回避申请", en: "no recusal request is pending")

    public static func termsChanged(_ sha256: String) -> LocalizedText {
        LocalizedText(
            zh: "termsSha256 与当前协议文本不符（当前为 \(sha256)）；请阅读现行文本后签署",
            en: "termsSha256 is not the hash of the terms as they stand (\(sha256)); read the current text and sign that")
    }

    public static func notADay(_ field: String) -> LocalizedText {
        LocalizedText(zh: "\(field) 须为 YYYY-MM-DD 格式的日期", en: "\(field) must be a date as YYYY-MM-DD")
    }

    public static func notAnInstant(_ field: String) -> LocalizedText {
        LocalizedText(zh: "\(field) 须为带时区的 ISO 8601 时间，如 2026-12-10T09:30:00+08:00", en: "\(field) must be an ISO 8601 time with its offset, such as 2026-12-10T09:30:00+08:00")
    }

    public static func dayInPast(_ field: String) -> LocalizedText {
        LocalizedText(zh: "\(field) 不能早于今天", en: "\(field) may not be in the past")
    }

    public static func dayInFuture(_ field: String) -> LocalizedText {
        LocalizedText(zh: "\(field) 不能晚于今天", en: "\(field) may not be in the future")
    }

    public static let sessionNeedsPlace = LocalizedText(zh: "调解会议须有地点（place）或线上链接（link）", en: "a session needs a place or an online link")
    public static let unknownSession = LocalizedText(zh: "sessionId 须为本案的调解会议", en: "sessionId must name a session of the case")
}
