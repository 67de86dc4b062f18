import Foundation
import Hummingbird
import IPCaseDomain
import Logging
import PostgresNIO

/// `GET /v1/statistics/cases?from=&to=`: how the district's dispute resolution is doing, for regulators, in
/// aggregates only (never a case's content, number or party): cases filed in the range by state, IP type and
/// month, the settlement rate, and the median days spent in each state, from the event chains.
struct CaseStatisticsEndpoints: EndpointCollection {
    let dependencies: CasesModule

    var endpoints: [Endpoint] {
        [Endpoint(.get, "/v1/statistics/cases", access: .action("case.statistics.read"), handler: statistics)]
    }

    struct Statistics: Encodable, Sendable {
        struct Stage: Encodable, Sendable {
            let state: String
            /// How many times a case left the state in the range.
            let count: Int
            let medianDays: Double
        }

        let from: CalendarDay
        let to: CalendarDay
        let filed: Int
        let byState: [String: Int]
        let byIpType: [String: Int]
        /// `YYYY-MM` in the district's time zone.
        let byMonth: [String: Int]
        /// Cases whose mediation ended, and how many of them in an agreement.
        let mediationConcluded: Int
        let settled: Int
        let settlementRate: Double?
        let stages: [Stage]
    }

    @Sendable func statistics(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        try QueryParameters.refuseUnknown(query, allowed: ["from", "to"])
        try await dependencies.authorizer.require("case.statistics.read", on: .platform, request: context)
        let workflow = dependencies.policies.loaded.caseWorkflow
        let today = CalendarDay(dependencies.clock.now, in: workflow.timeZone)
        var errors: [FieldError] = []
        func day(_ name: String, default value: CalendarDay) -> CalendarDay {
            guard let text = query[Substring(name)].map(String.init) else { return value }
            guard let day = CalendarDay(text) else {
                errors.append(FieldError(name, FieldMessage.day))
                return value
            }
            return day
        }
        let from = day("from", default: today.adding(days: -365)), to = day("to", default: today)
        if from > to { errors.append(FieldError("to", FieldMessage.notBefore("from"))) }
        if !errors.isEmpty { throw Problem.badRequest(ProblemDetail.invalidFilter, errors: errors) }
        let zone = workflow.timeZone.identifier
        let start = from.start(in: workflow.timeZone), end = to.adding(days: 1).start(in: workflow.timeZone)
        let logger = context.logger
        let database = dependencies.database

        func counts(_ column: String) async throws -> [String: Int] {
            var result: [String: Int] = [:]
            for try await (key, count) in try await database.query(
                """
                SELECT \(unescaped: column), count(*) FROM cases WHERE filed_at >= \(start) AND filed_at < \(end)
                GROUP BY 1
                """, logger: logger
            ).decode((String, Int).self) { result[key] = count }
            return result
        }
        let byState = try await counts("state")
        let byIpType = try await counts("ip_type")
        var byMonth: [String: Int] = [:]
        for try await (month, count) in try await database.query(
            """
            SELECT to_char(filed_at AT TIME ZONE \(zone), 'YYYY-MM'), count(*) FROM cases
            WHERE filed_at >= \(start) AND filed_at < \(end) GROUP BY 1
            """, logger: logger
        ).decode((String, Int).self) { byMonth[month] = count }

        // Mediation concluded: the case entered `settled` or `mediation_failed` in the range.
        var concluded = 0, settled = 0
        for try await (all, agreed) in try await database.query(
            """
            SELECT count(DISTINCT subject_id), count(DISTINCT subject_id) FILTER (WHERE to_state = 'settled') FROM events
            WHERE subject_type = 'case' AND to_state IN ('settled', 'mediation_failed') AND from_state IS DISTINCT FROM to_state
              AND at >= \(start) AND at < \(end)
            """, logger: logger
        ).decode((Int, Int).self) { (concluded, settled) = (all, agreed) }

        // Days in each state: from the event that entered it to the next event that left it.
        var stages: [Statistics.Stage] = []
        for try await (state, count, median) in try await database.query(
            """
            WITH moves AS (
                SELECT subject_id, to_state AS state, at AS entered,
                       lead(at) OVER (PARTITION BY subject_id ORDER BY seq) AS left_at
                FROM events
                WHERE subject_type = 'case' AND (from_state IS DISTINCT FROM to_state)
            )
            SELECT state, count(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM left_at - entered) / 86400)
            FROM moves WHERE left_at IS NOT NULL AND left_at >= \(start) AND left_at < \(end)
            GROUP BY state ORDER BY state
            """, logger: logger
        ).decode((String, Int, Double).self) {
            stages.append(.init(state: state, count: count, medianDays: (median * 10).rounded() / 10))
        }
        let statistics = Statistics(
            from: from, to: to, filed: byState.values.reduce(0, +), byState: byState, byIpType: byIpType, byMonth: byMonth,
            mediationConcluded: concluded, settled: settled,
            settlementRate: concluded > 0 ? (Double(settled) / Double(concluded) * 1000).rounded() / 1000 : nil,
            stages: stages)
        return try .json(statistics, headers: [.cacheControl: "no-store"])
    }
}
