import Crypto
import Foundation
import IPCaseDomain
import Logging
import NIOCore
import PostgresNIO

/// Self-assessments for `make run`: both demo enterprises in one park (南山智园), each with an assessment in
/// every state of the workflow (draft, submitted and overdue, returned with a comment, approved, expired and
/// discarded), backed by evidence on the document store, taken through the same workflow engine and writer
/// as the API. Shenzhen Optics reaches demonstration level, which proposes its positive credit record;
/// Pearl Devices reaches compliant with its gaps showing in the gap report and the park summary.
enum DemoCompliance {
    static let park = "南山智园"
    static let templateId = "db4403-t235-2022-enterprise"

    struct Enterprise: Sendable {
        let email: String
        let groups: [String]
        /// The result of the item at this index of the scheme, for the assessments that are answered in full.
        let result: @Sendable (Int, ChecklistScheme.Item) -> String
    }

    static let enterprises = [
        // Everything compliant but one recommended item partial: demonstration level.
        Enterprise(email: "legal@shenzhen-optics.demo", groups: ["advanced"]) { index, item in
            !item.mandatory && index % 9 == 8 ? "partial" : "compliant"
        },
        // Every mandatory item compliant, a good share of the recommended ones not: compliant level.
        Enterprise(email: "ip@pearl-devices.demo", groups: ["basic"]) { index, item in
            item.mandatory ? "compliant" : index % 3 == 0 ? "non_compliant" : index % 3 == 1 ? "partial" : "compliant"
        },
    ]

    static func seed(_ dependencies: ComplianceModule, logger: Logger) async throws {
        let existing = try await dependencies.database.query("SELECT count(*) FROM compliance_assessments", logger: logger)
        for try await count in existing.decode(Int.self) where count > 0 { return }
        let loaded = dependencies.policies.loaded
        guard let template = loaded.checklists.first(where: { $0.id == templateId }),
              let regulator = try await user("regulator@amr.demo", dependencies, logger: logger)
        else { return }
        let now = dependencies.clock.now
        let day: TimeInterval = 86_400
        for enterprise in enterprises {
            guard let user = try await user(enterprise.email, dependencies, logger: logger), let creditCode = user.creditCode else { continue }
            try await dependencies.database.query(
                "UPDATE organizations SET park = \(park), version = version + 1, updated_at = \(now) WHERE id = \(user.organizationId) AND park IS NULL",
                logger: logger)
            var demo = Demo(
                dependencies: dependencies, template: template, groups: enterprise.groups, enterprise: user, creditCode: creditCode,
                regulator: regulator, result: enterprise.result, logger: logger)
            // Approved 13 months ago: expired last month, waiting for a new round.
            try await demo.run(at: now - 395 * day) { a in
                try a.answerAll(); try a.evidence(effective: -400, expires: nil); try a.take("submit"); try a.approve()
                try a.expire(at: now)
            }
            // Approved two months ago; a certificate among its evidence lapses in 20 days (the notice fires on the timers).
            try await demo.run(at: now - 62 * day) { a in
                try a.answerAll(); try a.evidence(effective: -30, expires: 82); try a.take("submit"); try a.approve()
            }
            // Submitted 35 days ago and not yet reviewed: overdue.
            try await demo.run(at: now - 35 * day) { a in try a.answerAll(); try a.evidence(effective: -10, expires: nil); try a.take("submit") }
            // Returned with a comment on one item.
            try await demo.run(at: now - 5 * day) { a in
                try a.answerAll(); try a.evidence(effective: -10, expires: nil); try a.take("submit"); try a.returnFirstGap()
            }
            // A draft half answered, and one given up.
            try await demo.run(at: now - 1 * day) { a in try a.answerAll(share: 0.5) }
            try await demo.run(at: now - 3 * day) { a in try a.take("discard") }
        }
        logger.info("demo self-assessments seeded", metadata: ["park": .string(park)])
    }

    struct DemoUser {
        let id: UUID
        let organizationId: UUID
        let creditCode: String?
    }

    private static func user(_ email: String, _ dependencies: ComplianceModule, logger: Logger) async throws -> DemoUser? {
        for try await (id, organizationId, code) in try await dependencies.database.query(
            "SELECT u.id, u.organization_id, o.credit_code FROM users u JOIN organizations o ON o.id = u.organization_id WHERE u.email = \(email)",
            logger: logger
        ).decode((UUID, UUID, String?).self) { return DemoUser(id: id, organizationId: organizationId, creditCode: code) }
        return nil
    }

    /// One enterprise's demo assessments, each taken step by step through the workflow and written once.
    struct Demo {
        let dependencies: ComplianceModule
        let template: ChecklistTemplate
        let groups: [String]
        let enterprise: DemoUser
        let creditCode: String
        let regulator: DemoUser
        let result: (Int, ChecklistScheme.Item) -> String
        let logger: Logger
        var counter = 0

