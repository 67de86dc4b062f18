import Foundation
import HTTPTypes
import Hummingbird
import IPCaseDomain

/// The administrator's pages: organisations and users, and the loaded policies with their hash and a reload.
struct AdminPages: Sendable {
    let console: Console

    func register(on router: Router<AppRequestContext>) {
        router.get("/admin", use: console.page(show))
        router.post("/admin/policies/reload", use: console.form(reload))
    }

    @Sendable func show(_ visit: ConsoleVisit) async throws -> Response {
        try await page(visit, reloaded: nil)
    }

    private func page(_ visit: ConsoleVisit, reloaded: [String: Any]?) async throws -> Response {
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
        return visit.page("admin", model, title: visit.text("nav.admin"))
    }

    /// The same reload as `POST /v1/admin/policies/reload` and SIGHUP: all files or none.
    @Sendable func reload(_ visit: ConsoleVisit, _ form: ConsoleForm) async throws -> Response {
        let answer = try await visit.send(.post, "/v1/admin/policies/reload")
        if let problem = answer.problem { return try await page(visit, reloaded: ["problem": problem.model]) }
        return try await page(visit, reloaded: ["done": true])
    }
}
