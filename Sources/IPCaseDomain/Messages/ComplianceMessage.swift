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

    public static func notReturned(_ id: String, returned: [String]) -> LocalizedText {
        let list = returned.joined(separator: ", ")
        return LocalizedText(
            zh: "条目 \(id) 未被退回；退回修改时只能修改退回的条目（\(list)）",
            en: "item \(id) was not returned; while returned, only the returned items may be revised (\(list))")
    }

    public static func incomplete(_ gaps: [SubmissionGap]) -> LocalizedText {
        func list(_ reason: SubmissionGap.Reason) -> String { gaps.filter { $0.reason == reason }.map(\.itemId).joined(separator: ", ") }
        var zh: [String] = [], en: [String] = []
        if !list(.unanswered).isEmpty {
            zh.append("未作答：\(list(.unanswered))")
            en.append("unanswered: \(list(.unanswered))")
        }
        if !list(.unconfirmed).isEmpty {
            zh.append("沿用上次结论尚未确认：\(list(.unconfirmed))")
            en.append("carried over and not yet confirmed: \(list(.unconfirmed))")
        }
        if !list(.noEvidenceInForce).isEmpty {
            zh.append("必备条目自评符合但无有效证据：\(list(.noEvidenceInForce))")
            en.append("mandatory items answered compliant without evidence in force: \(list(.noEvidenceInForce))")
        }
        return LocalizedText(zh: "尚不能提交。" + zh.joined(separator: "；"), en: "Not ready to submit. " + en.joined(separator: "; "))
    }

    public static let evidenceItemsNeeded = LocalizedText(
        zh: "items 须为证据所支持的条目编号列表，至少一项", en: "items must list the ids of the items the evidence supports, at least one")

    public static func notADate(_ field: String) -> LocalizedText {
        LocalizedText(zh: "\(field) 须为 YYYY-MM-DD 格式的日期", en: "\(field) must be a date as YYYY-MM-DD")
    }

    public static func expiresBeforeEffective(effective: CalendarDay, expires: CalendarDay) -> LocalizedText {
        LocalizedText(
            zh: "expiresOn（\(expires)）早于 effectiveOn（\(effective)）", en: "expiresOn (\(expires)) precedes effectiveOn (\(effective))")
    }

    public static func notCurrentEvidence(_ id: String) -> LocalizedText {
        LocalizedText(zh: "supersedes 须为本评估中现行证据的编号：\(id)", en: "supersedes must name current evidence of the assessment: \(id)")
    }

    public static func findingShape(_ index: Int) -> LocalizedText {
        LocalizedText(
            zh: "findings[\(index)] 须为 {itemId, result, comment, return} 对象（comment 至多 2000 字）",
            en: "findings[\(index)] must be an object {itemId, result, comment, return} (comment at most 2000 characters)")
    }

    public static func findingTwice(_ id: String) -> LocalizedText {
        LocalizedText(zh: "条目 \(id) 在 findings 中出现多次", en: "item \(id) appears more than once in findings")
    }

    public static func returnNeedsComment(_ id: String) -> LocalizedText {
        LocalizedText(zh: "退回条目 \(id) 须写明意见（comment）", en: "returning item \(id) needs a comment saying what to revise")
    }

    public static func findingEmpty(_ id: String) -> LocalizedText {
        LocalizedText(zh: "条目 \(id) 的审核意见须有 result 或 comment", en: "the finding on item \(id) needs a result or a comment")
    }

    public static let nothingReturned = LocalizedText(
        zh: "退回须至少有一个条目标记 return: true 并写明意见", en: "returning needs at least one finding with return: true and a comment")

    public static func approvalReturns(_ ids: [String]) -> LocalizedText {
        LocalizedText(
            zh: "批准时不能退回条目（\(ids.joined(separator: ", "))）；请选择退回", en: "an approval cannot return items (\(ids.joined(separator: ", "))); return them instead")
    }

    public static func evidenceExpiring(items: [String], lastDay: CalendarDay, label: String) -> LocalizedText {
        let list = items.joined(separator: ", ")
        return LocalizedText(
            zh: "合规评估（\(label)）中条目 \(list) 所用的证据将于 \(lastDay) 后失效，请及时上传新版本。",
            en: "The evidence for items \(list) of compliance assessment \(label) lapses after \(lastDay); please upload a new version.")
    }

    public static let notABaseline = LocalizedText(
        zh: "须为本组织一次评估的编号", en: "must be the id of an assessment of your organisation")

    public static func baselineNotApproved(_ state: String) -> LocalizedText {
        LocalizedText(zh: "基线须为已审核通过的评估（该评估状态为 \(state)）", en: "the baseline must be an approved assessment (it is \(state))")
    }

    public static func baselineOfOtherTemplate(_ template: String) -> LocalizedText {
        LocalizedText(zh: "基线须使用同一模板（该评估使用 \(template)）", en: "the baseline must be of the same template (it is of \(template))")
    }

    public static func compareOtherTemplate(_ other: String, _ this: String) -> LocalizedText {
        LocalizedText(
            zh: "只能比较同一模板的评估（\(other) 与 \(this) 不同）", en: "only assessments of one template compare (\(other) is not \(this))")
    }

    public static let evidenceHasItsOwnEndpoint = LocalizedText(
        zh: "证据通过 POST /v1/compliance/assessments/{id}/evidence 上传", en: "evidence is uploaded with POST /v1/compliance/assessments/{id}/evidence")
}

