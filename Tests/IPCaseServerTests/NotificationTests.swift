import Foundation
import HTTPTypes
import PostgresNIO
import Testing
@testable import IPCaseServer
import HummingbirdTesting

/// A notification is written in the transaction that creates the need to act, to the users who must act.
@Suite("Notifications")
struct NotificationTests {
    typealias W = CaseWorld

    private func notifications(_ world: CaseWorld, as email: String, query: String = "") async throws -> [[String: Any]] {
        let response = try await world.client.call(.get, "/v1/notifications\(query)", token: world.token(email))
        guard response.status == .ok else { throw TestFailure("notifications: \(response.status) \(response.text)") }
        return try response.json()["items"] as? [[String: Any]] ?? []
    }

    private func english(_ item: [String: Any]) -> String { (item["text"] as? [String: Any])?["en"] as? String ?? "" }

    @Test("filing tells the body's mediators; acceptance tells the respondent when it must answer")
    func respondentMustAnswer() async throws {
        try await W.run { world in
            let id = try await world.file()
            let number = try await world.read(id)["number"] as? String ?? ""
            for email in [W.mediator, W.mediator2] {
                let items = try await notifications(world, as: email)
                #expect(items.map(english) == ["New complaint \(number): accept or reject it."], "\(email)")
            }
            #expect(try await notifications(world, as: W.otherBodyMediator).isEmpty)
            try await world.must(id, "accept", as: W.mediator)
            let respondent = try await notifications(world, as: W.respondent)
            #expect(respondent.map(english) == [
                "Case \(number): the respondent must answer by 2026-03-17 whether it consents to mediation."
            ])
            #expect((respondent.first?["text"] as? [String: Any])?["zh"] as? String == "案件 \(number)：请在 2026-03-17 前答复是否同意调解。")
            #expect(respondent.first?["subjectLabel"] as? String == number)
            #expect(try await notifications(world, as: W.complainant).isEmpty)
        }
    }

    @Test("a drafted agreement asks both parties for their signature")
    func agreementAwaitsSignature() async throws {
        try await W.run { world in
            let id = try await world.inMediation()
            try await world.must(id, "draftAgreement", as: W.mediator, fields: ["terms": "T.", "determinesOwnershipOrValidity": false])
            for email in [W.complainant, W.respondent] {
                let texts = try await notifications(world, as: email).map(english)
                #expect(texts.contains { $0.hasSuffix("the mediation agreement awaits your signature.") }, "\(email)")
            }
            // The assigned mediator was told of the assignment.
            #expect(try await notifications(world, as: W.mediator).map(english).contains { $0.hasPrefix("You are the mediator of case") })
        }
    }

    @Test("marking read: only one's own, unread filter, and 404 for someone else's")
    func markRead() async throws {
        try await W.run { world in
            let id = try await world.file()
            _ = id
            let items = try await notifications(world, as: W.mediator)
            let notificationId = try #require((items.first?["id"] as? String)?.lowercased())
            let foreign = try await world.client.call(.post, "/v1/notifications/\(notificationId)/read", token: world.token(W.mediator2))
            #expect(foreign.status == .notFound)
            let read = try await world.client.call(.post, "/v1/notifications/\(notificationId)/read", token: world.token(W.mediator))
            #expect(read.status == .ok)
            #expect(try read.json()["readAt"] != nil)
            #expect(try await notifications(world, as: W.mediator, query: "?unread=true").isEmpty)
            #expect(try await notifications(world, as: W.mediator).count == 1)
            #expect(try await notifications(world, as: W.mediator2, query: "?unread=true").count == 1)
        }
    }
}
