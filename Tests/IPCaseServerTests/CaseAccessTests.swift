import Foundation
import HTTPTypes
import PostgresNIO
import Testing
@testable import IPCaseServer
import HummingbirdTesting

/// Who sees what, through HTTP: the rules of Policies/access/cases.yaml as the API applies them.
@Suite("Case access")
struct CaseAccessTests {
    typealias W = CaseWorld

    private func status(_ world: CaseWorld, _ path: String, as email: String) async throws -> Int {
        Int(try await world.client.call(.get, path, token: world.token(email)).status.code)
    }

    private func listedIds(_ world: CaseWorld, _ query: String = "", as email: String) async throws -> [String] {
        let response = try await world.client.call(.get, "/v1/cases\(query)", token: world.token(email))
        guard response.status == .ok else { return ["status \(response.status.code)"] }
        return (try response.json()["items"] as? [[String: Any]] ?? []).compactMap { ($0["id"] as? String)?.lowercased() }
    }

    @Test("parties, the body's mediators and admins read a filed case; others get 404")
    func readers() async throws {
        try await W.run { world in
            let id = try await world.file()
            for email in [W.complainant, W.respondent, W.mediator, W.mediator2, W.admin] {
                #expect(try await status(world, "/v1/cases/\(id)", as: email) == 200, "\(email)")
            }
            for email in [W.outsider, W.otherBodyMediator, W.arbitrator, W.judge, W.regulator] {
                #expect(try await status(world, "/v1/cases/\(id)", as: email) == 404, "\(email)")
                #expect(try await status(world, "/v1/cases/\(id)/events", as: email) == 404, "\(email)")
            }
        }
    }

    @Test("judges see a case once confirmation is applied for at their court; arbitrators once it is referred to them")
    func neutralsJoinLater() async throws {
        try await W.run { world in
            let confirmation = try await world.confirmationRequested()
            #expect(try await status(world, "/v1/cases/\(confirmation)", as: W.judge) == 200)
            #expect(try await status(world, "/v1/cases/\(confirmation)", as: W.arbitrator) == 404)
            let arbitration = try await world.mediationFailed()
            #expect(try await status(world, "/v1/cases/\(arbitration)", as: W.arbitrator) == 404)
            try await world.must(arbitration, "proposeArbitration", as: W.respondent, fields: ["arbitrationCommissionId": world.commissionId])
            try await world.must(arbitration, "consentToArbitration", as: W.complainant)
            #expect(try await status(world, "/v1/cases/\(arbitration)", as: W.arbitrator) == 200)
            #expect(try await status(world, "/v1/cases/\(arbitration)", as: W.judge) == 404)
        }
    }

    @Test("lists show each principal exactly the cases it may read")
    func lists() async throws {
        try await W.run { world in
            let first = try await world.file()
            let second = try await world.file(ipType: "trade_secret")
            let carols = try await world.file(as: W.outsider)  // Carol complains against B
            #expect(try await listedIds(world, as: W.complainant) == [second, first])
            #expect(try await listedIds(world, as: W.respondent) == [carols, second, first])
            #expect(try await listedIds(world, as: W.outsider) == [carols])
            #expect(try await listedIds(world, as: W.mediator) == [carols, second, first])
            #expect(try await listedIds(world, as: W.otherBodyMediator) == [])
            #expect(try await listedIds(world, as: W.judge) == [])
            #expect(try await listedIds(world, as: W.admin) == [carols, second, first])
            #expect(try await listedIds(world, as: W.regulator) == ["status 403"])
        }
    }

    @Test("list filters: state, relation, ipType, number")
    func filters() async throws {
        try await W.run { world in
            let filed = try await world.file()
            let secret = try await world.file(ipType: "trade_secret")
            try await world.must(secret, "accept", as: W.mediator)
            let carols = try await world.file(as: W.outsider)
            #expect(try await listedIds(world, "?state=awaiting_respondent", as: W.mediator) == [secret])
            #expect(try await listedIds(world, "?ipType=trade_secret", as: W.respondent) == [secret])
            #expect(try await listedIds(world, "?relation=complainant", as: W.complainant) == [secret, filed])
            #expect(try await listedIds(world, "?relation=respondent", as: W.complainant) == [])
            #expect(try await listedIds(world, "?relation=respondent", as: W.respondent) == [carols, secret, filed])
            #expect(try await listedIds(world, "?relation=complainant", as: W.respondent) == [])
            let number = try await world.read(filed)["number"] as? String ?? ""
            #expect(try await listedIds(world, "?number=\(number)", as: W.mediator) == [filed])
            #expect(try await listedIds(world, "?number=\(number.lowercased())", as: W.mediator) == [filed])
            #expect(try await listedIds(world, "?relation=neutral", as: W.mediator) == [])
            let assigned = try await world.inMediation()
            #expect(try await listedIds(world, "?relation=neutral", as: W.mediator) == [assigned])
            #expect(try await listedIds(world, "?relation=neutral", as: W.mediator2) == [])
            for bad in ["?relation=friend", "?ipType=design", "?overdue=maybe", "?limit=0"] {
                #expect(try await status(world, "/v1/cases\(bad)", as: W.mediator) == 400, "\(bad)")
            }
        }
    }