/// The words of the compliance reports (the gap report's page and CSV, the park summary's CSV).
public enum ComplianceReportText {
    public static let gapReportTitle = LocalizedText(zh: "商业秘密合规差距报告", en: "Trade-secret compliance gap report")
    public static let enterprise = LocalizedText(zh: "企业", en: "Enterprise")
    public static let template = LocalizedText(zh: "评估模板", en: "Checklist")
    public static let state = LocalizedText(zh: "状态", en: "State")
    public static let score = LocalizedText(zh: "得分", en: "Score")
    public static let level = LocalizedText(zh: "等级", en: "Level")
    public static let sectionScores = LocalizedText(zh: "各部分得分", en: "Score per section")
    public static let gaps = LocalizedText(zh: "差距条目（必备条目在前）", en: "Gaps (mandatory items first)")
    public static let noGaps = LocalizedText(zh: "没有不符合或部分符合的条目。", en: "No item is non-compliant or partial.")
    public static let item = LocalizedText(zh: "条目", en: "Item")
    public static let section = LocalizedText(zh: "部分", en: "Section")
    public static let clause = LocalizedText(zh: "条款", en: "Clause")
    public static let importance = LocalizedText(zh: "重要性", en: "Importance")
    public static let mandatory = LocalizedText(zh: "必备", en: "mandatory")
    public static let recommended = LocalizedText(zh: "推荐", en: "recommended")
    public static let result = LocalizedText(zh: "结论（审核后）", en: "Result (as reviewed)")
    public static let ownResult = LocalizedText(zh: "企业自评", en: "Own result")
    public static let reviewerComment = LocalizedText(zh: "审核意见", en: "Reviewer's comment")
    public static let typicalEvidence = LocalizedText(zh: "可补充的典型证据", en: "Typical evidence that would close the gap")
    public static let generatedAt = LocalizedText(zh: "生成时间", en: "Generated")
    public static let notScored = LocalizedText(zh: "未评分", en: "not scored")

    public static func result(_ result: ItemResult) -> LocalizedText {
        switch result {
        case .compliant: LocalizedText(zh: "符合", en: "compliant")
        case .partial: LocalizedText(zh: "部分符合", en: "partial")
        case .nonCompliant: LocalizedText(zh: "不符合", en: "non-compliant")
        case .notApplicable: LocalizedText(zh: "不适用", en: "not applicable")
        }
    }
}
