import Foundation
import IPCaseDomain

/// How the policies see a case and its documents. Parties and neutrals not yet known are "", which
/// no principal's id equals.
enum CasePolicy {
    static func entity(
        id: UUID, state: String, complainantOrganizationId: UUID?, respondentOrganizationId: UUID?, mediationBodyId: UUID,
        mediatorUserId: UUID?, arbitrationCommissionId: UUID?, arbitratorUserId: UUID?, courtId: UUID?, judgeUserId: UUID?
    ) -> PolicyEntity {
        PolicyEntity(type: "case", attributes: [
            "id": text(id), "state": .string(state),
            "complainantOrganizationId": text(complainantOrganizationId),
            "respondentOrganizationId": text(respondentOrganizationId),
            "mediationBodyId": text(mediationBodyId), "mediatorUserId": text(mediatorUserId),
            "arbitrationCommissionId": text(arbitrationCommissionId), "arbitratorUserId": text(arbitratorUserId),
            "courtId": text(courtId), "judgeUserId": text(judgeUserId),
        ])
    }

    static func entity(_ snapshot: CaseSnapshot) -> PolicyEntity {
        entity(
            id: snapshot.id, state: snapshot.state, complainantOrganizationId: snapshot.complainant.organizationId,
            respondentOrganizationId: snapshot.respondent.organizationId, mediationBodyId: snapshot.mediationBodyId,
            mediatorUserId: snapshot.mediatorUserId, arbitrationCommissionId: snapshot.arbitrationCommissionId,
            arbitratorUserId: snapshot.arbitratorUserId, courtId: snapshot.courtId, judgeUserId: snapshot.judgeUserId)
    }

    /// A document carries its case's parties and neutrals, and who submitted it.
    static func documentEntity(_ document: StoredDocument, of snapshot: CaseSnapshot) -> PolicyEntity {
        var attributes = entity(snapshot).attributes
        attributes["id"] = text(document.id)
        attributes["state"] = nil
        attributes["caseId"] = text(snapshot.id)
        attributes["confidential"] = .bool(document.confidential)
        attributes["submitterOrganizationId"] = text(document.submittedByOrganizationId)
        return PolicyEntity(type: "caseDocument", attributes: attributes)
    }

    private static func text(_ id: UUID?) -> PolicyValue {
        .string(id?.uuidString.lowercased() ?? "")
    }
}
