import Foundation
import HTTPTypes
import Hummingbird
import IPCaseDomain

/// Evidence and other documents of a case, on the shared document capability (`Documents/`): uploads,
/// the chain record, downloads and the audit of confidential reads are the same for every subject; a
/// case adds who may read (its policies) and that a closed case takes no more documents.
struct CaseDocumentEndpoints: EndpointCollection {
    let dependencies: CasesModule

    var endpoints: [Endpoint] {
        [
            Endpoint(
                .post, "/v1/cases/{id}/documents", access: .action("case.document.upload"),
                bodyLimit: DocumentUpload.bodyLimit(maxDocumentSize: dependencies.maxDocumentSize), handler: upload),
            Endpoint(.get, "/v1/cases/{id}/documents", access: .action("case.document.list"), handler: list),
            Endpoint(.get, "/v1/cases/{id}/documents/{documentId}", access: .action("case.document.read"), handler: read),
            Endpoint(
                .get, "/v1/cases/{id}/documents/{documentId}/content", access: .action("case.document.read"),
                handler: content),
        ]
    }

    static func closed(_ state: String) -> Problem {
        Problem(
            kind: .caseClosed,
            detail: ProblemDetail.caseClosedToDocuments, extensions: ["state": .string(state)])
    }

    @Sendable func upload(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let stored = try await dependencies.caseAccess.loadReadable(try context.pathID(), context: context)
        try await dependencies.authorizer.require(
            "case.document.upload", on: CasePolicy.entity(stored.snapshot), readAction: "case.read", request: context)
        let workflow = dependencies.policies.loaded.caseWorkflow
        if workflow.state(stored.snapshot.state)?.terminal == true { throw Self.closed(stored.snapshot.state) }
        let upload = try await DocumentUpload.read(
            request, maxSize: dependencies.maxDocumentSize, kinds: workflow.documentKinds, fields: ["sessionId"],
            into: dependencies.documents, logger: context.logger)
        // Only minutes use it, but a malformed one is refused whatever the kind: a client that sent one meant something.
        if let sessionId = upload.fields["sessionId"], UUID(uuidString: sessionId) == nil {
            throw Problem.validation([FieldError("sessionId", FieldMessage.mustBeUUID)])
        }
        if upload.kind == Self.minutes { return try await minutes(upload, of: stored, request: request, context: context) }
        let caseId = stored.snapshot.id
        let document = try await dependencies.database.transaction(logger: context.logger) { connection in
            // Receiving the body may take minutes: the case is read again under its row lock, which also
            // orders this event after any transition in flight.
            guard let locked = try await dependencies.cases.find(caseId, on: connection, forUpdate: true, logger: context.logger)
            else { throw Problem.notFound() }
            if workflow.state(locked.snapshot.state)?.terminal == true { throw Self.closed(locked.snapshot.state) }
            return try await dependencies.documentSubmission.submit(
                upload, subjectType: CaseRules.subjectType, subjectId: caseId, state: locked.snapshot.state, by: principal,
                now: dependencies.clock.now, on: connection, logger: context.logger)
        }
        return try .json(document, status: .created, headers: [
            .location: "/v1/cases/\(caseId.uuidString.lowercased())/documents/\(document.id.uuidString.lowercased())",
        ])
    }

    /// The document kind that records a session: taken as the workflow's `recordMinutes` action (the mediator's,
    /// with `If-Match`), the document stored in the same transaction and tied to the session `sessionId` names.
    static let minutes = "minutes"

    private func minutes(
        _ upload: DocumentUpload, of stored: StoredCase, request: Request, context: AppRequestContext
    ) async throws -> Response {
        let principal = try context.requirePrincipal()
        guard let sessionId = upload.fields["sessionId"] else {
            throw Problem.validation([FieldError("sessionId", FieldMessage.required)])
        }
        let now = dependencies.clock.now
        let document = dependencies.documentSubmission.seal(upload, by: principal, now: now)
        let caseId = stored.snapshot.id
        let state = stored.snapshot.state
        let submission = dependencies.documentSubmission
        let transition = WorkflowTransition(
            writer: dependencies.caseWriter, database: dependencies.database, authorizer: dependencies.authorizer,
            clock: dependencies.clock)
        _ = try await transition.take(
            "recordMinutes", fields: ["sessionId": .string(sessionId), "documentId": .string(document.id.uuidString.lowercased())],
            on: stored, workflow: dependencies.policies.loaded.caseWorkflow, entity: CasePolicy.entity(stored.snapshot),
            readAction: "case.read", request: request, context: context,
            alongside: { connection in
                try await submission.submit(
                    document, content: upload.content, subjectType: CaseRules.subjectType, subjectId: caseId, state: state,
                    by: principal, now: now, on: connection, logger: context.logger)
            })
        return try .json(document, status: .created, headers: [
            .location: "/v1/cases/\(caseId.uuidString.lowercased())/documents/\(document.id.uuidString.lowercased())",
        ])
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let page = try PageRequest(request, list: DocumentStore.keyset)
        let stored = try await dependencies.caseAccess.loadReadable(try context.pathID(), context: context)
        try await dependencies.authorizer.require(
            "case.document.list", on: CasePolicy.entity(stored.snapshot), readAction: "case.read", request: context)
        let result = try await Page<StoredDocument>.visible(
            limit: page.limit, after: page.after,
            fetch: { after, limit in
                try await dependencies.documents.list(
                    subjectType: CaseRules.subjectType, subjectId: stored.snapshot.id, after: after, limit: limit,
                    logger: context.logger)
            },
            cursor: { DocumentStore.keyset.cursor(.time($0.submittedAt), .id($0.id)) },
            isVisible: { document in
                dependencies.authorizer.decide(
                    "case.document.read", resource: CasePolicy.documentEntity(document, of: stored.snapshot),
                    principal: principal, logger: context.logger
                ).isAllowed
            })
        return try .json(result)
    }

    @Sendable func read(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (stored, document) = try await readableDocument(context)
        try await dependencies.audit.recordConfidentialRead(
            document, subjectType: CaseRules.subjectType, subjectLabel: stored.snapshot.number, what: "metadata", context: context)
        return try .json(document)
    }

    @Sendable func content(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (stored, document) = try await readableDocument(context)
        try await dependencies.audit.recordConfidentialRead(
            document, subjectType: CaseRules.subjectType, subjectLabel: stored.snapshot.number, what: "content", context: context)
        return dependencies.documents.download(document, logger: context.logger)
    }

    /// The case and document, if the principal may read the document: 404 for anyone who may not, so a
    /// confidential document's existence is not revealed to the other party.
    private func readableDocument(_ context: AppRequestContext) async throws -> (StoredCase, StoredDocument) {
        let stored = try await dependencies.caseAccess.loadReadable(try context.pathID(), context: context)
        guard let document = try await dependencies.documents.find(
            try context.pathID("documentId"), subjectType: CaseRules.subjectType, subjectId: stored.snapshot.id,
            logger: context.logger)
        else { throw Problem.notFound() }
        try await dependencies.authorizer.require(
            "case.document.read", on: CasePolicy.documentEntity(document, of: stored.snapshot),
            readAction: "case.document.read", request: context)
        return (stored, document)
    }
}
