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

    public static func overrideNeedsReason(computed: String) -> LocalizedText {
        LocalizedText(
            zh: "与计算等级（\(computed)）不同的等级须写明理由，并由另一名监管人员复核",
            en: "a grade other than the computed one (\(computed)) needs a written reason, and a second regulator's approval")
    }

    public static func seriouslyDishonestFixed(_ grade: String) -> LocalizedText {
        LocalizedText(zh: "严重失信主体的等级固定为 \(grade)，不能调整", en: "a seriously dishonest subject is \(grade); its grade cannot be overridden")
    }

    /// How to object to a grade notice and how to repair, as the notice tells the subject.
    public static func gradeObjection(days: Int) -> LocalizedText {
        LocalizedText(
            zh: "对等级有异议的，可自收到记录通知之日起 \(days) 日内对所依据的信用记录提出异议（POST /v1/credit/records/{id}/objections）。",
            en: "To contest the grade, object to a record it rests on within \(days) days of its notice (POST /v1/credit/records/{id}/objections).")
    }
    public static let gradeRepair = LocalizedText(
        zh: "失信记录届满修复起始日后，履行义务并签署信用承诺书，可申请信用修复（POST /v1/credit/records/{id}/repairs）。",
        en: "Once a record's repair date has come, fulfil the obligations, sign a credit commitment and apply for repair (POST /v1/credit/records/{id}/repairs).")

    public static func gradeApprovalNeeded(_ grade: String, code: String) -> LocalizedText {
        LocalizedText(zh: "待复核：\(code) 的信用等级拟调整为 \(grade)。", en: "To review: grade \(grade) proposed for \(code), an override.")
    }

    public static func gradePublished(_ grade: String) -> LocalizedText {
        LocalizedText(zh: "贵单位的知识产权信用等级已公布：\(grade)。", en: "Your IP credit grade is published: \(grade).")
    }

    public static let rejectionNeedsReason = LocalizedText(zh: "驳回调整须写明理由", en: "a rejection needs a reason")

    public static func gradeNotPending(_ status: String) -> LocalizedText {
        LocalizedText(zh: "该等级不在待复核状态（\(status)）。", en: "The grade is not pending review (\(status)).")
    }

    public static func recordNotActive(_ status: String) -> LocalizedText {
        LocalizedText(zh: "该信用记录已不再有效（\(status)）", en: "the record is no longer active (\(status))")
    }

    public static func objectionWindowClosed(_ until: CalendarDay) -> LocalizedText {
        LocalizedText(zh: "异议期已于 \(until) 届满", en: "the objection window closed on \(until)")
    }

    public static let positiveNotRepaired = LocalizedText(zh: "守信记录无需修复", en: "a positive record is not repaired")

    public static func repairNotYet(_ from: CalendarDay) -> LocalizedText {
        LocalizedText(zh: "自 \(from) 起方可申请信用修复", en: "repair may be applied for from \(from)")
    }

    public static let validityRange = LocalizedText(zh: "须晚于今天，且不超过五年", en: "must be after today and within five years")

    public static func alreadyOpen(_ what: String) -> LocalizedText {
        LocalizedText(zh: "该记录已有未办结的\(what == "creditObjection" ? "异议" : "修复申请")", en: "the record already has an open \(what == "creditObjection" ? "objection" : "repair application")")
    }

    public static func applicationDecided(_ state: String) -> LocalizedText {
        LocalizedText(zh: "已办结（\(state)），不再接收材料。", en: "It is decided (\(state)) and takes no more documents.")
    }
}
