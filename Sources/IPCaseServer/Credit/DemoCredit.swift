import Foundation
import IPCaseDomain
import Logging
import PostgresNIO

/// Findings for `make run`: the demo regulator records one finding of each tier against the demo
/// enterprises, through the same checks and writer as the API, so their profiles show a grade below A.
enum DemoCredit {
    static func seed(_ dependencies: CreditModule, logger: Logger) async throws {
        let existing = try await dependencies.database.query("SELECT count(*) FROM credit_records", logger: logger)
        for try await count in existing.decode(Int.self) where count > 0 { return }
        var regulator: (userId: UUID, organizationId: UUID)?
        for try await (id, organizationId) in try await dependencies.database.query(
            "SELECT id, organization_id FROM users WHERE email = 'regulator@amr.demo'", logger: logger
        ).decode((UUID, UUID).self) { regulator = (id, organizationId) }
        guard let regulator else { return }
        let loaded = dependencies.policies.loaded
        let now = dependencies.clock.now
        let today = CalendarDay(now, in: loaded.creditModel.timeZone)
        let findings = [
            CreditFinding(
                creditCode: "914403001922038216", kind: "5", tier: "general", decisionNumber: "深市监知信〔DEMO〕1号",
                legalBasis: "知识产权信用管理规定 第六条第（五）项", facts: "资助申请中的信用承诺未履行。 A funding commitment was not kept.",
                decisionDate: today.adding(days: -20).description, publicationMonths: 6),
            CreditFinding(
                creditCode: "914403001922038216", kind: "1", tier: "minor", decisionNumber: "深市监知信〔DEMO〕2号",
                legalBasis: "知识产权信用管理规定 第六条第（一）项", facts: "一件非正常专利申请，已及时纠正。 One abnormal patent application, corrected.",
                decisionDate: today.adding(days: -5).description, publicationMonths: nil),
            CreditFinding(
                creditCode: "91440300MA5H0HLK5U", kind: "2", tier: "serious", decisionNumber: "深市监知信〔DEMO〕3号",
                legalBasis: "知识产权信用管理规定 第六条第（二）项", facts: "批量恶意抢注他人商标。 Malicious trademark filings in bulk.",
                decisionDate: today.adding(days: -40).description, publicationMonths: 12),
        ]
        for finding in findings {
            guard case .success(let checked) = loaded.creditModel.check(finding, today: today) else { continue }
            let subject = try await dependencies.organizations.find(creditCode: checked.creditCode, logger: logger)
            _ = try await dependencies.recording.record(
                checked, by: regulator, subjectOrganizationId: subject?.id, model: loaded.creditModel, now: now, logger: logger)
        }
        logger.info("demo credit records seeded", metadata: ["count": "\(findings.count)"])
    }
}
