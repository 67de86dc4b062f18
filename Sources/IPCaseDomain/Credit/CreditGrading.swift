import Foundation

/// A grade a regulator asks to issue, decided against what the model computes: the computed grade is
/// published at once; any other grade is an override, which needs a written reason and waits, pending,
/// for a second regulator (four eyes).
public struct GradeIssue: Sendable, Equatable {
    public enum Status: String, Sendable, Codable {
        case pending, published, rejected
        /// A later published grade replaced it; it stays in the history.
        case superseded
    }

    public let grade: String
    public let computedGrade: String
    public let status: Status
    public let overrideReason: String?

    public var isOverride: Bool { grade != computedGrade }
}

extension CreditModel {
    /// Decides what issuing `requested` (the computed grade when nil) means, naming every fault at once.
    public func issue(
        requested: String?, reason: String?, assessment: CreditAssessment
    ) -> Result<GradeIssue, CreditFindingProblems> {
        let grade = requested ?? assessment.grade
        var problems: [FieldProblem] = []
        if !grades.contains(grade) { problems.append(FieldProblem("grade", FieldMessage.oneOf(grades))) }
        let trimmed = reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        let isOverride = grade != assessment.grade
        if isOverride, (trimmed ?? "").isEmpty {
            problems.append(FieldProblem("reason", CreditMessage.overrideNeedsReason(computed: assessment.grade)))
        }
        // The limit holds for the text as sent, as the API document states it.
        if let reason, reason.unicodeScalars.count > 2000 || reason.unicodeScalars.contains("\u{0}") {
            problems.append(FieldProblem("reason", FieldMessage.length(1...2000)))
        }
        // A seriously dishonest subject is D by rule (2025 national rules): no override lifts it.
        if isOverride, assessment.seriouslyDishonest, grades.contains(grade) {
            problems.append(FieldProblem("grade", CreditMessage.seriouslyDishonestFixed(seriouslyDishonestGrade)))
        }
        guard problems.isEmpty else { return .failure(CreditFindingProblems(problems: problems)) }
        return .success(GradeIssue(
            grade: grade, computedGrade: assessment.grade, status: isOverride ? .pending : .published,
            overrideReason: isOverride ? trimmed : nil))
    }
}
