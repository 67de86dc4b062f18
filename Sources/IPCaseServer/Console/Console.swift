import Foundation
import HTTPTypes
import Hummingbird
import IPCaseDomain
import NIOCore

/// The web console at `/`: server-rendered pages in Chinese and English for every kind of user, each a client
/// of the JSON API in the same process (`ConsoleAPI`), so that a page shows and offers exactly what the API
/// would. The pages work without JavaScript; none is served.
struct Console: Sendable {
    typealias Handler = @Sendable (Request, AppRequestContext) async throws -> Response

    let api: ConsoleAPI
    let templates: ConsoleTemplates
    let cookies: ConsoleCookies
    /// The workflows, for the names of states and actions in the page's language.
    let policies: PolicyStore
    /// For the chain badge of a case page: the same check as `ipcase audit verify`.
    let database: Database
    /// The largest form a page posts (documents excepted, which have the API's own limit).
    let maxFormSize: Int
    let maxDocumentSize: Int

    func register(on router: Router<AppRequestContext>) {
        router.get("/assets/console.css") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "text/css; charset=utf-8"
            headers[.cacheControl] = "public, max-age=31536000, immutable"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: templates.styleSheet))
        }
        AccountPages(console: self).register(on: router)
        CasePages(console: self).register(on: router)
        CreditPages(console: self).register(on: router)
        CompliancePages(console: self).register(on: router)
        AdminPages(console: self).register(on: router)
    }

    /// A page for a logged-in user; without a live session, the login page, which comes back here after.
    func page(_ handler: @escaping @Sendable (ConsoleVisit) async throws -> Response) -> Handler {
        { request, context in
            var visit = ConsoleVisit(console: self, request: request, context: context)
            let me = try await visit.get("/v1/me")
            if me.status == .unauthorized { return toLogin(visit) }
            if let problem = me.problem { return visit.problemPage(problem) }
            visit.me = visit.model(me.json)
            do {
                return try await handler(visit)
            } catch let refusal as ConsoleRefusal {
                return visit.problemPage(refusal.problem)
            } catch let problem as Problem {
                // A console's own refusal (an id that names nothing, a form too large): a page, not JSON.
                return visit.problemPage(
                    ConsoleProblem(
                        status: problem.status, title: problem.kind.title.text(in: visit.language),
                        detail: problem.detail.text(in: visit.language)))
            }
        }
    }

    /// A form of a logged-in user: refused unless it carries the session's form token.
    func form(_ handler: @escaping @Sendable (ConsoleVisit, ConsoleForm) async throws -> Response) -> Handler {
        page { visit in
            let body = try await visit.request.body.collect(upTo: maxFormSize)
            let form = ConsoleForm(String(buffer: body))
            guard ConsoleFormToken.matches(form[ConsoleFormToken.field], visit.formToken) else { return refusedForm(visit) }
            return try await handler(visit, form)
        }
    }

    func refusedForm(_ visit: ConsoleVisit) -> Response {
        visit.problemPage(ConsoleProblem(status: .forbidden, title: visit.text("error.formToken.title"), detail: visit.text("error.formToken.detail")))
    }

    func toLogin(_ visit: ConsoleVisit) -> Response {
        let here = visit.request.uri.path + (visit.request.uri.query.map { "?\($0)" } ?? "")
        let next = visit.request.method == .get && here != "/" ? "?next=\(here.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" : ""
        let clear = visit.sessionToken == nil ? [] : [cookies.clear(ConsoleCookies.session)]
        return ConsoleResponse.redirect(to: "/login\(next)", cookies: clear)
    }

    /// Whether a path is a page of the console: every path but the API's (`/v1/…`) and the operator's.
    static func isPage(_ path: String) -> Bool {
        !["/v1/", "/health/"].contains { path.hasPrefix($0) } && !["/metrics", "/openapi.yaml"].contains(path)
    }

    /// The console's uploads (`POST /cases/{id}/documents`, `POST /compliance/{id}/evidence`), whose bodies may be as large as a document.
    static func isUpload(_ method: HTTPRequest.Method, _ path: String) -> Bool {
        method == .post && (path.hasSuffix("/documents") || path.hasSuffix("/evidence")) && isPage(path)
    }

    /// Only a path of this site is a place to go back to: never another site (`//evil`, `https://`).
    static func localPath(_ text: String?) -> String? {
        guard let text, text.hasPrefix("/"), !text.hasPrefix("//"), !text.hasPrefix("/\\"),
              !text.contains(where: { $0.isNewline })
        else { return nil }
        return text
    }
}
