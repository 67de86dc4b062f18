import Foundation
import HTTPTypes
import Hummingbird
import IPCaseDomain
import Mustache
import Crypto

/// The console's pages: `Console/templates/*.mustache`, each checked against the texts when loaded, and the
/// one style sheet, `Console/static/console.css`.
struct ConsoleTemplates: Sendable {
    let library: MustacheLibrary
    let text: ConsoleText
    let styleSheet: ByteBuffer
    /// A short hash of the style sheet, in its URL, so that browsers may keep it for a year.
    let styleSheetVersion: String

    enum LoadError: Error, CustomStringConvertible {
        case template(String, any Error)
        case missing(String)
        var description: String {
            switch self {
            case .template(let name, let error): "Console/templates/\(name).mustache: \(error)"
            case .missing(let path): "\(path) is missing"
            }
        }
    }

    init(directory: URL) throws {
        let textFile = directory.appendingPathComponent("text.yaml")
        guard let yaml = try? String(contentsOf: textFile, encoding: .utf8) else { throw LoadError.missing(textFile.path) }
        text = try ConsoleText(yaml: yaml)
        var library = MustacheLibrary()
        let folder = directory.appendingPathComponent("templates", isDirectory: true)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for file in names.sorted() where file.hasSuffix(".mustache") {
            let name = String(file.dropLast(".mustache".count))
            let source = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            try text.check(template: name, source: source)
            do { try library.register(source, named: name) } catch { throw LoadError.template(name, error) }
        }
        guard library.getTemplate(named: "layout") != nil else { throw LoadError.missing(folder.appendingPathComponent("layout.mustache").path) }
        self.library = library
        let css = directory.appendingPathComponent("static/console.css")
        guard let sheet = try? Data(contentsOf: css) else { throw LoadError.missing(css.path) }
        styleSheet = ByteBuffer(bytes: sheet)
        styleSheetVersion = String(Array(SHA256.hash(data: sheet)).hexString.prefix(12))
    }

    func render(_ name: String, _ model: [String: Any]) -> String {
        library.render(model, withTemplate: name) ?? "template \(name) is missing"
    }
}

/// How every console page is answered: HTML in the chosen language, never cached, and a policy under which the
/// page can run no script and load nothing from elsewhere.
enum ConsoleResponse {
    static let contentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    static func page(_ html: String, status: HTTPResponse.Status = .ok, language: Language, cookies: [String] = []) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.contentLanguage] = language.rawValue
        headers[.cacheControl] = "no-store"
        headers[.vary] = "Cookie, Accept-Language"
        headers[HTTPField.Name("Content-Security-Policy")!] = contentSecurityPolicy
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        for cookie in cookies { headers.append(HTTPField(name: .setCookie, value: cookie)) }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// After a form: "see other", so that reloading the page does not post again.
    static func redirect(to location: String, cookies: [String] = []) -> Response {
        var headers = HTTPFields()
        headers[.location] = location
        headers[.cacheControl] = "no-store"
        for cookie in cookies { headers.append(HTTPField(name: .setCookie, value: cookie)) }
        return Response(status: .seeOther, headers: headers)
    }
}
