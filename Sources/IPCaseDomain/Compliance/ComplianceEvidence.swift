public import Foundation

/// A piece of evidence for some items of an assessment: a document of the one document store (which keeps
/// its name, bytes and SHA-256), with the day it takes effect and, if it lapses, the last day it is in force
/// (a certificate "valid until 2027-06-30"). A new version supersedes the one it names, which stays in the
/// history; only evidence in force on a day counts for its items on that day.
public struct ComplianceEvidence: Sendable, Equatable, Codable {
    public let documentId: UUID
    public let itemIds: [String]
    public let effectiveOn: CalendarDay
    public let expiresOn: CalendarDay?
    /// 1 for a first upload; one more than the version it supersedes.
    public let version: Int
    public let supersedes: UUID?
    public var supersededBy: UUID?
    public let addedBy: UUID?
    public let addedAt: Date
    /// Carried over from the baseline assessment it started from.
    public let carriedOver: Bool

    public init(
        documentId: UUID, itemIds: [String], effectiveOn: CalendarDay, expiresOn: CalendarDay?,
        version: Int, supersedes: UUID?, addedBy: UUID?, addedAt: Date, carriedOver: Bool = false
    ) {
        self.documentId = documentId
        self.itemIds = itemIds
        self.effectiveOn = effectiveOn
        self.expiresOn = expiresOn
        self.version = version
        self.supersedes = supersedes
        self.addedBy = addedBy
        self.addedAt = addedAt
        self.carriedOver = carriedOver
    }

    /// The latest version, taken effect and not yet lapsed on `day`.
    public func isInForce(on day: CalendarDay) -> Bool {
        supersededBy == nil && effectiveOn <= day && expiresOn.map { day <= $0 } ?? true
    }

    /// The same evidence carried into an assessment that starts from this one's.
    func carried() -> ComplianceEvidence {
        ComplianceEvidence(
            documentId: documentId, itemIds: itemIds, effectiveOn: effectiveOn,
            expiresOn: expiresOn, version: version, supersedes: supersedes, addedBy: addedBy, addedAt: addedAt, carriedOver: true)
    }
}

extension ComplianceAssessment {
    /// The evidence in force on `day` for an item.
    public func evidence(for itemId: String, inForceOn day: CalendarDay) -> [ComplianceEvidence] {
        evidence.filter { $0.itemIds.contains(itemId) && $0.isInForce(on: day) }
    }

    /// Every piece in force on `day`, whatever its items.
    public func evidenceInForce(on day: CalendarDay) -> [ComplianceEvidence] { evidence.filter { $0.isInForce(on: day) } }

    /// The items that keep the assessment from being submitted on `day`, each with why: unanswered, carried
    /// over from the baseline and not yet confirmed, or mandatory, answered compliant, and without evidence in
    /// force. (A mandatory item that asks for no evidence is taken on the enterprise's word and the reviewer's.)
    public func submissionGaps(on day: CalendarDay) -> [SubmissionGap] {
        scheme.items.compactMap { item in
            guard let answer = answers[item.id] else { return SubmissionGap(itemId: item.id, reason: .unanswered) }
            if answer.needsConfirmation { return SubmissionGap(itemId: item.id, reason: .unconfirmed) }
            if item.mandatory, item.evidenceRequired, answer.result == .compliant, evidence(for: item.id, inForceOn: day).isEmpty {
                return SubmissionGap(itemId: item.id, reason: .noEvidenceInForce)
            }
            return nil
        }
    }
}

/// Why an item keeps an assessment from being submitted.
public struct SubmissionGap: Sendable, Equatable {
    public enum Reason: String, Sendable {
        case unanswered, unconfirmed
        case noEvidenceInForce
    }

    public let itemId: String
    public let reason: Reason
}
