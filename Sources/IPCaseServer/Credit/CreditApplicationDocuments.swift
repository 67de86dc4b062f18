import Foundation
import Hummingbird
import IPCaseDomain

/// Documents of an objection, a repair application or a commitment (evidence, proof that obligations are
/// fulfilled, the signed commitment), on the shared document capability: the same uploads, chain record,
/// downloads and audit of confidential reads as a case's. The applicant and the deciding authority add them
/// while the application is open; whoever may read the application reads them. An objection's or a
/// repair's upload is recorded in the record's chain, as its other steps are.
struct CreditApplicationDocuments<Rules: CreditApplicationRules>: EndpointCollection {
    let dependencies: CreditModule
    let applications: CreditApplicationEndpoints<Rules>

    var endpoints: [Endpoint] {
        let path = applications.path
        return [
            Endpoint(
                .post, "\(path)/{id}/documents", access: .action("\(Rules.subjectType).document.upload"),
                bodyLimit: DocumentUpload.bodyLimit(maxDocumentSize: dependencies.maxDocumentSize), handler: upload),
            Endpoint(.get, "\(path)/{id}/documents", access: .action("\(Rules.subjectType).read"), handler: list),
            Endpoint(.get, "\(path)/{id}/documents/{documentId}/content", access: .action("\(Rules.subjectType).read"), handler: content),
        ]
    }

    @Sendable func upload(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let stored = try await applications.readable(context)
        try await dependencies.authorizer.require(
            "\(Rules.subjectType).document.upload", on: CreditPolicy.application(stored.snapshot),
            readAction: "\(Rules.subjectType).read", request: context)
        let workflow = dependencies.policies.loaded.workflows[Rules.self]
        if workflow.state(stored.snapshot.state)?.terminal == true { throw Self.decided(stored.snapshot.state) }
        let upload = try await DocumentUpload.read(
            request, maxSize: dependencies.maxDocumentSize, kinds: workflow.documentKinds, into: dependencies.documents,
            logger: context.logger)
        let id = stored.snapshot.id
        let document = try await dependencies.database.transaction(logger: context.logger) { connection in
            // The application is read again under its row lock: a decision in flight goes first.
            guard let locked = try await applications.applications.store.find(
                id, on: connection, forUpdate: true, logger: context.logger)
            else { throw Problem.notFound() }
            if workflow.state(locked.snapshot.state)?.terminal == true { throw Self.decided(locked.snapshot.state) }
            return try await dependencies.documentSubmission.submit(
                upload, subjectType: Rules.subjectType, subjectId: id, chain: Rules.chain(of: locked.snapshot),
                state: locked.snapshot.state, by: principal, now: dependencies.clock.now, on: connection, logger: context.logger)
        }
        return try .json(document, status: .created, headers: [
            .location: "\(applications.path)/\(id.uuidString.lowercased())/documents/\(document.id.uuidString.lowercased())/content",
        ])
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let page = try PageRequest(request, list: DocumentStore.keyset)
        let stored = try await applications.readable(context)
        let rows = try await dependencies.documents.list(
            subjectType: Rules.subjectType, subjectId: stored.snapshot.id, after: page.after, limit: page.limit + 1,
            logger: context.logger)
        return try .json(Page(rows: rows, limit: page.limit) { DocumentStore.keyset.cursor(.time($0.submittedAt), .id($0.id)) })
    }

    @Sendable func content(_ request: Request, context: AppRequestContext) async throws -> Response {
        let stored = try await applications.readable(context)
        guard let document = try await dependencies.documents.find(
            try context.pathID("documentId"), subjectType: Rules.subjectType, subjectId: stored.snapshot.id, logger: context.logger)
        else { throw Problem.notFound() }
        try await dependencies.audit.recordConfidentialRead(
            document, subjectType: Rules.subjectType, subjectLabel: stored.snapshot.label, what: "content", context: context)
        return dependencies.documents.download(document, logger: context.logger)
    }

    static func decided(_ state: String) -> Problem {
        Problem(kind: .conflict, detail: CreditMessage.applicationDecided(state), extensions: ["state": .string(state)])
    }
}
