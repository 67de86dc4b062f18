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

    @Test("a 403 denial and a 409 impossible action read in zh-CN or in en, with the same type and members")
    func denialAndConflictInBothLanguages() async throws {
        try await CaseWorld.run { world in
            let id = try await world.file()
            let etag = "\"\(try await world.version(id))\""
            /// One transition as `email`, answered in `language`.
            func act(_ action: String, as email: String, in language: String) async throws -> TestResponse {
                try await world.client.call(
                    .post, "/v1/cases/\(id)/transitions", token: world.token(email), json: #"{"action": "\#(action)"}"#,
                    headers: [.ifMatch: etag, .acceptLanguage: language])
            }

            // Only the mediation body accepts a case; the complainant may read it, so this is 403, not 404.
            let deniedZh = try await act("accept", as: CaseWorld.complainant, in: "zh-CN")
            let deniedEn = try await act("accept", as: CaseWorld.complainant, in: "en")
            #expect(deniedZh.status == .forbidden && deniedEn.status == .forbidden)
            #expect(deniedZh.headers[.contentLanguage] == "zh-CN" && deniedEn.headers[.contentLanguage] == "en")
            let zh = try deniedZh.json(), en = try deniedEn.json()
            #expect(zh["type"] as? String == "urn:ipcase:problem:forbidden" && en["type"] as? String == zh["type"] as? String)
            #expect(zh["decision"] as? String == en["decision"] as? String)
            #expect(zh["title"] as? String == "无权操作" && en["title"] as? String == "Forbidden")
            let rules = (en["ruleIds"] as? [String] ?? []).joined(separator: ", ")
            // To someone who may read the case, a 403 names who may act instead, by role, with the rules' conditions.
            let mayAct = en["mayAct"] as? [[String: Any]] ?? []
            #expect(!mayAct.isEmpty && mayAct.allSatisfy { $0["rule"] is String && $0["description"] is String })
            let roles = mayAct.flatMap { $0["roles"] as? [String] ?? [] }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
            if en["decision"] as? String == "forbidden" {
                #expect(en["detail"] as? String == "A policy forbids you this: \(rules). Who may act: \(roles.joined(separator: ", ")) (see mayAct).")
            } else {
                #expect(en["detail"] as? String == "You may not do this; who may: \(roles.joined(separator: ", ")) (the conditions are in mayAct).")
                #expect(zh["detail"] as? String == "您不能执行此操作；可执行者：\(roles.joined(separator: ", "))（条件见 mayAct）。")
            }

            // Nothing is signed before an agreement is drafted: 409 naming what is possible, in either language.
            let impossibleZh = try await act("signAgreement", as: CaseWorld.complainant, in: "zh-CN")
            let impossibleEn = try await act("signAgreement", as: CaseWorld.complainant, in: "en-US")
            #expect(impossibleZh.status == .conflict && impossibleEn.status == .conflict)
            let conflictZh = try impossibleZh.json(), conflictEn = try impossibleEn.json()
            for body in [conflictZh, conflictEn] {
                #expect(body["type"] as? String == "urn:ipcase:problem:action-not-possible")
                #expect(body["state"] as? String == "filed")
                // Only what the caller may take: the complainant withdraws; accepting is the body's.
                #expect(body["allowedActions"] as? [String] == ["withdraw"])
            }
            #expect(conflictZh["title"] as? String == "当前状态下不能执行此操作")
            #expect(conflictEn["title"] as? String == "Action not possible in this state")
            #expect(conflictZh["detail"] as? String == "案件处于 filed 状态，不能执行 signAgreement。")
            #expect(conflictEn["detail"] as? String == "signAgreement cannot be taken while the case is filed.")
            #expect(try await world.version(id) == 1)
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

/// One 422 names every fault of any body, whatever type it decodes into.
@Suite("Every fault at once")
struct BodyFaultsTests {
    @Test("a user, an organisation and a login with several faults name every one")
    func missingMembers() async throws {
        try await TestApp.run(template: .world) { client, _ in
            let admin = try await client.token(Accounts.admin)
            let organization = try await client.call(.post, "/v1/organizations", token: admin, json: "{}")
            #expect(organization.status == .unprocessableContent)
            #expect(Self.fields(try organization.json()) == ["name", "kind"])

            let user = try await client.call(.post, "/v1/users", token: admin, json: "{}")
            #expect(user.status == .unprocessableContent)
            #expect(Self.fields(try user.json()) == ["email", "displayName", "organizationId", "roles", "password"])

            let login = try await client.call(.post, "/v1/auth/login", token: nil, json: #"{"password": 5}"#)
            #expect(login.status == .unprocessableContent)
            #expect(Self.fields(try login.json()) == ["email", "password"])
        }
    }

    @Test("a missing object's own members are named, and wrong types beside them")
    func nested() throws {
        struct Inner: Decodable { let a: String; let b: Int }
        struct Outer: Decodable { let inner: Inner; let flag: Bool; let list: [String] }
        let data = Data(#"{"flag": "yes", "list": [1]}"#.utf8)
        do {
            _ = try JSONCoding.decoder.decode(Outer.self, from: data)
            Issue.record("decoded")
        } catch let error as DecodingError {
            let problem = try #require(BodyFaults.all(decoding: Outer.self, from: data, first: error))
            #expect(problem.fieldErrors.map(\.field) == ["inner", "flag", "list[0]"])
        }
    }

    static func fields(_ body: [String: Any]) -> [String] {
        (body["errors"] as? [[String: String]])?.compactMap { $0["field"] } ?? []
    }
}
