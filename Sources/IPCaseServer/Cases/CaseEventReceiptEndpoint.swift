import Foundation
import Hummingbird
import IPCaseDomain

/// `GET /v1/cases/{id}/events/{seq}/receipt`: proof, checkable offline with the log's public key, that the
/// event is in the transparency log the service signed. Only those who may read the case's events get it.
struct CaseEventReceiptEndpoint: EndpointCollection {
    let dependencies: CasesModule
    let log: TransparencyLog

    var endpoints: [Endpoint] {
        [Endpoint(.get, "/v1/cases/{id}/events/{seq}/receipt", access: .action("case.readEvents"), handler: receipt)]
    }

    @Sendable func receipt(_ request: Request, context: AppRequestContext) async throws -> Response {
        let stored = try await dependencies.caseAccess.loadReadable(try context.pathID(), context: context)
        try await dependencies.authorizer.require(
            "case.readEvents", on: CasePolicy.entity(stored.snapshot), readAction: "case.read", request: context)
        guard let seq = context.parameters.get("seq").flatMap(Int.init), seq > 0 else { throw Problem.notFound() }
        let entry = "\(CaseRules.subjectType)/\(stored.snapshot.id.uuidString.lowercased())/\(seq)"
        guard let receipt = try await log.receipt(for: entry, logger: context.logger) else { throw Problem.notFound() }
        return try TransparencyReceipts.response(receipt)
    }
}

/// How every receipt endpoint answers: the receipt, or 410 for a shredded entry.
enum TransparencyReceipts {
    static func response(_ receipt: TransparencyReceipt) throws -> Response {
        guard receipt.salt != nil else { throw Problem(kind: .shredded, detail: TransparencyMessage.shredded) }
        return try .json(receipt)
    }
}
