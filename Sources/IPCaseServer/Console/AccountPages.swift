import Foundation
import HTTPTypes
import Hummingbird
import IPCaseDomain

/// Logging in and out, the language, the home page of each role and the notifications.
struct AccountPages: Sendable {
    let console: Console

    func register(on router: Router<AppRequestContext>) {
        router.get("/", use: console.page(home))
        router.get("/login", use: loginPage)
        router.post("/login", use: login)
        router.post("/logout", use: console.form(logout))
        router.post("/language", use: language)
        router.get("/notifications", use: console.page(notifications))
        router.post("/notifications/read-all", use: console.form(readAll))
    }

    /// Each role's first page.
    @Sendable func home(_ visit: ConsoleVisit) async throws -> Response {
        let first = if visit.has("regulator") { "/credit" } else if visit.has("admin") { "/admin" } else { "/cases" }
        return ConsoleResponse.redirect(to: first)
    }

    @Sendable func loginPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visit = ConsoleVisit(console: console, request: request, context: context)
        return showLogin(visit, email: "", problem: nil)
    }

    private func showLogin(_ visit: ConsoleVisit, email: String, problem: ConsoleProblem?, headers: HTTPFields = [:]) -> Response {
        // The login form's token, also set as a cookie: a post must bring both, and another site can read neither.
        let token = visit.request.cookies[ConsoleCookies.loginToken]?.value.nilIfEmpty ?? ConsoleFormToken.random()
        var model: [String: Any] = ["email": email, "loginToken": token]
        model["next"] = Console.localPath(visit.request.uri.queryParameters["next"].flatMap { String($0).removingPercentEncoding })
        if let problem { model["problem"] = problem.model }
        var response = visit.page(
            "login", model, title: visit.text("login.title"), status: problem?.status ?? .ok,
            cookies: [console.cookies.set(ConsoleCookies.loginToken, token, maxAge: 3600)])
        for field in headers { response.headers.append(field) }
        return response
    }

    @Sendable func login(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visit = ConsoleVisit(console: console, request: request, context: context)
        let form = ConsoleForm(String(buffer: try await request.body.collect(upTo: console.maxFormSize)))
        guard let cookie = request.cookies[ConsoleCookies.loginToken]?.value.nilIfEmpty,
              ConsoleFormToken.matches(form[ConsoleFormToken.field], cookie)
        else { return console.refusedForm(visit) }
        let email = form["email"] ?? ""
        let answer = try await console.api.call(
            .post, "/v1/auth/login", token: nil, language: visit.language,
            json: .object(["email": .string(email), "password": .string(form["password"] ?? "")]), context: context)
        guard answer.isSuccess, case .object(let body)? = answer.json, case .string(let token)? = body["token"] else {
            // The API's refusal as it is: wrong credentials, the lockout's 429 with its Retry-After, a missing field.
            var headers = HTTPFields()
            if let retry = answer.headers[.retryAfter] { headers[.retryAfter] = retry }
            return showLogin(visit, email: email, problem: answer.problem, headers: headers)
        }
        let next = Console.localPath(form["next"]) ?? "/"
        return ConsoleResponse.redirect(
            to: next, cookies: [console.cookies.set(ConsoleCookies.session, token, maxAge: nil), console.cookies.clear(ConsoleCookies.loginToken)])
    }

    /// Ends the session on the server, not only in the browser.
    @Sendable func logout(_ visit: ConsoleVisit, _ form: ConsoleForm) async throws -> Response {
        _ = try await visit.send(.post, "/v1/auth/logout")
        return ConsoleResponse.redirect(to: "/login", cookies: [console.cookies.clear(ConsoleCookies.session)])
    }

    /// The language switch: remembered for a year, and the same page again.
    @Sendable func language(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visit = ConsoleVisit(console: console, request: request, context: context)
        let form = ConsoleForm(String(buffer: try await request.body.collect(upTo: console.maxFormSize)))
        let expected = visit.sessionToken.map(ConsoleFormToken.forSession) ?? request.cookies[ConsoleCookies.loginToken]?.value ?? ""
        guard !expected.isEmpty, ConsoleFormToken.matches(form[ConsoleFormToken.field], expected) else { return console.refusedForm(visit) }
        let language = form["lang"].flatMap(Language.init(rawValue:)) ?? .zhCN
        return ConsoleResponse.redirect(
            to: Console.localPath(form["back"]) ?? "/",
            cookies: [console.cookies.set(ConsoleCookies.language, language.rawValue, maxAge: 365 * 86_400)])
    }

    @Sendable func notifications(_ visit: ConsoleVisit) async throws -> Response {
        let cursor = visit.request.uri.queryParameters["cursor"].map { "&cursor=\($0)" } ?? ""
        let page = try await visit.require("/v1/notifications?limit=50\(cursor)")
        let model = visit.model(page)
        return visit.page("notifications", ["items": visit.items(page), "nextCursor": model["nextCursor"] as Any], title: visit.text("nav.notifications"))
    }

    @Sendable func readAll(_ visit: ConsoleVisit, _ form: ConsoleForm) async throws -> Response {
        let answer = try await visit.send(.post, "/v1/notifications/read-all")
        if let problem = answer.problem { return visit.problemPage(problem) }
        return ConsoleResponse.redirect(to: "/notifications")
    }
}
