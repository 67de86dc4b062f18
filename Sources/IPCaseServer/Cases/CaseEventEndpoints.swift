import Foundation
import Hummingbird
import IPCaseDomain

/// `GET /v1/cases/{id}/events`: the case's hash-chained log, oldest first, as stored, so that anyone
/// who may read it can recompute every hash (see `ChainedEvent.canonicalContent` for what is hashed).
struct CaseEventEndpoints: EndpointCollection {
    let dependencies: CasesModule

    struct EventBody: Encodable, Sendable {
        struct Actor: Encodable, Sendable {
            let type: String
            let userId: UUID?
            let organizationId: UUID?
        }

        let seq: Int
        let at: Date
        /// `at` exactly as hashed: whole microseconds since 1970 (`at` itself is shown to the millisecond).
        let atMicroseconds: Int64
        let actor: Actor
        let action: String
        let from: String?
        let to: String?
        let payload: JSONValue
        let prevHash: String
        let hash: String

        init(_ event: ChainedEvent) {
            seq = event.seq
            at = Date(timeIntervalSince1970: Double(event.atMicroseconds) / 1_000_000)
            atMicroseconds = event.atMicroseconds
            actor = Actor(
                type: event.actorUserId == nil ? "system" : "user", userId: event.actorUserId,
                organizationId: event.actorOrganizationId)
            action = event.action
            from = event.fromState
            to = event.toState
            payload = event.payload
            prevHash = event.prevHash.hexString
            hash = event.hash.hexString
        }
    }

    var endpoints: [Endpoint] {
        [Endpoint(.get, "/v1/cases/{id}/events", access: .action("case.readEvents"), handler: list)]
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let page = try PageRequest(request, list: EventChain.keyset)
        let stored = try await dependencies.caseAccess.loadReadable(try context.pathID(), context: context)
        try await dependencies.authorizer.require(
            "case.readEvents", on: CasePolicy.entity(stored.snapshot), readAction: "case.read", request: context)
        // The cursor carries the last sequence number shown.
        let afterSeq = if case .integer(let seq)? = page.after?.key.first { seq } else { 0 }
        let events = try await dependencies.events.events(
            subjectType: CaseRules.subjectType, subjectId: stored.snapshot.id, afterSeq: afterSeq, limit: page.limit + 1,
            on: dependencies.database, logger: context.logger)
        return try .json(
            Page(rows: events.map(EventBody.init), limit: page.limit) { EventChain.keyset.cursor(.integer($0.seq)) })
    }
}
