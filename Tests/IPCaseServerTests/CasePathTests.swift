import Foundation
import PostgresNIO
import Testing
@testable import IPCaseServer
import HTTPTypes
import HummingbirdTesting

/// Every path of docs/domain.md#dispute-cases, end to end through HTTP: each test walks one case from filing to its end
/// and checks the states, the outcome and the event log on the way.
@Suite("Case paths end to end")
struct CasePathTests {
    typealias W = CaseWorld

    @Test("settle then perform: both sign, the agreement takes effect, performance closes the case")
    func settleThenPerform() async throws {
        try await W.run { world in
            let id = try await world.settled()
            let settled = try await world.read(id)
            let agreement = try #require(settled["agreement"] as? [String: Any])
            #expect(agreement["effectiveOn"] as? String == "2026-03-02")
            // One party alone cannot close the case: the other confirms.
            #expect(try await world.must(id, "reportPerformance", as: W.respondent) == "settled")
            let own = try await world.act(id, "confirmPerformance", as: W.respondent)
            #expect(try own.json()["guard"] as? String == "performanceReportedByOtherParty")
            #expect(try await world.must(id, "confirmPerformance", as: W.complainant) == "closed")
            let closed = try await world.read(id)
            #expect(closed["outcome"] as? String == "performed")
            let actions = try await world.events(id).map { $0["action"] as? String ?? "" }
            #expect(actions == [
                "file", "accept", "respondentConsents", "assignMediator", "draftAgreement", "signAgreement", "signAgreement",
                "settle", "reportPerformance", "confirmPerformance", "closeAsPerformed",
            ])
            // The automatic step is the system's.
            let settle = try #require(try await world.events(id).first { $0["action"] as? String == "settle" })
            #expect((settle["actor"] as? [String: Any])?["type"] as? String == "system")
        }
    }

    @Test("settle then confirm: a joint application, the court accepts and confirms, the parties perform")
    func settleThenConfirm() async throws {
        try await W.run { world in
            let id = try await world.confirmationRequested()
            let requested = try await world.read(id, as: W.judge)
            #expect((requested["neutrals"] as? [String: Any])?["courtId"] as? String == world.courtId)
            #expect(try await world.must(id, "acceptConfirmationApplication", as: W.judge) == "confirmation_review")
            // Only the judge who accepted rules.
            let other = try await world.act(id, "confirmAgreement", as: W.judge2)
            #expect(other.status == .forbidden)
            #expect(try await world.must(id, "confirmAgreement", as: W.judge) == "confirmed")
            try await world.must(id, "reportPerformance", as: W.respondent)
            #expect(try await world.must(id, "confirmPerformance", as: W.complainant) == "closed")
            #expect(try await world.read(id)["outcome"] as? String == "performed")
        }
    }

    @Test("confirmation denied then re-mediate: both consent, mediation resumes and settles again")
    func deniedThenRemediate() async throws {
        try await W.run { world in
            let id = try await world.confirmationRequested()
            try await world.must(id, "acceptConfirmationApplication", as: W.judge)
            #expect(
                try await world.must(id, "denyConfirmation", as: W.judge, fields: ["reason": "The terms are not lawful."])
                    == "confirmation_denied")
            try await world.must(id, "requestRemediation", as: W.respondent)
            // A party cannot consent to its own proposal.
            let own = try await world.act(id, "consentToRemediation", as: W.respondent)
            #expect(own.status == .unprocessableContent)
            #expect(try own.json()["guard"] as? String == "remediationProposedByOtherParty")
            #expect(try await world.must(id, "consentToRemediation", as: W.complainant) == "in_mediation")
            let resumed = try await world.read(id)
            #expect(resumed["agreement"] == nil)
            try await world.must(
                id, "draftAgreement", as: W.mediator, fields: ["terms": "New lawful terms.", "determinesOwnershipOrValidity": false])
            try await world.must(id, "signAgreement", as: W.respondent)
            #expect(try await world.must(id, "signAgreement", as: W.complainant) == "settled")
        }
    }

    @Test("failed mediation then arbitration: both agree, an arbitrator is appointed and issues the award")
    func failedThenArbitration() async throws {
        try await W.run { world in
            let id = try await world.mediationFailed()
            try await world.must(id, "proposeArbitration", as: W.complainant, fields: ["arbitrationCommissionId": world.commissionId])
            // The commission sees nothing until both agree.
            let early = try await world.client.call(.get, "/v1/cases/\(id)", token: world.token(W.arbitrator))
            #expect(early.status == .notFound)
            #expect(try await world.must(id, "consentToArbitration", as: W.respondent) == "in_arbitration")
            let arbitration = try await world.read(id, as: W.arbitrator)
            let deadline = try #require((arbitration["deadlines"] as? [[String: Any]])?.first)
            #expect(deadline["name"] as? String == "arbitrationAward")
            #expect(deadline["dueOn"] as? String == "2026-06-30")  // 120 days: expedited arbitration
            try await world.must(id, "assignArbitrator", as: W.arbitrator, fields: ["arbitratorUserId": world.userIds[W.arbitrator2]!])
            // Only the appointed arbitrator issues the award.
            #expect(try await world.act(id, "issueAward", as: W.arbitrator, fields: ["award": "B pays."]).status == .forbidden)
            #expect(try await world.must(id, "issueAward", as: W.arbitrator2, fields: ["award": "B pays 80000 CNY."]) == "award_issued")
            #expect(try await world.read(id)["award"] as? String == "B pays 80000 CNY.")
            try await world.must(id, "reportPerformance", as: W.respondent)
            #expect(try await world.must(id, "confirmPerformance", as: W.complainant) == "closed")
        }
    }

    @Test("failed mediation then litigation")
    func failedThenLitigation() async throws {
        try await W.run { world in
            let id = try await world.mediationFailed()
            #expect(try await world.must(id, "referToLitigation", as: W.complainant) == "closed")
            #expect(try await world.read(id)["outcome"] as? String == "litigation")
        }
    }

    @Test("the respondent declines: the case closes as respondent_declined")
    func respondentDeclines() async throws {
        try await W.run { world in
            let id = try await world.file()
            try await world.must(id, "accept", as: W.mediator)
            // Only the respondent answers.
            #expect(try await world.act(id, "respondentDeclines", as: W.complainant).status == .forbidden)
            #expect(try await world.must(id, "respondentDeclines", as: W.respondent, fields: ["reason": "We do not infringe."]) == "closed")
            #expect(try await world.read(id)["outcome"] as? String == "respondent_declined")
        }
    }

    @Test("the respondent stays silent for 15 days: the system closes the case as respondent_declined")
    func respondentSilent() async throws {
        try await W.run { world in
            let id = try await world.file()
            try await world.must(id, "accept", as: W.mediator)
            let accepted = try await world.read(id, as: W.respondent)
            let deadline = try #require((accepted["deadlines"] as? [[String: Any]])?.first)
            #expect(deadline["name"] as? String == "respondentReply")
            #expect(deadline["dueOn"] as? String == "2026-03-17")
            try await world.advance(days: 15)  // 2026-03-17 10:00 in Shanghai: still the last day
            #expect(try await world.runTimers() == 0)
            #expect(try await world.state(id) == "awaiting_respondent")
            try await world.advance(days: 1)
            #expect(try await world.runTimers() == 1)
            #expect(try await world.state(id) == "closed")
            let last = try #require(try await world.events(id).last)
            #expect(last["action"] as? String == "respondentSilent")
            #expect((last["actor"] as? [String: Any])?["type"] as? String == "system")
            #expect(try await world.read(id)["outcome"] as? String == "respondent_declined")
        }
    }

    @Test("withdrawal: the complainant withdraws before settlement, but not after")
    func withdrawal() async throws {
        try await W.run { world in
            let id = try await world.inMediation()
            #expect(try await world.act(id, "withdraw", as: W.respondent).status == .forbidden)
            #expect(try await world.must(id, "withdraw", as: W.complainant, fields: ["reason": "Settled privately."]) == "closed")
            #expect(try await world.read(id)["outcome"] as? String == "withdrawn")

            let settled = try await world.settled()
            let late = try await world.act(settled, "withdraw", as: W.complainant)
            #expect(late.status == .conflict)
            let problem = try late.json()
            #expect(problem["state"] as? String == "settled")
            #expect((problem["allowedActions"] as? [String])?.contains("applyForConfirmation") == true)
        }
    }

    @Test("non-performance after confirmation proposes a kind-6 credit record against the other party, in the same transaction")
    func nonPerformanceProposesCreditRecord() async throws {
        try await W.run { world in
            let id = try await world.confirmationRequested()
            try await world.must(id, "acceptConfirmationApplication", as: W.judge)
            try await world.must(id, "confirmAgreement", as: W.judge)
            #expect(try await world.decidedNotPerformed(id) == "closed")
            let rows = try await world.database.query(
                "SELECT kind, credit_code, source_id, status FROM credit_proposals", logger: TestPostgres.logger)
            var proposals: [(String, String, UUID, String)] = []
            for try await row in rows.decode((String, String, UUID, String).self) { proposals.append(row) }
            #expect(proposals.count == 1)
            #expect(proposals.first?.0 == "6")
            #expect(proposals.first?.1 == W.respondentCode)
            #expect(proposals.first?.2.uuidString.lowercased() == id)
            #expect(proposals.first?.3 == "proposed")
        }
    }
}
