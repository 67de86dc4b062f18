import Foundation
import IPCaseDomain

extension AuditLog {
    /// Every read of a confidential document, its content or its metadata, is written to the audit log,
    /// whichever capability serves it; `subjectLabel` names its subject for the auditor (a case number).
    func recordConfidentialRead(
        _ document: StoredDocument, subjectType: String, subjectLabel: String, what: String, context: AppRequestContext
    ) async throws {
        guard document.confidential else { return }
        try await record(
            .init(
                event: "document.confidential.read", actor: try context.requirePrincipal(), subjectType: "document",
                subjectId: document.id.uuidString.lowercased(),
                details: [subjectType: .string(subjectLabel), "read": .string(what), "sha256": .string(document.sha256)]),
            context: context)
    }
}
