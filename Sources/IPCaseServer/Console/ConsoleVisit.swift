import Foundation
import HTTPTypes
import Hummingbird
import IPCaseDomain
import NIOCore

/// One request to the console: who asks (the session in its cookie), in which language, and the means to ask
/// the API and to answer with a page.
/// Not `Sendable`: it lives and dies within its request's task.
struct ConsoleVisit {
    let console: Console
    let request: Request
    let context: AppRequestContext
    let language: Language
    let sessionToken: String?
    /// `GET /v1/me`, once the session is known to be live.
    var me: [String: Any] = [:]

    init(console: Console, request: Request, context: AppRequestContext) {
        self.console = console
        self.request = request
        self.context = context
        let chosen = request.cookies[ConsoleCookies.language].flatMap { Language(rawValue: $0.value) }
        language = chosen ?? Language(acceptLanguage: request.headers[.acceptLanguage])
        sessionToken = request.cookies[ConsoleCookies.session]?.value.nilIfEmpty
    }

    var roles: [String] { me["roles"] as? [String] ?? [] }
    func has(_ role: String) -> Bool { roles.contains(role) }
    var organization: [String: Any] { me["organization"] as? [String: Any] ?? [:] }
    var formToken: String { sessionToken.map(ConsoleFormToken.forSession) ?? "" }

    func text(_ key: String) -> String { console.templates.text.text(key, language) }

    // MARK: The API

    func get(_ path: String) async throws -> ConsoleAPI.Answer {
        try await console.api.call(.get, path, token: sessionToken, language: language, context: context)
    }

    /// A read the page cannot do without: any refusal becomes the page's own.
    func require(_ path: String) async throws -> JSONValue {
        let answer = try await get(path)
        if let problem = answer.problem { throw ConsoleRefusal(problem: problem) }
        return answer.json ?? .null
    }

    func send(_ method: HTTPRequest.Method, _ path: String, _ json: JSONValue? = nil, ifMatch: String? = nil) async throws -> ConsoleAPI.Answer {
        var headers = HTTPFields()
        if let ifMatch { headers[.ifMatch] = "\"\(ifMatch)\"" }
        return try await console.api.call(method, path, token: sessionToken, language: language, json: json, headers: headers, context: context)
    }

    /// An upload form: the browser's multipart body, its token checked, passed to the API as it came, with the
    /// version the form names as `If-Match`. Nil when the token is missing or wrong.
    func forwardUpload(to path: String, maxSize: Int) async throws -> ConsoleAPI.Answer? {
        let contentType = request.headers[.contentType] ?? ""
        let body = try await request.body.collect(upTo: maxSize)
        let texts = try await MultipartToken.texts(in: body, contentType: contentType, names: [ConsoleFormToken.field, "version"])
        guard !formToken.isEmpty, ConsoleFormToken.matches(texts[ConsoleFormToken.field], formToken) else { return nil }
        var headers = HTTPFields()
        headers[.contentType] = contentType
        if let version = texts["version"] { headers[.ifMatch] = "\"\(version)\"" }
        return try await console.api.call(.post, path, token: sessionToken, language: language, body: body, headers: headers, context: context)
    }

    func model(_ json: JSONValue?) -> [String: Any] { ConsoleModel.object(json, language) }
    func items(_ json: JSONValue?) -> [[String: Any]] { ConsoleModel.items(json, language) }

    // MARK: Pages

    /// The page `template` inside the layout: the texts, the user, the navigation of the user's roles, the
    /// form token and the language switch.
    func page(_ template: String, _ model: [String: Any], title: String, status: HTTPResponse.Status = .ok, cookies: [String] = []) -> Response {
        var model = model
        model["t"] = console.templates.text.tree(language)
        model["lang"] = language.rawValue
        model["otherLanguage"] = language == .en ? Language.zhCN.rawValue : Language.en.rawValue
        model["otherLanguageName"] = language == .en ? "中文" : "English"
        model["pageTitle"] = title
        // Before login, the language switch carries the login form's token.
        model["csrf"] = formToken.isEmpty ? model["loginToken"] ?? "" : formToken
        model["here"] = here
        model["styleSheet"] = "/assets/console.css?v=\(console.templates.styleSheetVersion)"
        if !me.isEmpty {
            model["me"] = me
            model["nav"] = navigation()
        }
        return ConsoleResponse.page(console.templates.render(template, model), status: status, language: language, cookies: cookies)
    }

    /// A refusal as a page of its own, with the API's words.
    func problemPage(_ problem: ConsoleProblem) -> Response {
        page("problem", ["problem": problem.model], title: problem.title, status: problem.status)
    }

    /// Where the language switch comes back to: this page, or for the answer to a form the page that held it.
    private var here: String {
        if request.method == .get { return request.uri.path + (request.uri.query.map { "?\($0)" } ?? "") }
        let referer = request.headers[.referer].flatMap(URL.init(string:))
        return Console.localPath(referer.map { $0.path + ($0.query.map { "?\($0)" } ?? "") }) ?? "/"
    }

    private func navigation() -> [[String: Any]] {
        var items: [(String, String)] = []
        if has("enterprise") || has("mediator") || has("arbitrator") || has("judge") { items.append(("/cases", "nav.cases")) }
        if has("enterprise") { items.append(("/cases/new", "nav.file")) }
        if has("enterprise") || has("regulator") { items.append(("/credit", "nav.credit")) }
        if has("enterprise") || has("regulator") { items.append(("/compliance", "nav.compliance")) }
        if has("admin") { items.append(("/admin", "nav.admin")) }
        items.append(("/notifications", "nav.notifications"))
        let path = request.uri.path
        return items.map { href, key in
            ["href": href, "label": text(key), "current": path == href || (href != "/cases" && path.hasPrefix(href + "/"))]
        }
    }
}

/// A read the page needed was refused: the page shows the refusal instead.
struct ConsoleRefusal: Error {
    let problem: ConsoleProblem
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
