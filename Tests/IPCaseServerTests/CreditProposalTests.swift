import Foundation
import HTTPTypes
import HummingbirdTesting
import IPCaseDomain
import Testing
@testable import IPCaseServer

/// What cases propose, regulators decide: a refusal to perform becomes a proposal, then a record, then a
/// lower grade. Through HTTP against PostgreSQL.
@Suite("Credit proposals")
struct CreditProposalTests {
    typealias W = CaseWorld

    static let decision = #"{"decisionNumber": "深市监知信〔2026〕30号", "legalBasis": "知识产权信用管理规定 第六条第（六）项", "facts": "确认后拒不履行调解协议。", "decisionDate": "2026-03-02", "tier": "general", "publicationMonths": 6}"#

    /// A case whose confirmed agreement the respondent refused to perform: one kind-6 proposal.
    static func refusedToPerform(_ world: CaseWorld) async throws -> String {
        let id = try await world.confirmationRequested()
        try await world.must(id, "acceptConfirmationApplication", as: W.judge)
        try await world.must(id, "confirmAgreement", as: W.judge)
        try await world.decidedNotPerformed(id)
        return id
    }

    @Test("a case's non-performance becomes a proposal, then a record, then a lower grade")
    func caseToGrade() async throws {
        try await W.run { world in
            let before = try await world.client.call(.get, "/v1/credit/subjects/\(W.respondentCode)", token: world.token(W.regulator)).json()
            #expect(before["grade"] as? String == "A")
            let caseId = try await Self.refusedToPerform(world)
            let regulator = world.token(W.regulator)  // the sessions renewed as the clock moved

            let listed = try await world.client.call(.get, "/v1/credit/proposals?status=proposed", token: regulator).json()
            let items = listed["items"] as? [[String: Any]] ?? []
            #expect(items.count == 1)
            let proposal = try #require(items.first)
            #expect(proposal["kind"] as? String == "6")
            #expect(proposal["sourceType"] as? String == "case")
            #expect(proposal["sourceId"] as? String == caseId)
            let proposalId = try #require(proposal["id"] as? String)

            let confirmed = try await world.client.call(
                .post, "/v1/credit/proposals/\(proposalId)/confirm", token: regulator, json: Self.decision)
            #expect(confirmed.status == .created)
            let record = try confirmed.json()
            #expect(record["kind"] as? String == "6")
            #expect(record["creditCode"] as? String == W.respondentCode)
            #expect(record["proposalId"] as? String == proposalId)

            let after = try await world.client.call(.get, "/v1/credit/subjects/\(W.respondentCode)", token: regulator).json()
            #expect(after["score"] as? Int == 80)
            #expect(after["grade"] as? String == "B")

            // Decided once: a second confirmation or a dismissal is a conflict, and nothing is recorded twice.
            let again = try await world.client.call(
                .post, "/v1/credit/proposals/\(proposalId)/confirm", token: regulator, json: Self.decision)
            #expect(again.status == .conflict)
            #expect(try again.json()["proposalStatus"] as? String == "confirmed")
            let pending = try await world.client.call(.get, "/v1/credit/proposals?status=proposed", token: regulator).json()
            #expect((pending["items"] as? [Any])?.isEmpty == true)
        }
    }

    @Test("dismissing needs a reason; the proposal keeps who dismissed it and why; only regulators decide")
    func dismiss() async throws {
        try await W.run { world in
            _ = try await Self.refusedToPerform(world)
            let regulator = world.token(W.regulator)
            let listed = try await world.client.call(.get, "/v1/credit/proposals", token: regulator).json()
            let proposalId = try #require((listed["items"] as? [[String: Any]])?.first?["id"] as? String)

            for email in [W.complainant, W.mediator, W.judge] {
                let list = try await world.client.call(.get, "/v1/credit/proposals", token: world.token(email))
                #expect(list.status == .forbidden, "\(email)")
                let refused = try await world.client.call(
                    .post, "/v1/credit/proposals/\(proposalId)/dismiss", token: world.token(email), json: #"{"reason": "no"}"#)
                #expect(refused.status == .notFound, "\(email)")
            }
            let empty = try await world.client.call(
                .post, "/v1/credit/proposals/\(proposalId)/dismiss", token: regulator, json: #"{"reason": "  "}"#)
            #expect(empty.status == .unprocessableContent)
            #expect((try empty.json()["errors"] as? [[String: Any]])?.first?["field"] as? String == "reason")

            let dismissed = try await world.client.call(
                .post, "/v1/credit/proposals/\(proposalId)/dismiss", token: regulator,
                json: #"{"reason": "The respondent paid within the time the agreement gave."}"#)
            #expect(dismissed.status == .ok)
            let body = try dismissed.json()
            #expect(body["status"] as? String == "dismissed")
            #expect(body["decidedByUserId"] as? String == world.userIds[W.regulator])
            #expect(body["decisionReason"] as? String == "The respondent paid within the time the agreement gave.")

            let bad = try await world.client.call(.get, "/v1/credit/proposals?status=maybe", token: regulator)
            #expect(bad.status == .badRequest)
            let records = try await world.client.call(.get, "/v1/credit/subjects/\(W.respondentCode)", token: regulator).json()
            #expect((records["records"] as? [Any])?.isEmpty == true)
        }
    }

    @Test("a confirmation is checked like any finding: a kind-6 record may not be minor, nor decided in the future")
    func confirmationChecked() async throws {
        try await W.run { world in
            _ = try await Self.refusedToPerform(world)
            let regulator = world.token(W.regulator)
            let listed = try await world.client.call(.get, "/v1/credit/proposals", token: regulator).json()
            let proposalId = try #require((listed["items"] as? [[String: Any]])?.first?["id"] as? String)
            let bad = Self.decision.replacingOccurrences(of: "\"general\"", with: "\"minor\"")
                .replacingOccurrences(of: "2026-03-02", with: "2026-04-01")
            let refused = try await world.client.call(.post, "/v1/credit/proposals/\(proposalId)/confirm", token: regulator, json: bad)
            #expect(refused.status == .unprocessableContent)
            let fields = Set((try refused.json()["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String })
            #expect(fields == ["tier", "publicationMonths", "decisionDate"])
        }
    }
}
