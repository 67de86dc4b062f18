import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IPCaseDomain
import Testing
@testable import IPCaseServer

/// The web console's guarantees through HTTP: sessions in safe cookies, a token on every form, the login's
/// lockout, one language or the other, and a catalogue that covers every template and workflow. The pages
/// themselves are walked in a browser by Tests/Browser/console_walk.py.
@Suite("Web console")
struct ConsoleTests {
    /// A browser's visit: its cookies, kept between requests as a browser keeps them.
    struct Browser {
        let client: any TestClientProtocol
        var cookies: [String: String] = [:]

        mutating func send(
            _ method: HTTPRequest.Method, _ path: String, form: [String: String]? = nil, headers extra: HTTPFields = [:]
        ) async throws -> TestResponse {
            var headers = extra
            if !cookies.isEmpty { headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ") }
            var body: ByteBuffer?
            if let form {
                headers[.contentType] = "application/x-www-form-urlencoded"
                body = ByteBuffer(string: form.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
                    .joined(separator: "&"))
            }
            let response = try await client.execute(uri: path, method: method, headers: headers, body: body)
            for field in response.headers where field.name == .setCookie {
                let pair = field.value.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
                let name = String(pair[0]), value = pair.count > 1 ? String(pair[1]) : ""
                if value.isEmpty || field.value.contains("Max-Age=0") { cookies[name] = nil } else { cookies[name] = value }
            }
            return response
        }

        /// The value of the hidden `csrf` input of the page.
        static func formToken(_ page: TestResponse) -> String? {
            guard let match = page.text.firstMatch(of: /name="csrf" value="([^"]*)"/) else { return nil }
            return String(match.1)
        }

        mutating func logIn(_ email: String, password: String = Accounts.password) async throws -> TestResponse {
            let page = try await send(.get, "/login")
            return try await send(.post, "/login", form: ["csrf": Self.formToken(page) ?? "", "email": email, "password": password])
        }
    }

    static func setCookie(_ response: TestResponse, _ name: String) -> String? {
        response.headers.first { $0.name == .setCookie && $0.value.hasPrefix("\(name)=") }?.value
    }

    @Test("a page without a session leads to the login, and back to the page after it")
    func pagesNeedASession() async throws {
        try await TestApp.run { client, database in
            try await Accounts.seed(database)
            var browser = Browser(client: client)
            let page = try await browser.send(.get, "/cases?state=filed")
            #expect(page.status == .seeOther)
            #expect(page.headers[.location] == "/login?next=%2Fcases%3Fstate%3Dfiled")
            let login = try await browser.send(.get, page.headers[.location]!)
            #expect(login.text.contains(#"name="next" value="/cases?state=filed""#))
            let done = try await browser.send(
                .post, "/login",
                form: ["csrf": Browser.formToken(login) ?? "", "email": Accounts.alice, "password": Accounts.password, "next": "/cases?state=filed"])
            #expect(done.status == .seeOther)
            #expect(done.headers[.location] == "/cases?state=filed")
            // Only a path of this site is a place to go after logging in.
            #expect(Console.localPath("//evil.example/x") == nil)
            #expect(Console.localPath("https://evil.example") == nil)
        }
    }

    @Test("a case that is not there, or not the user's, is a page saying so, as the API says it")
    func refusalsArePages() async throws {
        try await TestApp.run { client, database in
            try await Accounts.seed(database)
            var browser = Browser(client: client)
            _ = try await browser.logIn(Accounts.alice)
            for path in ["/cases/not-an-id", "/cases/\(UUID().uuidString.lowercased())"] {
                let page = try await browser.send(.get, path)
                #expect(page.status == .notFound)
                #expect(page.headers[.contentType] == "text/html; charset=utf-8")
                #expect(page.text.contains(#"class="problem""#))
            }
        }
    }

