import Crypto
import Foundation
import Hummingbird
import NIOFoundationCompat
import IPCaseDomain
import Logging
import ZIPFoundation

/// Evidence of a self-assessment, on the one document store: an upload with the items it supports, the day it
/// takes effect and, optionally, the last day it is in force, or a new version of a piece (`supersedes`) that
/// keeps the old one in the history. The document and the `attachEvidence` step are written in one
/// transaction. Whoever reads the assessment reads its evidence, one piece at a time or as a ZIP of what is
/// in force with a manifest of SHA-256 hashes.
struct ComplianceEvidenceEndpoints: EndpointCollection {
    let dependencies: ComplianceModule
    let assessments: ComplianceAssessmentEndpoints

    var endpoints: [Endpoint] {
        [
            Endpoint(
                .post, "/v1/compliance/assessments/{id}/evidence", access: .action("compliance.assessment.read"),
                bodyLimit: DocumentUpload.bodyLimit(maxDocumentSize: dependencies.maxDocumentSize), handler: add),
            Endpoint(.get, "/v1/compliance/assessments/{id}/evidence", access: .action("compliance.assessment.read"), handler: list),
            Endpoint(
                .get, "/v1/compliance/assessments/{id}/evidence/{documentId}/content", access: .action("compliance.assessment.read"),
                handler: content),
            Endpoint(
                .get, "/v1/compliance/assessments/{id}/evidence-package", access: .action("compliance.assessment.read"),
                handler: package),
        ]
    }

    /// The fields an upload carries besides the file, as multipart parts or in the query.
    static let uploadFields = ["items", "effectiveOn", "expiresOn", "supersedes"]

    private var workflow: WorkflowDefinition<ComplianceRules> { dependencies.policies.loaded.workflows[ComplianceRules.self] }

    @Sendable func add(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let stored = try await assessments.readable(context)
        let workflow = workflow
        // Who may add evidence is known before the body is read.
        try await dependencies.authorizer.require(
            workflow.policyAction("attachEvidence"), on: ComplianceAssessmentEndpoints.entity(stored.snapshot),
            readAction: "compliance.assessment.read", request: context)
        _ = try Preconditions.requiredVersion(request)
        let upload = try await DocumentUpload.read(
            request, maxSize: dependencies.maxDocumentSize, kinds: workflow.documentKinds, defaultKind: "evidence",
            fields: Self.uploadFields, into: dependencies.documents, logger: context.logger)
        let now = dependencies.clock.now
        let document = dependencies.documentSubmission.seal(upload, by: principal, now: now)
        var fields: [String: JSONValue] = ["documentId": .string(document.id.uuidString.lowercased())]
        fields["items"] = upload.fields["items"].map { list in
            .array(list.split(separator: ",").map { .string($0.trimmingCharacters(in: .whitespaces)) })
        }
        for name in ["effectiveOn", "expiresOn", "supersedes"] {
            if let value = upload.fields[name].map(FieldValidation.trimmed), !value.isEmpty { fields[name] = .string(value) }
        }
        let problems = ComplianceRules.evidenceProblems(fields, on: stored.snapshot)
        if !problems.isEmpty { throw Problem.validation(problems.map { FieldError($0.field, $0.message) }) }
        let id = stored.snapshot.id
        let state = stored.snapshot.state
        let submission = dependencies.documentSubmission
        let response = try await assessments.take(
            "attachEvidence", fields: fields, on: stored, request: request, context: context,
            alongside: { connection in
                try await submission.submit(
                    document, content: upload.content, subjectType: ComplianceRules.subjectType, subjectId: id, state: state,
                    by: principal, now: now, on: connection, logger: context.logger)
            })
        var headers = response.headers
        headers[.location] = "/v1/compliance/assessments/\(id.uuidString.lowercased())/evidence/\(document.id.uuidString.lowercased())/content"
        return Response(status: .created, headers: headers, body: response.body)
    }

