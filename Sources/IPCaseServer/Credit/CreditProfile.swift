import Foundation
import IPCaseDomain

/// `GET /v1/credit/subjects/{creditCode}`: the score and grade as of today with the principal reasons,
/// each record with its contribution, and the supervision the grade brings. Texts come in both languages.
struct CreditProfile: Encodable, Sendable {
    struct Reason: Encodable, Sendable {
        let kind: String
        let points: Int
        let text: LocalizedText
    }

    struct Record: Encodable, Sendable {
        let record: CreditRecord
        let points: Int
        /// Why it does not count now, when it does not.
        let notCounting: String?

        enum CodingKeys: String, CodingKey { case record, points, notCounting }
    }

    struct ScoreRange: Encodable, Sendable {
        let minimum: Int
        let maximum: Int?
    }

    let creditCode: String
    let name: String?
    let asOf: CalendarDay
    let modelVersion: String
    let score: Int
    let grade: String
    let scoreRange: ScoreRange?
    let seriouslyDishonest: Bool
    let reasons: [Reason]
    let supervision: LocalizedText?
    let records: [Record]
    /// The grade in force, as its notice says.
    let publishedGrade: CreditGradeNotice?
    /// The most recent grades issued, newest first, whatever became of them.
    let gradeHistory: [CreditGradeNotice]

    /// A subject is graded a few times a year: the profile shows this many; older ones stay in the database.
    static let gradeHistoryLength = 20

    init(
        creditCode: String, name: String?, model: CreditModel, records: [CreditRecord], grades: [CreditGradeNotice],
        today: CalendarDay
    ) {
        let assessment = model.assess(records.map(\.scored), asOf: today)
        self.creditCode = creditCode
        self.name = name
        asOf = today
        modelVersion = model.version
        score = assessment.score
        grade = assessment.grade
        scoreRange = assessment.range.map { ScoreRange(minimum: $0.lowerBound, maximum: $0.upperBound == .max ? nil : $0.upperBound) }
        seriouslyDishonest = assessment.seriouslyDishonest
        reasons = assessment.reasons.map { Reason(kind: $0.kind, points: $0.points, text: $0.text) }
        supervision = model.supervision[assessment.grade]?.text
        publishedGrade = grades.first { $0.status == .published }
        gradeHistory = grades
        self.records = zip(records, assessment.contributions).map {
            Record(record: $0, points: $1.points, notCounting: $1.notCounting?.rawValue)
        }
    }
}
