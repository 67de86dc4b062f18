public import Foundation

/// The periods a finding sets running: its measures (art. 9), its publication and when repair may be
/// applied for (the 2025 national rules). Ends are exclusive: a period that ends on a day no longer
/// runs on it.
extension CreditModel {
    /// When each finding's measures end. A finding's measures last `measuresMonths` from its decision;
    /// each later finding decided while they run extends them to that finding's own 12 months, but never
    /// past `measuresMaximumMonths` after the first. A later finding has measures of its own, so a new
    /// finding always counts, and adding one never shortens another's. Revoked findings start none.
    public func measuresEnd(of records: [ScoredRecord]) -> [UUID: CalendarDay] {
        // The id breaks ties (by its bytes, the order of its text), so the order never depends on the input's.
        let findings = records
            .filter { $0.status != .revoked && kind($0.kind)?.isPositive == false }
            .sorted { ($0.decisionDate, $0.id) < ($1.decisionDate, $1.id) }
        var ends: [UUID: CalendarDay] = [:]
        for (index, finding) in findings.enumerated() {
            let cap = finding.decisionDate.adding(months: measuresMaximumMonths)
            var end = finding.decisionDate.adding(months: measuresMonths)
            for later in findings[(index + 1)...] where later.decisionDate < end {
                end = min(max(end, later.decisionDate.adding(months: measuresMonths)), cap)
            }
            ends[finding.id] = end
        }
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