    @Test("lists page newest first without skipping or repeating")
    func paging() async throws {
        try await W.run { world in
            var filed: [String] = []
            for _ in 0..<7 { filed.append(try await world.file()) }
            var seen: [String] = []
            var cursor = ""
            repeat {
                let response = try await world.client.call(.get, "/v1/cases?limit=3&cursor=\(cursor)", token: world.token(W.mediator))
                let body = try response.json()
                seen += (body["items"] as? [[String: Any]] ?? []).compactMap { ($0["id"] as? String)?.lowercased() }
                cursor = body["nextCursor"] as? String ?? ""
            } while !cursor.isEmpty
            #expect(seen == filed.reversed())
        }
    }

    @Test("availableActions are what this principal may do now, by workflow and policy together")
    func availableActions() async throws {
        try await W.run { world in
            let id = try await world.file()
            func names(_ email: String) async throws -> [String] {
                (try await world.read(id, as: email)["availableActions"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            }
            #expect(try await names(W.mediator) == ["accept", "reject"])
            #expect(try await names(W.complainant) == ["withdraw"])
            #expect(try await names(W.respondent) == [])
            #expect(try await names(W.admin) == [])
            try await world.must(id, "accept", as: W.mediator)
            #expect(try await names(W.respondent) == ["respondentConsents", "respondentDeclines"])
            #expect(try await names(W.mediator) == ["assignMediator"])
        }
    }

    @Test("transition errors: 428 without If-Match, 412 stale, 409 impossible, 422 unknown action or bad field, 403 not permitted")
    func transitionErrors() async throws {
        try await W.run { world in
            let id = try await world.file()
            let missing = try await world.client.call(
                .post, "/v1/cases/\(id)/transitions", token: world.token(W.mediator), json: #"{"action": "accept"}"#)
            #expect(missing.status == .preconditionRequired)
            #expect(try await world.act(id, "accept", as: W.mediator, ifMatch: "\"7\"").status == .preconditionFailed)
            let impossible = try await world.act(id, "signAgreement", as: W.complainant)
            #expect(impossible.status == .conflict)
            #expect(try impossible.json()["state"] as? String == "filed")
            // A 409 offers only what the caller may take.
            #expect(try impossible.json()["allowedActions"] as? [String] == ["withdraw"])
            let forMediator = try await world.act(id, "signAgreement", as: W.mediator)
            #expect(try forMediator.json()["allowedActions"] as? [String] == ["accept", "reject"])
            let unknown = try await world.act(id, "teleport", as: W.mediator)
            #expect(unknown.status == .unprocessableContent)
            let automatic = try await world.act(id, "settle", as: W.mediator)
            #expect(automatic.status == .unprocessableContent)
            let noReason = try await world.act(id, "reject", as: W.mediator)
            #expect(noReason.status == .unprocessableContent)
            #expect((try noReason.json()["errors"] as? [[String: Any]])?.first?["field"] as? String == "reason")
            let extra = try await world.act(id, "accept", as: W.mediator, fields: ["color": "blue"])
            #expect((try extra.json()["errors"] as? [[String: Any]])?.first?["field"] as? String == "color")
            let denied = try await world.act(id, "accept", as: W.complainant)
            #expect(denied.status == .forbidden)
            #expect(try await world.act(id, "accept", as: W.outsider).status == .notFound)
            #expect(try await world.version(id) == 1)
        }
    }

    @Test("assigning a mediator checks who it is: a mediator of the case's body, with no conflict")
    func mediatorAssignment() async throws {
        try await W.run { world in
            let id = try await world.file()
            try await world.must(id, "accept", as: W.mediator)
            for candidate in [W.otherBodyMediator, W.complainant, W.judge] {
                let response = try await world.act(id, "assignMediator", as: W.mediator, fields: ["mediatorUserId": world.userIds[candidate]!])
                #expect(response.status == .unprocessableContent, "\(candidate)")
            }
            let party = try await world.act(id, "assignMediator", as: W.mediator, fields: ["mediatorUserId": world.userIds[W.respondent]!])
            #expect(try party.json()["guard"] as? String == "noConflictOfInterest")
            try await world.must(id, "assignMediator", as: W.mediator, fields: ["mediatorUserId": world.userIds[W.mediator2]!])
            #expect((try await world.read(id)["neutrals"] as? [String: Any])?["mediatorUserId"] as? String == world.userIds[W.mediator2]!)
        }
    }
}
