import Foundation
import IPCaseDomain
import Logging
import PostgresNIO

/// One row of `GET /v1/cases`: enough to pick a case, without its documents, agreement or actions.
struct CaseSummary: Encodable, Sendable {
    let id: UUID
    let number: String
    let state: String
    let outcome: String?
    let ipType: String
    let ipTitle: String
    let complainantName: String
    let respondentName: String
    let filedAt: Date
    let dueOn: String?
    let overdue: Bool
    let version: Int
    /// What the policies need to decide whether the principal may read it.
    let policyEntity: PolicyEntity

    enum CodingKeys: String, CodingKey {
        case id, number, state, outcome, ipType, ipTitle, complainantName, respondentName, filedAt, dueOn, overdue, version
    }
}

/// The filters of `GET /v1/cases`.
struct CaseListFilter: Sendable {
    enum Relation: String, Sendable, CaseIterable {
        case complainant, respondent, neutral
    }

    var state: String?
    var relation: Relation?
    var overdue = false
    var ipType: String?
    var number: String?
    /// Part of the number, a party's name or a credit code (lower-cased), found on the trigram index.
    var search: String?
}

extension CaseStore {
    /// One page of the cases the principal's organisation is related to, newest first. Which cases a
    /// principal may read is the policies' decision; this query narrows the rows by the same relations
    /// (party, mediation body, commission, court, assigned neutral), each with its own index, and the
    /// caller checks every row with `case.read`.
    func list(
        for principal: Principal, creditCode: String?, filter: CaseListFilter, today: CalendarDay,
        after: ListCursor?, limit: Int, logger: Logger
    ) async throws -> [CaseSummary] {
        let relation = filter.relation?.rawValue ?? ""
        let user = principal.userId
        let organization = principal.organizationId
        let today = today.description
        let neutral = filter.relation == .neutral
        let kind = principal.organizationKind.rawValue
        // The relations a principal of this kind can have to a case at all.
        let possible = switch principal.organizationKind {
        case .enterprise: filter.relation != .neutral
        case .mediationBody, .arbitrationCommission, .court: filter.relation == nil || filter.relation == .neutral
        case .platform: filter.relation == nil
        case .regulator: false
        }
        guard possible else { return [] }
        // One relation per kind of organisation, each with its own index. PostgreSQL plans with the bound
        // values, so the branches of other kinds fold away to `false` before planning. A neutral's
        // organisation sees the cases brought to it; `relation=neutral` narrows them to the ones the user
        // serves in person.
        let query = try Self.keyset.page("""
            SELECT \(unescaped: Self.summaryColumns) FROM cases c
            LEFT JOIN organizations r ON r.credit_code = c.respondent_credit_code
            WHERE ((\(kind) = 'enterprise'
                    AND ((c.complainant_organization_id = \(organization) AND \(relation) IN ('', 'complainant'))
                      OR (c.respondent_credit_code = \(creditCode ?? "") AND \(relation) IN ('', 'respondent'))))
                OR (\(kind) = 'mediation_body' AND c.mediation_body_id = \(organization)
                    AND (NOT \(neutral) OR c.mediator_user_id = \(user)))
                OR (\(kind) = 'arbitration_commission' AND c.arbitration_commission_id = \(organization)
                    AND (NOT \(neutral) OR c.arbitrator_user_id = \(user)))
                OR (\(kind) = 'court' AND c.court_id = \(organization) AND (NOT \(neutral) OR c.judge_user_id = \(user)))
                OR \(kind) = 'platform')
              AND (\(filter.state)::text IS NULL OR c.state = \(filter.state))
              AND (\(filter.ipType)::text IS NULL OR c.ip_type = \(filter.ipType))
              AND (\(filter.number)::text IS NULL OR c.number = \(filter.number))
              AND (\(filter.search.map(ContainsPattern.of))::text IS NULL OR c.search_text LIKE \(filter.search.map(ContainsPattern.of)))
              AND (NOT \(filter.overdue) OR c.due_on < \(today)::date)
            """, after: after, limit: limit)
        let rows = try await database.query(query, logger: logger)
        var summaries: [CaseSummary] = []
        for try await row in rows {
            summaries.append(try Self.summary(row, today: today))
        }
        return summaries
    }

    /// Newest first.
    static let keyset = Keyset(list: "cases", [("c.filed_at", .time), ("c.id", .id)], descending: true)

    static let summaryColumns = """
        c.id, c.number, c.state, c.outcome, c.ip_type, c.snapshot->'ipRight'->>'title', c.snapshot->'complainant'->>'name',
        c.snapshot->'respondent'->>'name', c.filed_at, c.due_on::text, c.version, c.complainant_organization_id, r.id,
        c.mediation_body_id, c.mediator_user_id, c.arbitration_commission_id, c.arbitrator_user_id, c.court_id, c.judge_user_id
        """

    private static func summary(_ row: PostgresRow, today: String) throws -> CaseSummary {
        let (id, number, state, outcome, ipType, title, complainant, respondent, filedAt, dueOn, version,
             complainantId, respondentId, bodyId, mediatorId, commissionId, arbitratorId, courtId, judgeId) = try row.decode(
            (UUID, String, String, String?, String, String, String, String, Date, String?, Int,
             UUID, UUID?, UUID, UUID?, UUID?, UUID?, UUID?, UUID?).self)
        let entity = CasePolicy.entity(
            id: id, state: state, complainantOrganizationId: complainantId, respondentOrganizationId: respondentId,
            mediationBodyId: bodyId, mediatorUserId: mediatorId, arbitrationCommissionId: commissionId,
            arbitratorUserId: arbitratorId, courtId: courtId, judgeUserId: judgeId)
        return CaseSummary(
            id: id, number: number, state: state, outcome: outcome, ipType: ipType, ipTitle: title,
            complainantName: complainant, respondentName: respondent, filedAt: filedAt, dueOn: dueOn,
            overdue: dueOn.map { $0 < today } ?? false, version: version, policyEntity: entity)
    }
}
