import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import IPCaseDomain

/// The browser's side of a session: the API's own session token in a cookie that scripts cannot read and other
/// sites cannot send, the language chosen, and the token each form carries against cross-site requests.
struct ConsoleCookies: Sendable {
    static let session = "ipcase_session"
    static let language = "ipcase_lang"
    /// Before login there is no session to bind a form to: the login form's token is also a cookie, and the two
    /// must match (the double-submit pattern).
    static let loginToken = "ipcase_login"

    /// `Secure` on every cookie, for a console served over TLS (`IPCASE_COOKIE_SECURE`).
    let secure: Bool

    func set(_ name: String, _ value: String, maxAge: Int?) -> String {
        var parts = ["\(name)=\(value)", "Path=/", "HttpOnly", "SameSite=Strict"]
        if let maxAge { parts.append("Max-Age=\(maxAge)") }
        if secure { parts.append("Secure") }
        return parts.joined(separator: "; ")
    }

    func clear(_ name: String) -> String { set(name, "", maxAge: 0) }
}

/// The token a form of a session carries: a hash of the session's own secret token, so that only a page of the
/// session can know it, and nothing needs storing.
enum ConsoleFormToken {
    static let field = "csrf"

    static func forSession(_ sessionToken: String) -> String {
        let digest = SHA256.hash(data: Data("ipcase console form\u{0}\(sessionToken)".utf8))
        return Data(digest).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    /// Compared in constant time: how long a refusal takes says nothing of how much of a guess was right.
    static func matches(_ given: String?, _ expected: String) -> Bool {
        guard let given else { return false }
        let a = Array(given.utf8), b = Array(expected.utf8)
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
