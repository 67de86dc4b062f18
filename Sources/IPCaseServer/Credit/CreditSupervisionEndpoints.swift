import Foundation
import Hummingbird
import IPCaseDomain
import Logging
import PostgresNIO

/// `GET /v1/credit/supervision?grade=D`: the subjects whose published grade is that grade, with the
/// supervision the model says the grade brings (分级分类监管), for regulators planning inspections.
struct CreditSupervisionEndpoints: EndpointCollection {
    let dependencies: CreditModule

    var endpoints: [Endpoint] {
        [Endpoint(.get, "/v1/credit/supervision", access: .action("credit.supervision.read"), handler: supervision)]
    }

    struct Supervision: Encodable, Sendable {
        let inspections: String
        let funding: String
        let priorityExamination: Bool
        let awards: Bool
        let text: LocalizedText
    }

    struct Item: Encodable, Sendable {
        let creditCode: String
        let name: String?
        let grade: String
        let score: Int
        let seriouslyDishonest: Bool
        let publishedAt: Date
        let gradeId: UUID
    }

    struct Answer: Encodable, Sendable {
        let grade: String
        let supervision: Supervision
        /// The measures of art. 9, which a D grade brings.
        let measures: [LocalizedText]?
        let items: [Item]
        let nextCursor: String?
    }

    static let keyset = Keyset(list: "supervision", [("g.credit_code", .text)])

    @Sendable func supervision(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        try QueryParameters.refuseUnknown(query, allowed: ["grade", "limit", "cursor"])
        let page = try PageRequest(request, list: Self.keyset)
        let model = dependencies.policies.loaded.creditModel
        guard let grade = query["grade"].map(String.init), let rule = model.supervision[grade] else {
            throw QueryParameters.invalid("grade", FieldMessage.oneOf(model.grades))
        }
        try await dependencies.authorizer.require("credit.supervision.read", on: .platform, request: context)
        let rows = try await dependencies.database.query(
            Self.keyset.page(
                """
                SELECT g.credit_code, o.name, g.grade, g.score, g.seriously_dishonest, g.published_at, g.id
                FROM credit_grades g LEFT JOIN organizations o ON o.credit_code = g.credit_code
                WHERE g.status = 'published' AND g.grade = \(grade)
                """, after: page.after, limit: page.limit + 1),
            logger: context.logger)
        var items: [Item] = []
        for try await (code, name, grade, score, dishonest, publishedAt, id) in rows.decode(
            (String, String?, String, Int, Bool, Date, UUID).self)
        {
            items.append(Item(
                creditCode: code, name: name, grade: grade, score: score, seriouslyDishonest: dishonest, publishedAt: publishedAt,
                gradeId: id))
        }
        let shown = Page(rows: items, limit: page.limit) { Self.keyset.cursor(.text($0.creditCode)) }
        let answer = Answer(
            grade: grade,
            supervision: Supervision(
                inspections: rule.inspections, funding: rule.funding, priorityExamination: rule.priorityExamination,
                awards: rule.awards, text: rule.text),
            measures: grade == model.seriouslyDishonestGrade ? model.measures : nil, items: shown.items,
            nextCursor: shown.nextCursor)
        return try .json(answer, headers: [.cacheControl: "no-store"])
    }
}
