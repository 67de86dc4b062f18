import Foundation
import IPCaseDomain
import Logging
import PostgresNIO

/// A regulator's working day for `make run`: findings in each tier, an open objection, a repair
/// application waiting to be accepted, commitments, a positive record, and published grades from A+ to D.
/// (The pending proposal comes from a demo case that ended in non-performance.) Everything goes through
/// the same checks and writers as the API.
enum DemoCredit {
    /// Enterprises without accounts: a subject of credit need not have one.
    static let subjects = [
        ("91440300MA5G12343E", "南山精密模具有限公司"), ("91440300MA5G567848", "蛇口海洋仪器有限公司"),
        ("91440300MA5G90122D", "科技园软件服务有限公司"),
    ]

    static func seed(_ dependencies: CreditModule, logger: Logger) async throws {
        let existing = try await dependencies.database.query("SELECT count(*) FROM credit_records", logger: logger)
        for try await count in existing.decode(Int.self) where count > 0 { return }
        guard let regulator = try await user("regulator@amr.demo", dependencies, logger),
              let pearl = try await user("ip@pearl-devices.demo", dependencies, logger),
              let optics = try await user("legal@shenzhen-optics.demo", dependencies, logger)
        else { return }
        let model = dependencies.policies.loaded.creditModel
        let now = dependencies.clock.now
        let today = CalendarDay(now, in: model.timeZone)
        for (code, name) in subjects where try await dependencies.organizations.find(creditCode: code, logger: logger) == nil {
            let organization = Organization(
                id: UUID(), name: name, kind: .enterprise, creditCode: code, version: 1, createdAt: now, updatedAt: now)
            try await dependencies.database.transaction(logger: logger) { connection in
                try await dependencies.organizations.insert(organization, on: connection, logger: logger)
            }
        }

        func finding(_ code: String, _ kind: String, _ tier: String, _ number: Int, daysAgo: Int, months: Int?, _ facts: String) async throws -> CreditRecord? {
            let finding = CreditFinding(
                creditCode: code, kind: kind, tier: tier, decisionNumber: "深市监知信〔DEMO〕\(number)号",
                legalBasis: "知识产权信用管理规定 第六条", facts: facts, decisionDate: today.adding(days: -daysAgo).description,
                publicationMonths: months)
            guard case .success(let checked) = model.check(finding, today: today) else { return nil }
            let subject = try await dependencies.organizations.find(creditCode: code, logger: logger)
            return try await dependencies.recording.record(
                checked, by: (regulator.id, regulator.organizationId), subjectOrganizationId: subject?.id, model: model, now: now,
                logger: logger)
        }

        // 珠江电子: a general finding old enough to repair, with a repair application waiting; a minor one. B.
        let unkept = try await finding(
            pearl.code, "5", "general", 1, daysAgo: 120, months: 6, "资助申请中的信用承诺未履行。 A funding commitment was not kept.")
        _ = try await finding(pearl.code, "1", "minor", 2, daysAgo: 5, months: nil, "一件非正常专利申请，已及时纠正。 One abnormal patent application, corrected.")
        // 深圳光学: a serious finding, objected to within its window. D.
        let serious = try await finding(
            optics.code, "2", "serious", 3, daysAgo: 40, months: 12, "批量恶意抢注他人商标。 Malicious trademark filings in bulk.")
        // Enterprises without accounts: an award (A+), another catalogue item (A), and two general findings (C).
        let award = model.positive(
            kind: "award", creditCode: subjects[0].0, decisionNumber: "深市监知奖〔DEMO〕1号", legalBasis: "深圳市知识产权奖励办法",
            facts: "获评知识产权优势企业。 Named an IP advantage enterprise.", today: today)
        if case .success(let checked) = award {
            let subject = try await dependencies.organizations.find(creditCode: subjects[0].0, logger: logger)
            _ = try await dependencies.recording.record(
                checked, by: (regulator.id, regulator.organizationId), subjectOrganizationId: subject?.id, model: model, now: now,
                logger: logger)
        }
        _ = try await finding(subjects[1].0, "7", "general", 4, daysAgo: 30, months: 3, "未按期报送知识产权信用信息。 Credit information reported late.")
        _ = try await finding(subjects[2].0, "3", "general", 5, daysAgo: 60, months: 6, "无资质从事专利代理。 Patent agency work without a licence.")
        _ = try await finding(subjects[2].0, "4", "general", 6, daysAgo: 50, months: 6, "申请材料隐瞒重要事实。 Material facts hidden in an application.")

        if let serious {
            _ = try await dependencies.objections.submit(
                CreditApplication(
                    recordId: serious.id, creditCode: serious.creditCode, organizationId: optics.organizationId,
                    authorityId: serious.recordingOrganizationId, submittedBy: optics.id, submittedAt: now,
                    text: "涉案商标系自有品牌的延续注册，不属恶意抢注。 The marks extend our own brand; they are not malicious."),
                workflow: dependencies.policies.loaded.workflows[CreditObjectionRules.self], now: now, logger: logger)
        }
        if let unkept {
            _ = try await dependencies.repairs.submit(
                CreditApplication(
                    recordId: unkept.id, creditCode: unkept.creditCode, organizationId: pearl.organizationId,
                    authorityId: unkept.recordingOrganizationId, submittedBy: pearl.id, submittedAt: now,
                    text: "已退回全部资助资金并完成整改。 The funding was returned in full and the process corrected.",
                    commitment: "本企业承诺今后申报材料真实有效，如有违反自愿接受惩戒。 We commit to truthful applications."),
                workflow: dependencies.policies.loaded.workflows[CreditRepairRules.self], now: now, logger: logger)
        }
        for (user, purpose, text) in [
            (pearl, CommitmentPurpose.funding, "本企业承诺申报材料真实，资助资金专款专用。 Truthful application; funds used as granted."),
            (optics, CommitmentPurpose.exhibition, "本企业承诺展会期间不展出侵权产品。 No infringing products at the fair."),
        ] {
            _ = try await dependencies.commitments.submit(
                CreditApplication(
                    recordId: nil, creditCode: user.code, organizationId: user.organizationId, authorityId: regulator.organizationId,
                    submittedBy: user.id, submittedAt: now, text: text, purpose: purpose.rawValue,
                    validUntil: today.adding(months: 12)),
                workflow: dependencies.policies.loaded.workflows[CreditCommitmentRules.self], now: now, logger: logger)
        }

        // The regulator publishes each subject's computed grade: A+, A, B, C and D.
        let authority = try await dependencies.organizations.find(regulator.organizationId, logger: logger)?.name ?? ""
        for code in [subjects[0].0, subjects[1].0, pearl.code, subjects[2].0, optics.code] {
            let records = try await dependencies.records.all(of: code, logger: logger)
            let assessment = model.assess(records.map(\.scored), asOf: today)
            guard case .success(let issue) = model.issue(requested: nil, reason: nil, assessment: assessment) else { continue }
            let notice = CreditGradeNotice.issued(
                creditCode: code, issue: issue, assessment: assessment, model: model,
                by: (regulator.id, regulator.organizationId, authority), at: now)
            try await dependencies.database.transaction(logger: logger) { connection in
                try await dependencies.grades.insert(notice, on: connection, logger: logger)
            }
        }
        logger.info("demo credit seeded")
    }

    private struct DemoUser {
        let id: UUID
        let organizationId: UUID
        let code: String
    }

    private static func user(_ email: String, _ dependencies: CreditModule, _ logger: Logger) async throws -> DemoUser? {
        let rows = try await dependencies.database.query(
            """
            SELECT u.id, u.organization_id, coalesce(o.credit_code, '') FROM users u JOIN organizations o ON o.id = u.organization_id
            WHERE u.email = \(email)
            """, logger: logger)
        for try await (id, organizationId, code) in rows.decode((UUID, UUID, String).self) {
            return DemoUser(id: id, organizationId: organizationId, code: code)
        }
        return nil
    }
}
