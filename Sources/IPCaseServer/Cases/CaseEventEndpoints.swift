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
        var payload: JSONValue
        let prevHash: String
        let hash: String

        /// The event with a document upload's ids and hashes left out, for a reader who may see no documents
        /// (the admin): what was uploaded stays theirs to know, and only this reader cannot recompute that hash.
        func withoutDocument() -> EventBody {
            guard action == "submitDocument", case .object(var fields) = payload else { return self }
            for key in ["documentId", "sha256", "size", "kind", "commitment", "subjectId"] { fields[key] = nil }
            fields["redacted"] = .bool(true)
            var copy = self
            copy.payload = .object(fields)
            return copy
        }

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
        let principal = try context.requirePrincipal()
        let seesDocuments = dependencies.authorizer.decide(
            "case.document.list", resource: CasePolicy.entity(stored.snapshot), principal: principal, logger: context.logger
        ).isAllowed
        return try .json(
            Page(rows: events.map { seesDocuments ? EventBody($0) : EventBody($0).withoutDocument() }, limit: page.limit) {
                EventChain.keyset.cursor(.integer($0.seq))
            })
    }
}
