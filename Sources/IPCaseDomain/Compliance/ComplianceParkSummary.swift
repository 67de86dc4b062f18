public import Foundation

/// A park's trade-secret compliance at a glance, for regulators (`GET /v1/compliance/summary`): how many of
/// its enterprises stand at each level (their best approved assessment in force), which assessments expired
/// without an approved renewal or wait past their review's deadline, and the ten items most often
/// non-compliant in each organisation's latest submitted assessment per template (so that rounds of one
/// assessment are not counted twice). Drafts and discarded assessments say nothing about compliance.
public struct ComplianceParkSummary: Sendable, Equatable {
    public struct Listed: Sendable, Equatable {
        public let assessmentId: UUID
        public let organizationId: UUID
        public let templateId: String
        public let state: String
        /// The last day of the validity (expired) or of the review (overdue).
        public let day: CalendarDay?
    }

    public struct FrequentGap: Sendable, Equatable {
        public let itemId: String
        public let nonCompliant: Int
        /// How many of the assessments read include the item.
        public let assessed: Int
    }

    /// Organisations of the park with an approved assessment, per level; `none` for the others.
    public let levels: [String: Int]
    public let states: [String: Int]
    public let organizations: Int
    public let expired: [Listed]
    public let overdue: [Listed]
    public let frequentGaps: [FrequentGap]

    /// `assessments`: the park's that have been submitted, in any order; `organizations`: how many are in the park.
    public init(assessments: [ComplianceAssessment], organizations: Int, today: CalendarDay, limit: Int = 10) {
        let submitted = assessments.filter { $0.submittedAt != nil && $0.state != "draft" && $0.state != "discarded" }
        var newest: [String: ComplianceAssessment] = [:]
        for assessment in submitted {
            let key = "\(assessment.organizationId) \(assessment.templateId)"
            if let other = newest[key], (other.startedAt, other.id.uuidString) > (assessment.startedAt, assessment.id.uuidString) { continue }
            newest[key] = assessment
        }
        let latest = newest.keys.sorted().compactMap { newest[$0] }
        let approvedTemplates = Set(submitted.filter { $0.state == "approved" }.map { "\($0.organizationId) \($0.templateId)" })
        self.organizations = organizations
        var levels: [String: Int] = [:], states: [String: Int] = [:]
        var approvedOrganizations: Set<UUID> = []
        var bestLevel: [UUID: (rank: Int, level: String)] = [:]
        for assessment in submitted {
            states[assessment.state, default: 0] += 1
            guard assessment.state == "approved", let approval = assessment.approval else { continue }
            approvedOrganizations.insert(assessment.organizationId)
            let rank = assessment.scheme.levels.firstIndex { $0.id == approval.level } ?? Int.max
            if rank < bestLevel[assessment.organizationId]?.rank ?? Int.max {
                bestLevel[assessment.organizationId] = (rank, approval.level)
            }
        }
        for (_, best) in bestLevel { levels[best.level, default: 0] += 1 }
        levels["none"] = max(0, organizations - approvedOrganizations.count)
        self.levels = levels
        self.states = states
        expired = submitted.filter { $0.state == "expired" && !approvedTemplates.contains("\($0.organizationId) \($0.templateId)") }.map {
            Listed(assessmentId: $0.id, organizationId: $0.organizationId, templateId: $0.templateId, state: $0.state, day: $0.approval?.validUntil)
        }
        overdue = submitted.compactMap { assessment in
            guard assessment.state == "submitted", let due = assessment.deadlines.first?.dueOn, today > due else { return nil }
            return Listed(
                assessmentId: assessment.id, organizationId: assessment.organizationId, templateId: assessment.templateId,
                state: assessment.state, day: due)
        }
        var counts: [String: (gaps: Int, assessed: Int)] = [:]
        for assessment in latest {
            let results = assessment.reviewedResults
            for item in assessment.scheme.items {
                counts[item.id, default: (0, 0)].assessed += 1
                if results[item.id] == .nonCompliant { counts[item.id, default: (0, 0)].gaps += 1 }
            }
        }
        frequentGaps = counts.filter { $0.value.gaps > 0 }
            .sorted { $0.value.gaps != $1.value.gaps ? $0.value.gaps > $1.value.gaps : $0.key < $1.key }
            .prefix(limit)
            .map { FrequentGap(itemId: $0.key, nonCompliant: $0.value.gaps, assessed: $0.value.assessed) }
    }
}
