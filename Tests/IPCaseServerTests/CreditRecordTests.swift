import Foundation
import HTTPTypes
import HummingbirdTesting
import IPCaseDomain
import Testing
@testable import IPCaseServer

/// Regulators record findings; the subject is told at once how to object and repair, and its profile is
/// scored by the credit model. Through HTTP against PostgreSQL.
@Suite("Credit records")
struct CreditRecordTests {
    typealias W = CaseWorld

    static func findingJSON(
        code: String = W.respondentCode, kind: String = "6", tier: String? = "serious", date: String = "2026-02-20",
        months: Int? = 24
    ) -> String {
        var body: [String: Any] = [
            "creditCode": code, "kind": kind, "decisionNumber": "深市监知信〔2026〕12号", "legalBasis": "知识产权信用管理规定 第六条",
            "facts": "有履行能力但拒不履行已确认的调解协议。", "decisionDate": date,
        ]
        if let tier { body["tier"] = tier }
        if let months { body["publicationMonths"] = months }
        return String(decoding: try! JSONSerialization.data(withJSONObject: body), as: UTF8.self)
    }

    @Test("a regulator records a serious finding: the subject is told, reads it, and its grade is D")
    func recordAndProfile() async throws {
        try await W.run { world in
            let regulator = world.token(W.regulator)
            let created = try await world.client.call(.post, "/v1/credit/records", token: regulator, json: Self.findingJSON())
            #expect(created.status == .created)
            let record = try created.json()
            let id = try #require(record["id"] as? String)
            #expect(created.headers[.location] == "/v1/credit/records/\(id)")
            #expect(record["publishedUntil"] as? String == "2028-02-19")
            #expect(record["repairFrom"] as? String == "2027-02-20")
            #expect(record["objectionUntil"] as? String == "2026-03-17")  // 15 days from the day it is recorded

            // 两书同达: one notice says how to object and from when repair may be applied for.
            let notices = try await world.client.call(.get, "/v1/notifications", token: world.token(W.respondent)).json()
            let texts = (notices["items"] as? [[String: Any]] ?? []).compactMap { ($0["text"] as? [String: String])?["en"] }
            #expect(texts.contains { $0.contains("object until 2026-03-17") && $0.contains("from 2027-02-20") })

            #expect(try await world.client.call(.get, "/v1/credit/records/\(id)", token: world.token(W.respondent)).status == .ok)
            #expect(try await world.client.call(.get, "/v1/credit/records/\(id)", token: world.token(W.complainant)).status == .notFound)

            let profile = try await world.client.call(
                .get, "/v1/credit/subjects/\(W.respondentCode)", token: world.token(W.respondent)).json()
            #expect(profile["grade"] as? String == "D")
            #expect(profile["score"] as? Int == 80)
            #expect(profile["seriouslyDishonest"] as? Bool == true)
            #expect(profile["name"] as? String == "Enterprise B")
            let reasons = profile["reasons"] as? [[String: Any]] ?? []
            #expect(reasons.first?["points"] as? Int == -20)
            #expect((reasons.first?["text"] as? [String: String])?["zh"]?.contains("扣 20 分") == true)

            let asRegulator = try await world.client.call(.get, "/v1/credit/subjects/\(W.respondentCode)", token: regulator)
            #expect(asRegulator.status == .ok)
            for email in [W.complainant, W.admin, W.mediator] {
                let denied = try await world.client.call(.get, "/v1/credit/subjects/\(W.respondentCode)", token: world.token(email))
                #expect(denied.status == .notFound, "\(email)")
            }
            let report = try await ChainVerification.verify(nil, on: world.database, logger: TestPostgres.logger)
            #expect(report.isIntact)
        }
    }

    @Test("only regulators record findings")
    func onlyRegulators() async throws {
        try await W.run { world in
            for email in [W.complainant, W.mediator, W.admin] {
                let refused = try await world.client.call(.post, "/v1/credit/records", token: world.token(email), json: Self.findingJSON())
                #expect(refused.status == .forbidden, "\(email)")
            }
        }
    }