        mutating func run(at start: Date, _ steps: (inout Assessor) throws -> Void) async throws {
            counter += 1
            let workflow = dependencies.policies.loaded.workflows[ComplianceRules.self]
            var assessor = Assessor(
                workflow: workflow, enterprise: enterprise, regulator: regulator, result: result, now: start,
                outcome: try workflow.start(
                    ComplianceAssessment(
                        organizationId: enterprise.organizationId, creditCode: creditCode, template: template, groups: groups,
                        startedBy: enterprise.id, startedAt: start),
                    action: "start", payload: ["templateId": .string(template.id), "templateVersion": .string(template.version)],
                    context: TransitionContext(
                        actor: .user(id: enterprise.id, organizationId: enterprise.organizationId), now: start,
                        timeZone: workflow.timeZone)))
            try steps(&assessor)
            let outcome = assessor.outcome
            let documents = assessor.documents
            let principal = Principal(
                userId: enterprise.id, organizationId: enterprise.organizationId, organizationKind: .enterprise, roles: [.enterprise],
                sessionId: UUID())
            let now = dependencies.clock.now
            try await dependencies.database.transaction(logger: logger) { connection in
                try await dependencies.writer.insert(outcome, workflow: workflow, now: now, on: connection, logger: logger)
                for (document, content) in documents {
                    try await dependencies.documentSubmission.submit(
                        document, content: .inline(content), subjectType: ComplianceRules.subjectType, subjectId: outcome.subject.id,
                        state: outcome.subject.state, by: principal, now: now, on: connection, logger: logger)
                }
            }
        }
    }

    /// The steps of one demo assessment, each one the workflow's own.
    struct Assessor {
        let workflow: WorkflowDefinition<ComplianceRules>
        let enterprise: DemoUser
        let regulator: DemoUser
        let result: (Int, ChecklistScheme.Item) -> String
        var now: Date
        var outcome: TransitionOutcome<ComplianceAssessment>
        var documents: [(StoredDocument, ByteBuffer)] = []

        mutating func take(_ action: String, _ fields: [String: JSONValue] = [:], by user: DemoUser? = nil) throws {
            let actor = user ?? enterprise
            let step = try workflow.take(
                action, on: outcome.subject,
                context: TransitionContext(
                    actor: .user(id: actor.id, organizationId: actor.organizationId), fields: fields, now: now, timeZone: workflow.timeZone))
            outcome.subject = step.subject
            outcome.steps += step.steps
            outcome.notifications += step.notifications
            outcome.creditProposals += step.creditProposals
            outcome.creditRecordChanges += step.creditRecordChanges
            now += 60
        }

        mutating func answerAll(share: Double = 1) throws {
            let items = outcome.subject.scheme.items
            for (index, item) in items.prefix(Int(Double(items.count) * share)).enumerated() {
                try take("answer", ["itemId": .string(item.id), "result": .string(result(index, item))])
            }
        }

        /// One document backing every mandatory item, in force from `effective` days after now until `expires` days after.
        mutating func evidence(effective: Int, expires: Int?) throws {
            let today = CalendarDay(now, in: workflow.timeZone)
            let text = "商业秘密保护制度、保密协议签署台账和培训记录（演示）\nTrade-secret policy, signed NDAs and training records (demo)\n"
            let bytes = ByteBuffer(string: text)
            let document = StoredDocument(
                id: UUID(), kind: "evidence", filename: "保密制度与协议台账.txt", contentType: "text/plain; charset=utf-8",
                size: bytes.readableBytes, sha256: Array(SHA256.hash(data: Data(text.utf8))).hexString, confidential: false,
                submittedByUserId: enterprise.id, submittedByOrganizationId: enterprise.organizationId, submittedAt: now)
            documents.append((document, bytes))
            var fields: [String: JSONValue] = [
                "documentId": .string(document.id.uuidString.lowercased()),
                "items": .array(outcome.subject.scheme.items.filter(\.mandatory).map { .string($0.id) }),
                "effectiveOn": .string(today.adding(days: effective).description),
            ]
            if let expires { fields["expiresOn"] = .string(today.adding(days: expires).description) }
            try take("attachEvidence", fields)
        }

        mutating func approve() throws { try take("approve", by: regulator) }

        mutating func returnFirstGap() throws {
            let results = outcome.subject.results
            let item = outcome.subject.scheme.items.first { results[$0.id] != .compliant } ?? outcome.subject.scheme.items[0]
            try take(
                "returnItems",
                ["findings": .array([.object([
                    "itemId": .string(item.id), "result": .string("non_compliant"), "return": .bool(true),
                    "comment": .string("请补充已签署的保密协议扫描件。Please add the signed NDAs."),
                ])])], by: regulator)
        }

        mutating func expire(at date: Date) throws {
            guard let expired = workflow.expire("validity", on: outcome.subject, now: date) else { return }
            outcome.subject = expired.subject
            outcome.steps += expired.steps
            outcome.notifications += expired.notifications
            outcome.creditRecordChanges += expired.creditRecordChanges
        }
    }
}
