import Foundation
import HTTPTypes
import HummingbirdTesting
import IPCaseDomain
import Testing
@testable import IPCaseServer
import NIOCore

/// Errors people can act on: the same problem in Chinese and in English, every fault named at once.
@Suite("Problems in Chinese and English")
struct ProblemLanguageTests {
    @Test("a filing missing four fields gets one 422 naming all four, in zh-CN and in en")
    func fourFieldsInBothLanguages() async throws {
        try await CaseWorld.run { world in
            var answers: [String: [String: Any]] = [:]
            for language in ["zh-CN", "en-GB;q=0.9, fr;q=0.5"] {
                let response = try await world.client.call(
                    .post, "/v1/cases", token: world.token(CaseWorld.complainant), json: #"{"amountClaimed": "10"}"#,
                    headers: [.acceptLanguage: language])
                #expect(response.status == .unprocessableContent)
                answers[language] = try response.json()
            }
            let zh = try #require(answers["zh-CN"]), en = try #require(answers["en-GB;q=0.9, fr;q=0.5"])
            for body in [zh, en] {
                #expect(body["type"] as? String == "urn:ipcase:problem:validation")
                let fields = (body["errors"] as? [[String: String]])?.compactMap { $0["field"] }
                #expect(fields == ["respondent", "mediationBodyId", "ipRight", "claims"])
            }
            #expect(zh["title"] as? String == "请求内容无效")
            #expect(en["title"] as? String == "Invalid request")
            #expect((zh["errors"] as? [[String: String]])?.first?["message"] == "必填")
            #expect((en["errors"] as? [[String: String]])?.first?["message"] == "is required")
            #expect((zh["detail"] as? String)?.contains("claims：必填") == true)
            #expect((en["detail"] as? String)?.contains("claims: is required") == true)
        }
    }

    @Test("the language follows Accept-Language, and is zh-CN when nothing matches")
    func negotiation() {
        #expect(Language(acceptLanguage: nil) == .zhCN)
        #expect(Language(acceptLanguage: "fr, de;q=0.8") == .zhCN)
        #expect(Language(acceptLanguage: "en") == .en)
        #expect(Language(acceptLanguage: "zh-TW;q=0.3, en-US;q=0.8") == .en)
        #expect(Language(acceptLanguage: "en;q=0.2, zh-Hans") == .zhCN)
        #expect(Language(acceptLanguage: "en;q=0") == .zhCN)
    }

    @Test("every problem kind has a title in both languages and its own type")
    func catalogue() {
        #expect(Set(ProblemKind.allCases.map(\.type)).count == ProblemKind.allCases.count)
        for kind in ProblemKind.allCases {
            #expect(!kind.title.zh.isEmpty && !kind.title.en.isEmpty && kind.title.zh != kind.title.en, "\(kind)")
        }
    }

    @Test("a conditional GET of an unchanged document is answered 304 without a body")
    func conditionalGet() async throws {
        try await TestApp.run { client, _ in
            let first = try await client.execute(uri: "/openapi.yaml", method: .get)
            let tag = try #require(first.headers[.eTag])
            #expect(first.status == .ok)
            let again = try await client.execute(uri: "/openapi.yaml", method: .get, headers: [.ifNoneMatch: tag])
            #expect(again.status == .notModified)
            #expect(again.body.readableBytes == 0)
            #expect(again.headers[.eTag] == tag)
            let other = try await client.execute(uri: "/openapi.yaml", method: .get, headers: [.ifNoneMatch: "\"other\""])
            #expect(other.status == .ok)
        }
    }
}