    @Test("an invalid credit code, a tier that does not fit the kind, a future decision and a publication out of range: one 422, in zh and en")
    func invalidFindings() async throws {
        try await W.run { world in
            let json = Self.findingJSON(code: "914403001922038217", kind: "6", tier: "minor", date: "2026-03-03", months: 99)
            var answers: [[String: Any]] = []
            for language in ["zh-CN", "en"] {
                let response = try await world.client.call(
                    .post, "/v1/credit/records", token: world.token(W.regulator), json: json, headers: [.acceptLanguage: language])
                #expect(response.status == .unprocessableContent)
                answers.append(try response.json())
            }
            for answer in answers {
                let fields = (answer["errors"] as? [[String: String]])?.compactMap { $0["field"] }
                #expect(fields == ["creditCode", "tier", "decisionDate", "publicationMonths"])
            }
            #expect((answers[1]["errors"] as? [[String: String]])?[2]["message"] == "must not be later than today")
            #expect((answers[0]["errors"] as? [[String: String]])?[2]["message"] == "决定日期不能晚于今天")

            let unknownKind = try await world.client.call(
                .post, "/v1/credit/records", token: world.token(W.regulator), json: Self.findingJSON(kind: "9"))
            #expect((try unknownKind.json()["errors"] as? [[String: String]])?.map { $0["field"] } == ["kind"])
            let range = try await world.client.call(
                .post, "/v1/credit/records", token: world.token(W.regulator), json: Self.findingJSON(kind: "2", tier: nil, months: 13))
            #expect((try range.json()["errors"] as? [[String: String]])?.map { $0["field"] } == ["publicationMonths"])
            let nul = try await world.client.call(
                .post, "/v1/credit/records", token: world.token(W.regulator), json: Self.findingJSON(code: "n\u{0}"))
            #expect(nul.status == .unprocessableContent)
            #expect((try nul.json()["errors"] as? [[String: String]])?.map { $0["field"] } == ["creditCode"])
            let missing = try await world.client.call(.post, "/v1/credit/records", token: world.token(W.regulator), json: "{}")
            #expect((try missing.json()["errors"] as? [[String: String]])?.count == 6)
        }
    }

    @Test("a finding against an enterprise without an account is recorded, and regulators see its profile")
    func subjectWithoutAccount() async throws {
        try await W.run { world in
            let code = "91330100716105852F"
            let created = try await world.client.call(
                .post, "/v1/credit/records", token: world.token(W.regulator), json: Self.findingJSON(code: code, kind: "2", tier: nil, months: nil))
            #expect(created.status == .created)
            #expect(try created.json()["publishedUntil"] as? String == "2026-05-19")
            let profile = try await world.client.call(.get, "/v1/credit/subjects/\(code)", token: world.token(W.regulator)).json()
            #expect(profile["grade"] as? String == "B" && profile["score"] as? Int == 85)
            #expect(profile["name"] == nil)
            #expect(try await world.client.call(.get, "/v1/credit/subjects/not-a-code", token: world.token(W.regulator)).status == .notFound)
        }
    }
}

@Suite("Credit measures")
struct CreditMeasuresTests {
    typealias W = CaseWorld

    @Test("each finding within the measures extends them, never past 36 months from the first decision")
    func measuresCapped() async throws {
        try await W.run { world in
            var ids: [String] = []
            for (date, number) in [("2023-04-01", 1), ("2024-03-20", 2), ("2025-03-10", 3), ("2026-02-28", 4)] {
                let body = CreditRecordTests.findingJSON(kind: "7", tier: "general", date: date, months: 3)
                    .replacingOccurrences(of: "〔2026〕12号", with: "〔M〕\(number)号")
                let created = try await world.client.call(.post, "/v1/credit/records", token: world.token(W.regulator), json: body)
                ids.append(try #require(try created.json()["id"] as? String))
            }
            let first = try await world.client.call(.get, "/v1/credit/records/\(ids[0])", token: world.token(W.regulator)).json()
            // Extended by each later finding to 2027-02-27, but capped at 36 months from 2023-04-01.
            #expect(first["measuresUntil"] as? String == "2026-03-31")
            let last = try await world.client.call(.get, "/v1/credit/records/\(ids[3])", token: world.token(W.regulator)).json()
            #expect(last["measuresUntil"] as? String == "2027-02-27")
            let profile = try await world.client.call(.get, "/v1/credit/subjects/\(W.respondentCode)", token: world.token(W.regulator)).json()
            // On 2026-03-02 all four count: 100 − 4 × 10.
            #expect(profile["score"] as? Int == 60)
        }
    }
}
