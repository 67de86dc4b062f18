import Foundation
import IPCaseDomain

/// A grade as issued: the grade notice the subject and the public read. It keeps the model's version and
/// hash and the records it rests on, so that it can be explained and recomputed later.
struct CreditGradeNotice: Encodable, Sendable {
    struct Reason: Codable, Sendable {
        let kind: String
        let points: Int
        let text: LocalizedText
    }

    let id: UUID
    let creditCode: String
    let grade: String
    /// What the model computed; differs from `grade` for an override.
    let computedGrade: String
    let score: Int
    let scoreMinimum: Int?
    let scoreMaximum: Int?
    let seriouslyDishonest: Bool
    let reasons: [Reason]
    let recordIds: [UUID]
    let asOf: CalendarDay
    let modelVersion: String
    let modelHash: String
    var status: GradeIssue.Status
    let overrideReason: String?
    let issuedByUserId: UUID
    let issuingOrganizationId: UUID
    /// The issuing authority's name.
    let issuingAuthority: String
    let issuedAt: Date
    var reviewedByUserId: UUID?
    var reviewReason: String?
    var publishedAt: Date?
    var version: Int
    /// How to object and how to repair: every notice says both.
    let howToObject: LocalizedText
    let howToRepair: LocalizedText
}

extension CreditGradeNotice {
    /// The notice of a grade issued now, as the model assessed the subject.
    static func issued(
        creditCode: String, issue: GradeIssue, assessment: CreditAssessment, model: CreditModel,
        by issuer: (userId: UUID, organizationId: UUID, authority: String), at now: Date
    ) -> CreditGradeNotice {
        let range = model.range(of: issue.grade)
        return CreditGradeNotice(
            id: UUID(), creditCode: creditCode, grade: issue.grade, computedGrade: issue.computedGrade,
            score: assessment.score, scoreMinimum: range?.lowerBound,
            scoreMaximum: range.flatMap { $0.upperBound == .max ? nil : $0.upperBound },
            seriouslyDishonest: assessment.seriouslyDishonest,
            reasons: assessment.reasons.map { Reason(kind: $0.kind, points: $0.points, text: $0.text) },
            recordIds: assessment.contributions.filter { $0.notCounting == nil }.map(\.recordId), asOf: assessment.asOf,
            modelVersion: model.version, modelHash: model.hash, status: issue.status, overrideReason: issue.overrideReason,
            issuedByUserId: issuer.userId, issuingOrganizationId: issuer.organizationId, issuingAuthority: issuer.authority,
            issuedAt: now, reviewedByUserId: nil, reviewReason: nil, publishedAt: issue.status == .published ? now : nil,
            version: 1, howToObject: CreditMessage.gradeObjection(days: model.objectionDays),
            howToRepair: CreditMessage.gradeRepair)
    }
}