    /// Every piece, current and superseded, in the order added; `?inForce=true` keeps what counts today.
    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        try QueryParameters.refuseUnknown(request.uri.queryParameters, allowed: ["limit", "cursor", "inForce"])
        let page = try PageRequest(request, list: Self.keyset)
        let stored = try await assessments.readable(context)
        let today = CalendarDay(dependencies.clock.now, in: workflow.timeZone)
        var pieces = stored.snapshot.evidence
        switch request.uri.queryParameters["inForce"] {
        case nil: break
        case "true": pieces = pieces.filter { $0.isInForce(on: today) }
        case "false": pieces = pieces.filter { !$0.isInForce(on: today) }
        default: throw QueryParameters.invalid("inForce", FieldMessage.trueOrFalse)
        }
        let offset = page.after.flatMap { if case .integer(let position)? = $0.key.first { position } else { nil } } ?? 0
        let window = Array(pieces.dropFirst(offset).prefix(page.limit + 1))
        let documents = try await dependencies.documents.find(window.map(\.documentId), logger: context.logger)
        let rows = window.enumerated().map { index, piece in
            (offset + index + 1, ComplianceAssessmentRepresentation.Evidence(
                piece, of: stored.snapshot.id, today: today, document: documents[piece.documentId]))
        }
        return try .json(Page(rows: rows, limit: page.limit) { Self.keyset.cursor(.integer($0.0)) }.map(\.1))
    }

    /// Evidence is listed in the order it was added: the cursor is the position.
    static let keyset = Keyset(list: "complianceEvidence", [("position", .integer)])

    @Sendable func content(_ request: Request, context: AppRequestContext) async throws -> Response {
        let stored = try await assessments.readable(context)
        let documentId = try context.pathID("documentId")
        // Only a document the assessment names as evidence: one carried over lives with the baseline.
        guard stored.snapshot.evidence.contains(where: { $0.documentId == documentId }),
              let document = try await dependencies.documents.find([documentId], logger: context.logger)[documentId]
        else { throw Problem.notFound() }
        try await dependencies.audit.recordConfidentialRead(
            document, subjectType: ComplianceRules.subjectType, subjectLabel: stored.snapshot.label, what: "content", context: context)
        return dependencies.documents.download(document, logger: context.logger)
    }

    /// A ZIP of the evidence in force today, each file under `evidence/<documentId>/<filename>`, with
    /// `manifest.json` and `manifest.csv` naming each file's items, dates and SHA-256 (checked again as the
    /// package is made, so a package never carries bytes that differ from what was uploaded).
    @Sendable func package(_ request: Request, context: AppRequestContext) async throws -> Response {
        try QueryParameters.refuseUnknown(request.uri.queryParameters, allowed: [])
        let stored = try await assessments.readable(context)
        let subject = stored.snapshot
        let now = dependencies.clock.now
        let pieces = subject.evidenceInForce(on: CalendarDay(now, in: workflow.timeZone))
        let documents = try await dependencies.documents.find(pieces.map(\.documentId), logger: context.logger)
        let archive = try Archive(accessMode: .create)
        var manifest: [EvidenceManifest.Entry] = []
        for piece in pieces {
            guard let document = documents[piece.documentId],
                  let bytes = try await dependencies.documents.content(of: piece.documentId, logger: context.logger)
            else { continue }
            let data = Data(bytes.readableBytesView)
            guard Array(SHA256.hash(data: data)).hexString == document.sha256 else {
                throw EvidencePackageError.hashMismatch(document.id)
            }
            let path = "evidence/\(document.id.uuidString.lowercased())/\(document.filename)"
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: document.submittedAt,
                compressionMethod: .deflate
            ) { position, size in data.subdata(in: Int(position)..<Int(position) + size) }
            try await dependencies.audit.recordConfidentialRead(
                document, subjectType: ComplianceRules.subjectType, subjectLabel: subject.label, what: "evidence-package",
                context: context)
            manifest.append(.init(
                path: path, documentId: document.id, filename: document.filename, sha256: document.sha256, size: document.size,
                itemIds: piece.itemIds, effectiveOn: piece.effectiveOn, expiresOn: piece.expiresOn, version: piece.version))
        }
        let package = EvidenceManifest(
            assessmentId: subject.id, templateId: subject.templateId, templateVersion: subject.templateVersion,
            templateHash: subject.templateHash, generatedAt: now, files: manifest)
        for (name, data) in [("manifest.json", try package.json()), ("manifest.csv", package.csv())] {
            try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count), modificationDate: now) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        var headers = HTTPFields()
        headers[.contentType] = "application/zip"
        headers[.contentDisposition] = DocumentDownload.attachment("evidence-\(subject.label.replacingOccurrences(of: " ", with: "-")).zip")
        headers[.cacheControl] = "private, no-store"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(data: archive.data ?? Data())))
    }
}

enum EvidencePackageError: Error {
    /// A stored document's bytes no longer match the SHA-256 recorded when it was uploaded.
    case hashMismatch(UUID)
}
