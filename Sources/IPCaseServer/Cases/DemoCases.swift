import Foundation
import IPCaseDomain
import Logging
import PostgresNIO

/// A few cases for the demo world, one at each stage a visitor would want to see: waiting for the body,
/// waiting for the respondent, mediating with an agreement to sign, settled, failed and withdrawn.
/// They are made by the same workflow and writer as through the API, so their event chains verify.
/// Seeded once: nothing happens when any case exists.
enum DemoCases {
    struct Step {
        let action: String
        let actor: String
        var fields: [String: JSONValue] = [:]
    }

    static func seed(_ dependencies: CasesModule, logger: Logger) async throws {
        let existing = try await dependencies.database.query("SELECT count(*) FROM cases", logger: logger)
        for try await count in existing.decode(Int.self) where count > 0 { return }
        let users = try await demoUsers(dependencies, logger: logger)
        guard let optics = users["legal@shenzhen-optics.demo"], let pearl = users["ip@pearl-devices.demo"],
              let mediator = users["mediator1@ip-mediation.demo"], let judge = users["judge@court.demo"]
        else { return }
        let mediatorId = JSONValue.string(mediator.id.uuidString.lowercased())
        let opening = [
            Step(action: "accept", actor: "mediator1@ip-mediation.demo"),
            Step(action: "respondentConsents", actor: "ip@pearl-devices.demo"),
            Step(action: "assignMediator", actor: "mediator1@ip-mediation.demo", fields: ["mediatorUserId": mediatorId]),
        ]
        let draft = Step(
            action: "draftAgreement", actor: "mediator1@ip-mediation.demo",
            fields: [
                "terms": "珠江电子停止销售涉案镜头模组，并于 30 日内支付赔偿 120000 元。 Pearl stops selling the lens module and pays CNY 120,000 within 30 days.",
                "determinesOwnershipOrValidity": false,
            ])
        let stories: [(String, String, [Step])] = [
            ("patent", "Optical lens assembly", []),
            ("trademark", "“光谱” trademark", [opening[0]]),
            ("patent", "Lens module", opening + [draft, Step(action: "signAgreement", actor: "legal@shenzhen-optics.demo")]),
            ("trade_secret", "Coating process", opening + [
                draft, Step(action: "signAgreement", actor: "legal@shenzhen-optics.demo"),
                Step(action: "signAgreement", actor: "ip@pearl-devices.demo"),
            ]),
            ("copyright", "Firmware source code", opening + [
                Step(action: "declareMediationFailed", actor: "mediator1@ip-mediation.demo",
                     fields: ["reason": .string("双方对赔偿数额分歧过大。 The parties are too far apart on damages.")]),
            ]),
            ("patent", "Focusing mechanism", [Step(action: "withdraw", actor: "legal@shenzhen-optics.demo")]),
            // Confirmed by the court and then not performed: a kind-6 credit proposal waits for the regulator.
            ("patent", "Aspheric lens mould", opening + [
                draft, Step(action: "signAgreement", actor: "legal@shenzhen-optics.demo"),
                Step(action: "signAgreement", actor: "ip@pearl-devices.demo"),
                Step(action: "applyForConfirmation", actor: "legal@shenzhen-optics.demo",
                     fields: ["courtId": .string(judge.organizationId.uuidString.lowercased())]),
                Step(action: "consentToConfirmation", actor: "ip@pearl-devices.demo"),
                Step(action: "acceptConfirmationApplication", actor: "judge@court.demo"),
                Step(action: "confirmAgreement", actor: "judge@court.demo"),
                Step(action: "reportNonPerformance", actor: "legal@shenzhen-optics.demo",
                     fields: ["reason": .string("珠江电子逾期未支付赔偿。 Pearl did not pay the damages.")]),
            ]),
        ]
        for (index, (ipType, title, steps)) in stories.enumerated() {
            try await file(
                dependencies, complainant: optics, respondent: pearl, mediator: mediator, ipType: ipType, title: title,
                identifier: "DEMO-\(index + 1)", steps: steps, users: users, logger: logger)
        }
        logger.info("demo cases seeded", metadata: ["count": "\(stories.count)"])
    }

    private struct DemoUser {
        let id: UUID
        let organizationId: UUID
        let organizationName: String
        let creditCode: String?
        let roles: Set<String>
        let organizationKind: String
    }

    private static func demoUsers(_ dependencies: CasesModule, logger: Logger) async throws -> [String: DemoUser] {
        let rows = try await dependencies.database.query(
            """
            SELECT u.email, u.id, u.organization_id, o.name, o.credit_code, u.roles, o.kind
            FROM users u JOIN organizations o ON o.id = u.organization_id
            """, logger: logger)
        var users: [String: DemoUser] = [:]
        for try await (email, id, organizationId, name, code, roles, kind) in rows.decode(
            (String, UUID, UUID, String, String?, [String], String).self)
        {
            users[email] = DemoUser(
                id: id, organizationId: organizationId, organizationName: name, creditCode: code, roles: Set(roles),
                organizationKind: kind)
        }
        return users
    }

    private static func file(
        _ dependencies: CasesModule, complainant: DemoUser, respondent: DemoUser, mediator: DemoUser, ipType: String,
        title: String, identifier: String, steps: [Step], users: [String: DemoUser], logger: Logger
    ) async throws {
        let workflow = dependencies.policies.loaded.caseWorkflow
        let now = dependencies.clock.now
        try await dependencies.database.transaction(logger: logger) { connection in
            var snapshot = try await dependencies.caseWriter.file(
                by: complainant.id,
                for: (complainant.organizationId, complainant.creditCode ?? "", complainant.organizationName),
                against: .init(organizationId: nil, creditCode: respondent.creditCode ?? "", name: respondent.organizationName),
                mediationBodyId: mediator.organizationId, ipRight: .init(type: ipType, identifier: identifier, title: title),
                claims: "停止侵权并赔偿损失。 Stop the infringement and pay damages.", amountClaimed: "200000.00",
                workflow: workflow, now: now, on: connection, logger: logger)
            snapshot.respondent.organizationId = respondent.organizationId
            var version = 1
            let referenced = Dictionary(uniqueKeysWithValues: users.values.map {
                ($0.id, ReferencedUser(id: $0.id, organizationId: $0.organizationId, roles: $0.roles, active: true))
            })
            let organizations = Dictionary(
                users.values.map { ($0.organizationId, ReferencedOrganization(id: $0.organizationId, kind: $0.organizationKind)) },
                uniquingKeysWith: { first, _ in first })
            for step in steps {
                guard let actor = users[step.actor] else { continue }
                let outcome = try workflow.take(
                    step.action, on: snapshot,
                    context: TransitionContext(
                        actor: .user(id: actor.id, organizationId: actor.organizationId), fields: step.fields, now: now,
                        timeZone: workflow.timeZone, users: referenced, organizations: organizations))
                let previous = StoredCase(snapshot: snapshot, version: version, updatedAt: now)
                guard let next = try await dependencies.caseWriter.update(
                    outcome, previous: previous, workflow: workflow, now: now, on: connection, logger: logger)
                else { return }
                snapshot = outcome.snapshot
                version = next
            }
        }
    }
}
