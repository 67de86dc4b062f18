import Foundation
import HTTPTypes
import Hummingbird
import IPCaseDomain

/// The administrator's pages: organisations and users (listed and created), and the loaded policies with their
/// hash and a reload.
struct AdminPages: Sendable {
    let console: Console

    func register(on router: Router<AppRequestContext>) {
        router.get("/admin", use: console.page(show))
        router.post("/admin/policies/reload", use: console.form(reload))
        router.post("/admin/organizations", use: console.form(createOrganization))
        router.post("/admin/users", use: console.form(createUser))
    }

    static let organizationKinds = ["enterprise", "mediation_body", "arbitration_commission", "court", "regulator", "platform"]
    static let roles = ["enterprise", "mediator", "arbitrator", "judge", "regulator", "admin"]

    @Sendable func show(_ visit: ConsoleVisit) async throws -> Response {
        try await page(visit, reloaded: nil)
    }

    /// Which form was refused, with the API's words and what was typed.
    struct Failure {
        let form: String
        let problem: ConsoleProblem
        let values: ConsoleForm
    }

    private func page(_ visit: ConsoleVisit, reloaded: [String: Any]?, failed: Failure? = nil) async throws -> Response {
        let query = visit.request.uri.queryParameters
        let organizations = try await visit.require("/v1/organizations?limit=50" + (query["orgCursor"].map { "&cursor=\($0)" } ?? ""))
        let users = try await visit.require("/v1/users?limit=50" + (query["userCursor"].map { "&cursor=\($0)" } ?? ""))
        let ready = visit.model(try await visit.get("/health/ready").json)
        var model: [String: Any] = [
            "organizations": visit.items(organizations).map { organization in
                var organization = organization
                organization["kindLabel"] = visit.text("admin.kind.\(organization["kind"] as? String ?? "")")
                return organization
            },
            "users": visit.items(users), "policyHash": ready["policyHash"] ?? "",
        ]
        if let next = visit.model(organizations)["nextCursor"] as? String { model["nextOrganizations"] = "/admin?orgCursor=\(next)" }
        if let next = visit.model(users)["nextCursor"] as? String { model["nextUsers"] = "/admin?userCursor=\(next)" }
        if let reloaded { model["reloaded"] = reloaded }
        model["kinds"] = Self.organizationKinds.map { ["value": $0, "label": visit.text("admin.kind.\($0)")] }
        model["roleChoices"] = Self.roles.map { ["value": $0, "label": visit.text("admin.role.\($0)")] }
        model["allOrganizations"] = model["organizations"]
        if let failed {
            var errors: [String: String] = [:]
            for (field, message) in failed.problem.fields { errors[field] = message }
            model[failed.form + "Failed"] = ["problem": failed.problem.model, "errors": errors]
        }
        return visit.page("admin", model, title: visit.text("nav.admin"), status: failed?.problem.status ?? .ok)
    }

    @Sendable func createOrganization(_ visit: ConsoleVisit, _ form: ConsoleForm) async throws -> Response {
        var body: [String: JSONValue] = [:]
        for name in ["name", "kind", "creditCode", "park"] { if let value = form.text(name) { body[name] = .string(value) } }
        let answer = try await visit.send(.post, "/v1/organizations", .object(body))
        if let problem = answer.problem { return try await page(visit, reloaded: nil, failed: Failure(form: "organization", problem: problem, values: form)) }
        return ConsoleResponse.redirect(to: "/admin#organizations")
    }

    @Sendable func createUser(_ visit: ConsoleVisit, _ form: ConsoleForm) async throws -> Response {
        var body: [String: JSONValue] = ["roles": .array((form.values["roles"] ?? []).map(JSONValue.string))]
        for name in ["email", "displayName", "organizationId", "password"] { if let value = form.text(name) { body[name] = .string(value) } }
        let answer = try await visit.send(.post, "/v1/users", .object(body))
        if let problem = answer.problem { return try await page(visit, reloaded: nil, failed: Failure(form: "user", problem: problem, values: form)) }
        return ConsoleResponse.redirect(to: "/admin#users")
    }

    /// The same reload as `POST /v1/admin/policies/reload` and SIGHUP: all files or none.
    @Sendable func reload(_ visit: ConsoleVisit, _ form: ConsoleForm) async throws -> Response {
        let answer = try await visit.send(.post, "/v1/admin/policies/reload")
        if let problem = answer.problem { return try await page(visit, reloaded: ["problem": problem.model]) }
        return try await page(visit, reloaded: ["done": true])
    }
}
