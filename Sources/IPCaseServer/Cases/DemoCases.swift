import Foundation
import IPCaseDomain
import Logging
import NIOCore
import PostgresNIO

/// A few cases for the demo world, one at each stage a visitor would want to see: waiting for the body,
/// waiting for the respondent, mediating with sessions, minutes and an agreement to sign, a recusal, settled,
/// failed, withdrawn, a disputed non-performance and one decided. They are made by the same workflow and writer
/// as through the API, so their event chains verify. Seeded once: nothing happens when any case exists.
enum DemoCases {
    struct Step {
        let action: String
        let actor: String
        var fields: [String: JSONValue] = [:]
        /// Days after the case was filed.
        var day = 0
        /// For `recordMinutes`: the text of the minutes, stored as a document of kind `minutes` of the last session.
        var minutes: String? = nil
    }

    static func seed(_ dependencies: CasesModule, logger: Logger) async throws {
        let existing = try await dependencies.database.query("SELECT count(*) FROM cases", logger: logger)
        for try await count in existing.decode(Int.self) where count > 0 { return }
        let users = try await demoUsers(dependencies, logger: logger)
        guard let optics = users["legal@shenzhen-optics.demo"], let pearl = users["ip@pearl-devices.demo"],
              let mediator = users["mediator1@ip-mediation.demo"], let judge = users["judge@court.demo"],
              let mediator3 = users["mediator3@ip-mediation.demo"]
        else { return }
        let mediatorId = JSONValue.string(mediator.id.uuidString.lowercased())
        let now = dependencies.clock.now
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = dependencies.policies.loaded.caseWorkflow.timeZone
        let nextWeek = JSONValue.string(formatter.string(from: now + 7 * 86_400))
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
            ], day: 5)
        // Confirmed by the court, the 30 days to pay passed, and the complainant reported non-performance.
        let confirmedAndReported: [Step] = opening + [
            draft, Step(action: "signAgreement", actor: "legal@shenzhen-optics.demo", day: 6),
            Step(action: "signAgreement", actor: "ip@pearl-devices.demo", day: 6),
            Step(action: "applyForConfirmation", actor: "legal@shenzhen-optics.demo",
                 fields: ["courtId": .string(judge.organizationId.uuidString.lowercased())], day: 7),
            Step(action: "consentToConfirmation", actor: "ip@pearl-devices.demo", day: 7),
            Step(action: "acceptConfirmationApplication", actor: "judge@court.demo", day: 8),
            Step(action: "confirmAgreement", actor: "judge@court.demo", fields: ["rulingNumber": "(2026)粤0305民特1024号"], day: 10),
            Step(action: "reportNonPerformance", actor: "legal@shenzhen-optics.demo",
                 fields: ["reason": .string("珠江电子逾期未支付赔偿。 Pearl did not pay the damages.")], day: 37),
        ]
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
            // Sessions and their minutes, while the parties still negotiate.
            ("trade_secret", "Glass formula", opening + [
                Step(action: "scheduleSession", actor: "mediator1@ip-mediation.demo",
                     fields: ["startsAt": .string(formatter.string(from: now - 6 * 86_400)), "place": "南山区知识产权调解中心 3 号室"], day: 1),
                Step(action: "recordMinutes", actor: "mediator1@ip-mediation.demo", day: 8,
                     minutes: "第一次调解笔录：双方陈述意见，申请人出示保密协议，被申请人否认接触配方。\nFirst session: both stated their case; B denies access to the formula."),
                Step(action: "scheduleSession", actor: "mediator1@ip-mediation.demo",
                     fields: ["startsAt": nextWeek, "link": "https://meeting.example.cn/ip-mediation/room-7"], day: 14),
            ]),
            // The respondent asked for the mediator's recusal; another mediator of the body granted it and named a third.
            ("patent", "Lens hood", opening + [
                Step(action: "requestRecusal", actor: "ip@pearl-devices.demo",
                     fields: ["reason": .string("调解员曾为申请人提供咨询。 The mediator advised the complainant before.")], day: 2),
                Step(action: "grantRecusal", actor: "mediator2@ip-mediation.demo",
                     fields: ["userId": .string(mediator3.id.uuidString.lowercased()), "reason": .string("存在合理怀疑。 A fair doubt.")], day: 3),
            ]),
            // Reported as not performed; the respondent answered with proof: the mediator is to decide.
            ("patent", "Aspheric lens mould", confirmedAndReported + [
                Step(action: "answerNonPerformance", actor: "ip@pearl-devices.demo",
                     fields: ["answer": .string("已于期限内支付 60000 元，余款已协商延期，附银行回单。 Paid 60,000 on time; the rest deferred by agreement, bank slip attached.")], day: 39),
            ]),
            // Reported, not answered within 10 days, and decided not performed: a kind-6 credit proposal waits for the regulator.
            ("patent", "Lens barrel", confirmedAndReported + [
                Step(action: "decideNotPerformed", actor: "mediator1@ip-mediation.demo",
                     fields: ["reason": .string("被申请人未在期限内答复或提交履行证明。 No answer or proof within the time.")], day: 50),
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
        // A story's last step happens today; its filing as many days before.
        let now = dependencies.clock.now - Double(steps.map(\.day).max() ?? 0) * 86_400
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
                let at = now + Double(step.day) * 86_400 + 60
                let today = CalendarDay(at, in: workflow.timeZone)
                var fields = step.fields
                // What a client fills in from what it was shown: the text's hash to sign, the due day, the ruling's date.
                switch step.action {
                case "signAgreement": fields["termsSha256"] = snapshot.agreement?.termsSha256.map(JSONValue.string)
                case "draftAgreement": fields["performanceDueOn"] = .string(today.adding(days: 30).description)
                case "confirmAgreement": fields["rulingDate"] = .string(today.description)
                default: break
                }
                var document: (StoredDocument, ByteBuffer)?
                if let text = step.minutes, let session = snapshot.sessions?.last {
                    let bytes = ByteBuffer(string: text)
                    let sealed = dependencies.documentSubmission.seal(
                        .inline(bytes), filename: "调解笔录.txt", kind: "minutes", contentType: "text/plain; charset=utf-8",
                        confidential: false, by: Principal(
                            userId: actor.id, organizationId: actor.organizationId, organizationKind: .mediationBody, roles: [.mediator],
                            sessionId: UUID()),
                        now: at)
                    fields["sessionId"] = .string(session.id.uuidString.lowercased())
                    fields["documentId"] = .string(sealed.id.uuidString.lowercased())
                    document = (sealed, bytes)
                }
                let outcome = try workflow.take(
                    step.action, on: snapshot,
                    context: TransitionContext(
                        actor: .user(id: actor.id, organizationId: actor.organizationId), fields: fields, now: at,
                        timeZone: workflow.timeZone, users: referenced, organizations: organizations))
                if let (sealed, bytes) = document {
                    try await dependencies.documentSubmission.submit(
                        sealed, content: .inline(bytes), subjectType: CaseRules.subjectType, subjectId: snapshot.id, state: snapshot.state,
                        by: Principal(
                            userId: actor.id, organizationId: actor.organizationId, organizationKind: .mediationBody, roles: [.mediator],
                            sessionId: UUID()),
                        now: at, on: connection, logger: logger)
                }
                let previous = StoredCase(snapshot: snapshot, version: version, updatedAt: at)
                guard let next = try await dependencies.caseWriter.update(
                    outcome, previous: previous, workflow: workflow, now: at, on: connection, logger: logger)
                else { return }
                snapshot = outcome.snapshot
                version = next
            }
        }
    }
}
