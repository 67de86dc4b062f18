import Foundation
import Hummingbird
import IPCaseDomain

/// A finding's documents: the decision (决定书) and the evidence it rests on, added by the authority that
/// recorded it, on the shared document store and recorded in the record's chain. Whoever may read the
/// record reads them. Their kinds are the credit model's `recordDocuments`.
struct CreditRecordDocuments: EndpointCollection {
    let dependencies: CreditModule

    var endpoints: [Endpoint] {
        [
            Endpoint(
                .post, "/v1/credit/records/{id}/documents", access: .action("credit.record.document.upload"),
                bodyLimit: DocumentUpload.bodyLimit(maxDocumentSize: dependencies.maxDocumentSize), handler: upload),
            Endpoint(.get, "/v1/credit/records/{id}/documents", access: .action("credit.record.read"), handler: list),
            Endpoint(
                .get, "/v1/credit/records/{id}/documents/{documentId}/content", access: .action("credit.record.read"),
                handler: content),
        ]
    }

    @Sendable func upload(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let record = try await dependencies.record(context, for: "credit.record.document.upload")
        let upload = try await DocumentUpload.read(
            request, maxSize: dependencies.maxDocumentSize, kinds: dependencies.policies.loaded.creditModel.recordDocumentKinds,
            into: dependencies.documents, logger: context.logger)
        let document = try await dependencies.database.transaction(logger: context.logger) { connection in
            try await dependencies.documentSubmission.submit(
                upload, subjectType: CreditRecordRules.subjectType, subjectId: record.id, state: record.status.rawValue,
                by: principal, now: dependencies.clock.now, on: connection, logger: context.logger)
        }
        return try .json(document, status: .created, headers: [
            .location: "/v1/credit/records/\(record.id.uuidString.lowercased())/documents/\(document.id.uuidString.lowercased())/content",
        ])
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let page = try PageRequest(request, list: DocumentStore.keyset)
        let record = try await dependencies.record(context, for: "credit.record.read")
        let rows = try await dependencies.documents.list(
            subjectType: CreditRecordRules.subjectType, subjectId: record.id, after: page.after, limit: page.limit + 1,
            logger: context.logger)
        return try .json(Page(rows: rows, limit: page.limit) { DocumentStore.keyset.cursor(.time($0.submittedAt), .id($0.id)) })
    }

    @Sendable func content(_ request: Request, context: AppRequestContext) async throws -> Response {
        let record = try await dependencies.record(context, for: "credit.record.read")
        guard let document = try await dependencies.documents.find(
            try context.pathID("documentId"), subjectType: CreditRecordRules.subjectType, subjectId: record.id, logger: context.logger)
        else { throw Problem.notFound() }
        try await dependencies.audit.recordConfidentialRead(
            document, subjectType: CreditRecordRules.subjectType, subjectLabel: record.decisionNumber, what: "content",
            context: context)
        return dependencies.documents.download(document, logger: context.logger)
    }
}
