import Foundation
import Hummingbird
import IPCaseDomain

/// The park summary for regulators: `GET /v1/compliance/summary?park=…` (optionally `&template=`), as JSON or
/// as CSV (`?format=csv`, one row per figure, UTF-8 with a BOM).
struct ComplianceSummaryEndpoints: EndpointCollection {
    let dependencies: ComplianceModule

    var endpoints: [Endpoint] {
        [Endpoint(.get, "/v1/compliance/summary", access: .action("compliance.summary.read"), handler: summary)]
    }

    struct Representation: Encodable, Sendable {
        struct Listed: Encodable, Sendable {
            let assessmentId: UUID
            let organizationId: UUID
            let organizationName: String
            let templateId: String
            let state: String
            let day: CalendarDay?
        }

        struct FrequentGap: Encodable, Sendable {
            let itemId: String
            let text: LocalizedText?
            let nonCompliant: Int
            let assessed: Int
        }

        let park: String
        let templateId: String?
        let organizations: Int
        /// Organisations per level of their approved assessment; `none` without one.
        let levels: [String: Int]
        /// Submitted assessments (not drafts, not discarded) per state.
        let states: [String: Int]
        let expired: [Listed]
        let overdue: [Listed]
        let frequentGaps: [FrequentGap]
    }

    @Sendable func summary(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        try QueryParameters.refuseUnknown(query, allowed: ["park", "template", "format"])
        try await dependencies.authorizer.require("compliance.summary.read", on: .platform, request: context)
        guard let park = try QueryParameters.text(query, "park") else { throw QueryParameters.invalid("park", FieldMessage.required) }
        let format = query["format"].map(String.init) ?? "json"
        guard ["json", "csv"].contains(format) else { throw QueryParameters.invalid("format", FieldMessage.oneOf(["json", "csv"])) }
        let templateId = try QueryParameters.text(query, "template")
        let (organizations, assessments) = try await dependencies.assessments.park(park, templateId: templateId, logger: context.logger)
        let workflow = dependencies.policies.loaded.workflows[ComplianceRules.self]
        let summary = ComplianceParkSummary(
            assessments: assessments, organizations: organizations.count, today: CalendarDay(dependencies.clock.now, in: workflow.timeZone))
        let templates = dependencies.policies.loaded.checklists
        func listed(_ entry: ComplianceParkSummary.Listed) -> Representation.Listed {
            .init(
                assessmentId: entry.assessmentId, organizationId: entry.organizationId,
                organizationName: organizations[entry.organizationId] ?? "", templateId: entry.templateId, state: entry.state,
                day: entry.day)
        }
        let representation = Representation(
            park: park, templateId: templateId, organizations: summary.organizations, levels: summary.levels, states: summary.states,
            expired: summary.expired.map(listed), overdue: summary.overdue.map(listed),
            frequentGaps: summary.frequentGaps.map { gap in
                .init(
                    itemId: gap.itemId, text: templates.lazy.compactMap { $0.item(gap.itemId)?.text }.first,
                    nonCompliant: gap.nonCompliant, assessed: gap.assessed)
            })
        guard format == "csv" else { return try .json(representation, headers: [.cacheControl: "no-store"]) }
        return Self.csv(representation).response(filename: "compliance-summary-\(park).csv")
    }

    /// One figure per row: `level`, `state`, `expired`, `overdue` and `gap` rows under one header.
    static func csv(_ summary: Representation) -> CSVTable {
        var table = CSVTable(header: ["figure", "key", "count", "organization", "assessmentId", "day", "text_zh", "text_en"])
        table.append(["organizations", summary.park, String(summary.organizations), "", "", "", "", ""])
        for (level, count) in summary.levels.sorted(by: { $0.key < $1.key }) { table.append(["level", level, String(count), "", "", "", "", ""]) }
        for (state, count) in summary.states.sorted(by: { $0.key < $1.key }) { table.append(["state", state, String(count), "", "", "", "", ""]) }
        for (figure, entries) in [("expired", summary.expired), ("overdue", summary.overdue)] {
            for entry in entries {
                table.append([
                    figure, entry.templateId, "1", entry.organizationName, entry.assessmentId.uuidString.lowercased(),
                    entry.day?.description ?? "", "", "",
                ])
            }
        }
        for gap in summary.frequentGaps {
            table.append(["gap", gap.itemId, String(gap.nonCompliant), "", "", "", gap.text?.zh ?? "", gap.text?.en ?? ""])
        }
        return table
    }
}
