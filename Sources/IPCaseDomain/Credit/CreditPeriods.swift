public import Foundation

/// The periods a finding sets running: its measures (art. 9), its publication and when repair may be
/// applied for (the 2025 national rules). Ends are exclusive: a period that ends on a day no longer
/// runs on it.
extension CreditModel {
    /// When each finding's measures end. Measures last `measuresMonths` from a decision; a new finding
    /// while they run extends them by as much again, but never past `measuresMaximumMonths` after the
    /// first decision of that run. Revoked findings never started any.
    public func measuresEnd(of records: [ScoredRecord]) -> [UUID: CalendarDay] {
        let findings = records
            .filter { $0.status != .revoked && kind($0.kind)?.isPositive == false }
            .sorted { ($0.decisionDate, $0.id.uuidString) < ($1.decisionDate, $1.id.uuidString) }
        var ends: [UUID: CalendarDay] = [:]
        var run: [UUID] = []
        var start = CalendarDay(year: 1, month: 1, day: 1), end = start
        func close() { for id in run { ends[id] = end } }
        for finding in findings {
            if run.isEmpty || finding.decisionDate >= end {
                close()
                run = []
                start = finding.decisionDate
                end = start.adding(months: measuresMonths)
            } else {
                end = min(max(end, finding.decisionDate.adding(months: measuresMonths)), start.adding(months: measuresMaximumMonths))
            }
            run.append(finding.id)
        }
        close()
        return ends
    }

    /// The last day the public sees a finding: `months` after the decision when given (it must lie in
    /// the tier's range), else the tier's minimum; nil when the tier is not published.
    public func publishedUntil(tier: Tier, decidedOn day: CalendarDay, months: Int? = nil) -> CalendarDay? {
        guard let rule = tiers[tier], rule.published || months != nil else { return nil }
        let chosen = months ?? rule.minimumPublicationMonths
        return day.adding(months: chosen).adding(days: -1)
    }

    /// Whether `months` of publication fit the tier.
    public func publicationFits(_ months: Int, tier: Tier) -> Bool {
        guard let rule = tiers[tier] else { return false }
        return (rule.minimumPublicationMonths...rule.maximumPublicationMonths).contains(months)
    }

    /// The first day repair may be applied for; for a minor finding, as soon as the obligations are fulfilled.
    public func repairEligibleFrom(tier: Tier, decidedOn day: CalendarDay) -> CalendarDay {
        day.adding(months: tiers[tier]?.repairAfterMonths ?? 0)
    }
}