    @Test("what a party wrote is shown as text, never run: a case page escapes it, and its actions are the API's")
    func casePageEscapesAndOffersTheAPIsActions() async throws {
        try await CaseWorld.run { world in
            let filing = CaseWorld.filingJSON(mediationBodyId: world.mediationBodyId).replacingOccurrences(
                of: "Stop making the infringing lens and pay damages.", with: #"<script>alert('x')</script> & \"quotes\""#)
            let filed = try await world.client.call(.post, "/v1/cases", token: world.token(CaseWorld.complainant), json: filing)
            let id = try #require(try filed.json()["id"] as? String)
            var browser = Browser(client: world.client)
            _ = try await browser.logIn(CaseWorld.mediator)
            let page = try await browser.send(.get, "/cases/\(id)")
            #expect(page.status == .ok)
            #expect(!page.text.contains("<script>"))
            #expect(page.text.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;"))
            // The forms are exactly the actions the API offers this user on this case.
            let offered = Set((try await world.read(id, as: CaseWorld.mediator)["availableActions"] as? [[String: Any]] ?? [])
                .compactMap { $0["name"] as? String })
            let forms = Set(page.text.matches(of: /id="action-([A-Za-z]+)"/).map { String($0.1) })
            #expect(!offered.isEmpty && forms == offered)
            #expect(page.text.contains(#"id="chain-badge""#) && page.text.contains("badge good"))
        }
    }

    @Test("the session cookie is HttpOnly and SameSite=Strict, Secure when set so, and every page has a strict policy")
    func cookiesAndPolicy() async throws {
        try await TestApp.run(configure: { $0.secureCookies = true }) { client, database in
            try await Accounts.seed(database)
            var browser = Browser(client: client)
            let login = try await browser.logIn(Accounts.alice)
            let session = try #require(Self.setCookie(login, ConsoleCookies.session))
            #expect(session.contains("HttpOnly") && session.contains("SameSite=Strict") && session.contains("Secure"))
            let page = try await browser.send(.get, "/cases")
            #expect(page.status == .ok)
            let policy = try #require(page.headers[HTTPField.Name("Content-Security-Policy")!])
            #expect(policy.contains("default-src 'none'") && policy.contains("style-src 'self'") && !policy.contains("unsafe-inline"))
            #expect(!page.text.contains("<script") && !page.text.contains(" style=\""))
            #expect(page.headers[.cacheControl] == "no-store")
        }
        try await TestApp.run { client, database in
            try await Accounts.seed(database)
            var browser = Browser(client: client)
            let session = try #require(Self.setCookie(try await browser.logIn(Accounts.alice), ConsoleCookies.session))
            #expect(!session.contains("Secure"))
        }
    }

    @Test("a form without its token, or with another session's, is refused and changes nothing")
    func formsNeedTheirToken() async throws {
        try await TestApp.run { client, database in
            try await Accounts.seed(database)
            var alice = Browser(client: client)
            _ = try await alice.logIn(Accounts.alice)
            var bob = Browser(client: client)
            _ = try await bob.logIn(Accounts.bob)
            let bobsToken = try #require(Browser.formToken(try await bob.send(.get, "/notifications")))
            let without = try await alice.send(.post, "/logout", form: [:])
            #expect(without.status == .forbidden)
            let foreign = try await alice.send(.post, "/logout", form: ["csrf": bobsToken])
            #expect(foreign.status == .forbidden)
            #expect(foreign.text.contains("表单已失效"))
            // Alice is still logged in: nothing happened.
            #expect(try await alice.send(.get, "/notifications").status == .ok)
            // A login form without the token of its cookie is refused before any password is checked.
            var stranger = Browser(client: client)
            let forged = try await stranger.send(.post, "/login", form: ["csrf": "x", "email": Accounts.alice, "password": Accounts.password])
            #expect(forged.status == .forbidden)
            #expect(Self.setCookie(forged, ConsoleCookies.session) == nil)
        }
    }

    @Test("logging out ends the session on the server: the old cookie opens nothing")
    func logoutEndsTheSession() async throws {
        try await TestApp.run { client, database in
            try await Accounts.seed(database)
            var browser = Browser(client: client)
            _ = try await browser.logIn(Accounts.alice)
            let session = try #require(browser.cookies[ConsoleCookies.session])
            let page = try await browser.send(.get, "/notifications")
            let out = try await browser.send(.post, "/logout", form: ["csrf": Browser.formToken(page) ?? ""])
            #expect(out.status == .seeOther && out.headers[.location] == "/login")
            #expect(browser.cookies[ConsoleCookies.session] == nil)
            // The same token through the API: the session is gone.
            let api = try await client.call(.get, "/v1/me", token: session)
            #expect(api.status == .unauthorized)
        }
    }

    @Test("the login page has the API's lockout: 429 with Retry-After, in the page's language")
    func loginLockout() async throws {
        try await TestApp.run(configure: { $0.loginThrottlePerAccount.maximumFailures = 2 }) { client, database in
            try await Accounts.seed(database)
            var browser = Browser(client: client)
            for _ in 0..<2 {
                let wrong = try await browser.logIn(Accounts.alice, password: "wrong password")
                #expect(wrong.status == .unauthorized)
                #expect(wrong.text.contains(#"class="problem""#))
            }
            let locked = try await browser.logIn(Accounts.alice)
            #expect(locked.status == .tooManyRequests)
            #expect(locked.headers[.retryAfter] != nil)
            #expect(Self.setCookie(locked, ConsoleCookies.session) == nil)
        }
    }

    @Test("the language: Accept-Language first, then the switch, which is remembered")
    func language() async throws {
        try await TestApp.run { client, database in
            try await Accounts.seed(database)
            var browser = Browser(client: client)
            let chinese = try await browser.send(.get, "/login")
            #expect(chinese.headers[.contentLanguage] == "zh-CN" && chinese.text.contains("<html lang=\"zh-CN\">"))
            let english = try await browser.send(.get, "/login", headers: [.acceptLanguage: "en-GB,en;q=0.9"])
            #expect(english.headers[.contentLanguage] == "en" && english.text.contains("Log in"))
            let switched = try await browser.send(.post, "/language", form: ["csrf": Browser.formToken(chinese) ?? "", "lang": "en", "back": "/login"])
            #expect(switched.status == .seeOther && switched.headers[.location] == "/login")
            #expect(try await browser.send(.get, "/login").headers[.contentLanguage] == "en")
            // A problem from the API comes in the chosen language.
            let wrong = try await browser.logIn(Accounts.alice, password: "wrong password")
            #expect(wrong.text.contains(ProblemDetail.wrongCredentials.en))
        }
    }

    @Test("every text a template names exists in both languages, as does a label for each workflow state and field")
    func catalogueCoversTheTemplatesAndWorkflows() throws {
        let files = TestPostgres.projectFiles
        let templates = try ConsoleTemplates(directory: files.console)
        let policies = try PolicyStore.load(from: files.policies)
        var missing: [String] = []
        for (subject, workflow) in policies.workflows.bySubject {
            for state in workflow.stateNames where !templates.text.has("state.\(subject).\(state)") {
                missing.append("state.\(subject).\(state)")
            }
        }
        for action in policies.caseWorkflow.actions {
            for field in action.fields where !templates.text.has("field.\(field.name)") { missing.append("field.\(field.name)") }
        }
        #expect(missing == [])
        // And a template naming a text the catalogue lacks stops the server at start.
        #expect(throws: ConsoleText.LoadError.self) {
            try templates.text.check(template: "probe", source: "{{t.nothing.here}}")
        }
    }
}
