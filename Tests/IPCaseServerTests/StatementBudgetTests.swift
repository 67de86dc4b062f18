import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import IPCaseServer

/// Round trips to PostgreSQL are most of what a request costs (issue 13's profile: about 60 % of the server's
/// CPU scales with them). These budgets hold each hot request to its count, as PostgreSQL itself counted the
/// statements (authentication, reads, `BEGIN` and `COMMIT` included), so that a change cannot quietly add
/// round trips back.
@Suite("Statements per request")
struct StatementBudgetTests {
    typealias W = CaseWorld

    @Test("a filing sends at most 6 statements, a transition at most 3 (the issue asked 5), a case read and a list at most 2")
    func budgets() async throws {
        try await W.run { world in
            let count = StatementCount(database: world.database)
            guard try await count.available() else { return }
            let token = world.token(W.complainant)
            let filingJSON = W.filingJSON(mediationBodyId: world.mediationBodyId, ipType: "patent")

            var id = ""
            let filing = try await count.counting {
                let response = try await world.client.call(.post, "/v1/cases", token: token, json: filingJSON)
                #expect(response.status == .created)
                id = try #require(try response.json()["id"] as? String)
            }
            #expect(filing.total <= 6, "filing: \(filing.total) statements\n\(filing.statements)")

            let mediator = world.token(W.mediator)
            let transition = try await count.counting {
                let response = try await world.client.call(
                    .post, "/v1/cases/\(id)/transitions", token: mediator, json: #"{"action": "accept"}"#, headers: [.ifMatch: "\"1\""])
                #expect(response.status == .ok)
            }
            #expect(transition.total <= 3, "accept: \(transition.total) statements\n\(transition.statements)")

            let read = try await count.counting {
                let response = try await world.client.call(.get, "/v1/cases/\(id)", token: mediator)
                #expect(response.status == .ok)
            }
            #expect(read.total <= 2, "case read: \(read.total) statements\n\(read.statements)")

            // A list: the session, then the page (an enterprise's credit code comes with its session).
            let list = try await count.counting {
                let response = try await world.client.call(.get, "/v1/cases", token: token)
                #expect(response.status == .ok)
            }
            #expect(list.total <= 2, "enterprise's list: \(list.total) statements\n\(list.statements)")
        }
    }
}
