public import Foundation
import Crypto

/// A regulator's finding on one item, kept beside the enterprise's own answer and never over it.
public struct ReviewFinding: Sendable, Equatable, Codable {
    /// The reviewer's result where it differs from the enterprise's; `nil` when only commenting.
    public let result: ItemResult?
    public let comment: String?
    /// Sent back to the enterprise to revise.
    public let returned: Bool
    public let reviewerId: UUID?
    public let at: Date
}

/// What an approval fixed: the score and level on the results as reviewed, the last day of the validity,
/// and the hash of the assessment as it stood at the decision (also in the chain).
public struct ComplianceApproval: Sendable, Equatable, Codable {
    public let score: Double?
    public let level: String
    public let validUntil: CalendarDay
    public let assessmentHash: String
    public let approvedBy: UUID?
    public let approvedAt: Date
}

extension ComplianceAssessment {
    /// The results a review is scored on: a reviewer's result made after the enterprise last answered the
    /// item, else the enterprise's own. A revision of a returned item thus stands until it is reviewed again.
    public var reviewedResults: [String: ItemResult] {
        answers.mapValues { $0.result }.merging(
            findings.compactMapValues { finding in
                finding.result.map { (result: $0, at: finding.at) }
            }.filter { id, finding in answers[id].map { finding.at >= $0.answeredAt } ?? true }.mapValues(\.result)
        ) { _, finding in finding }
    }

    /// The score as reviewed: the one approval fixes.
    public var reviewedScore: ComplianceScore { scheme.score(reviewedResults) }

    /// The items the last review sent back, still to be revised and submitted again.
    public var returnedItems: [String] { findings.filter(\.value.returned).keys.sorted() }

    /// SHA-256 of the assessment's JSON with sorted keys: the exact state an approval was decided on.
    public var contentHash: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        let data = (try? encoder.encode(self)) ?? Data()
        return SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}
