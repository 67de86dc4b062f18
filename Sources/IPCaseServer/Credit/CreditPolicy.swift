import Foundation
import IPCaseDomain

/// How the policies see a credit subject and a credit record. A subject without an account has "" as its
/// organisation, which no principal's equals.
enum CreditPolicy {
    static func subject(creditCode: String, organizationId: UUID?) -> PolicyEntity {
        PolicyEntity(type: "creditSubject", attributes: [
            "creditCode": .string(creditCode), "organizationId": .string(organizationId?.uuidString.lowercased() ?? ""),
        ])
    }

    static func record(_ record: CreditRecord, subjectOrganizationId: UUID?) -> PolicyEntity {
        PolicyEntity(type: "creditRecord", attributes: [
            "id": .string(record.id.uuidString.lowercased()), "creditCode": .string(record.creditCode),
            "subjectOrganizationId": .string(subjectOrganizationId?.uuidString.lowercased() ?? ""),
            "recordingOrganizationId": .string(record.recordingOrganizationId.uuidString.lowercased()),
        ])
    }

    static func grade(_ notice: CreditGradeNotice, subjectOrganizationId: UUID?) -> PolicyEntity {
        PolicyEntity(type: "creditGrade", attributes: [
            "id": .string(notice.id.uuidString.lowercased()), "creditCode": .string(notice.creditCode),
            "subjectOrganizationId": .string(subjectOrganizationId?.uuidString.lowercased() ?? ""),
            "issuedByUserId": .string(notice.issuedByUserId.uuidString.lowercased()),
        ])
    }

    static func application(_ application: CreditApplication) -> PolicyEntity {
        PolicyEntity(type: "creditApplication", attributes: [
            "id": .string(application.id.uuidString.lowercased()), "creditCode": .string(application.creditCode),
            "organizationId": .string(application.organizationId.uuidString.lowercased()),
            "authorityId": .string(application.authorityId?.uuidString.lowercased() ?? ""),
        ])
    }
}
