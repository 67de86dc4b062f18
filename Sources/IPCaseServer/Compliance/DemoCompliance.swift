import Foundation
import IPCaseDomain
import Logging
import PostgresNIO

/// Self-assessments for `make run`: each demo enterprise has a draft against the enterprise checklist, one
/// barely begun and one mostly answered, through the same workflow and writer as the API.
enum DemoCompliance {
    static func seed(_ dependencies: ComplianceModule, logger: Logger) async throws {
        let existing = try await dependencies.database.query("SELECT count(*) FROM compliance_assessments", logger: logger)
        for try await count in existing.decode(Int.self) where count > 0 { return }
        let loaded = dependencies.policies.loaded
        guard let template = loaded.checklists.first(where: { $0.id == "db4403-t235-2022-enterprise" }) else { return }
        let workflow = loaded.workflows[ComplianceRules.self]
        let now = dependencies.clock.now
        for (email, groups, share) in [("legal@shenzhen-optics.demo", ["advanced"], 0.8), ("ip@pearl-devices.demo", ["basic"], 0.2)] {
            var user: (id: UUID, organizationId: UUID, code: String)?
            for try await row in try await dependencies.database.query(
                """
                SELECT u.id, u.organization_id, o.credit_code FROM users u JOIN organizations o ON o.id = u.organization_id
                WHERE u.email = \(email)
                """, logger: logger
            ).decode((UUID, UUID, String?).self) { if let code = row.2 { user = (row.0, row.1, code) } }
            guard let user else { continue }
            let actor = WorkflowActor.user(id: user.id, organizationId: user.organizationId)
            var outcome = try workflow.start(
                ComplianceAssessment(
                    organizationId: user.organizationId, creditCode: user.code, template: template, groups: groups,
                    startedBy: user.id, startedAt: now),
                action: "start", payload: ["templateId": .string(template.id), "templateVersion": .string(template.version)],
                context: TransitionContext(actor: actor, now: now, timeZone: workflow.timeZone))
            // Answer the first share of the items: most compliant, every fifth partial, every seventh not.
            let items = outcome.subject.scheme.items
            for (index, item) in items.prefix(Int(Double(items.count) * share)).enumerated() {
                let result = index % 7 == 6 ? "non_compliant" : index % 5 == 4 ? "partial" : "compliant"
                let step = try workflow.take(
                    "answer", on: outcome.subject,
                    context: TransitionContext(
                        actor: actor, fields: ["itemId": .string(item.id), "result": .string(result)], now: now,
                        timeZone: workflow.timeZone))
                outcome.subject = step.subject
                outcome.steps += step.steps
            }
            let ready = outcome
            try await dependencies.database.transaction(logger: logger) { connection in
                try await dependencies.writer.insert(ready, workflow: workflow, now: now, on: connection, logger: logger)
            }
        }
        logger.info("demo self-assessments seeded")
    }
}
