import Foundation
import Hummingbird
import IPCaseDomain

/// The checklist templates in force (`Policies/checklists/`), for anyone logged in: an enterprise picks
/// one to assess itself against, a regulator reads what it reviews. Conditional GET, since they change
/// only with the policy files.
struct ChecklistTemplateEndpoints: EndpointCollection {
    let dependencies: ComplianceModule

    var endpoints: [Endpoint] {
        [
            Endpoint(.get, "/v1/compliance/templates", access: .action("compliance.template.read"), handler: list),
            Endpoint(.get, "/v1/compliance/templates/{templateId}", access: .action("compliance.template.read"), handler: read),
        ]
    }

    /// The templates sorted by id, a page at a time; the cursor carries the last id.
    static let list = "checklistTemplates"

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        try QueryParameters.refuseUnknown(request.uri.queryParameters, allowed: ["limit", "cursor"])
        try await dependencies.authorizer.require("compliance.template.read", on: .platform, request: context)
        let page = try PageRequest(request, list: Keyset(list: Self.list, [("id", .text)]))
        var after = ""
        if let cursor = page.after, case .text(let id)? = cursor.key.first { after = id }
        let templates = dependencies.policies.loaded.checklists.sorted { $0.id < $1.id }.filter { $0.id > after }
        let shown = Page(rows: Array(templates.prefix(page.limit + 1)), limit: page.limit) {
            ListCursor(list: Self.list, key: [.text($0.id)])
        }.map { ChecklistTemplateRepresentation($0, withItems: false) }
        return try ConditionalGET.respond(to: request, json: shown, cacheControl: "private, no-cache")
    }

    @Sendable func read(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await dependencies.authorizer.require("compliance.template.read", on: .platform, request: context)
        guard let id = context.parameters.get("templateId"),
              let template = dependencies.policies.loaded.checklists.first(where: { $0.id == id })
        else { throw Problem.notFound() }
        let shown = ChecklistTemplateRepresentation(template, withItems: true)
        return try ConditionalGET.respond(to: request, json: shown, cacheControl: "private, no-cache")
    }
}
