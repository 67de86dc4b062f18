/// The rules a new password must satisfy. The raw values are stable identifiers for API clients
/// and translations; the messages are for people.
public enum PasswordRule: String, Sendable, CaseIterable, Codable {
    case tooShort = "min_length"
    case tooLong = "max_length"
    case equalsEmail = "not_email"
    case common = "not_common"
}

/// One broken rule, with a message in both languages that starts with the rule's identifier, so that
/// a client can tell the rules apart whatever the language.
public struct PasswordRuleViolation: Error, Sendable, Hashable, CustomStringConvertible {
    public let rule: PasswordRule
    public let message: LocalizedText

    public init(rule: PasswordRule) {
        self.rule = rule
        let text = switch rule {
        case .tooShort:
            LocalizedText(
                zh: "密码至少须有 \(PasswordRules.minimumLength) 个字符",
                en: "the password must be at least \(PasswordRules.minimumLength) characters long")
        case .tooLong:
            LocalizedText(
                zh: "密码最多 \(PasswordRules.maximumLength) 个字符",
                en: "the password must be at most \(PasswordRules.maximumLength) characters long")
        case .equalsEmail:
            LocalizedText(
                zh: "密码不能是账号的邮箱地址或其 @ 之前的部分",
                en: "the password must not be the account's email address or the part before the @")
        case .common:
            LocalizedText(zh: "此密码属于常用密码", en: "the password is on the list of commonly used passwords")
        }
        message = text.map { "\(rule.rawValue): \($0)" }
    }

    /// The English message, for logs and the command line.
    public var description: String { message.en }
}

/// Length, not composition: following NIST SP 800-63B, there are no "one digit, one symbol" rules,
/// which make passwords harder to remember without making them much harder to guess.
public enum PasswordRules {
    /// Counted in Characters (what a person sees as one symbol), not bytes or code units.
    public static let minimumLength = 12
    /// Long enough for any passphrase; bounded so nobody can make the server hash megabytes.
    public static let maximumLength = 256

    /// Every rule `password` breaks, in the order of `PasswordRule.allCases`; empty when it is acceptable.
    public static func check(password: String, email: String) -> [PasswordRuleViolation] {
        var broken: [PasswordRule] = []
        let length = password.count
        if length < minimumLength { broken.append(.tooShort) }
        if length > maximumLength { broken.append(.tooLong) }
        if matchesEmail(password, email: email) { broken.append(.equalsEmail) }
        if commonPasswords.contains(password.lowercased()) { broken.append(.common) }
        return broken.map(PasswordRuleViolation.init(rule:))
    }

    /// Throws the first violation `check` would report.
    public static func validate(password: String, email: String) throws(PasswordRuleViolation) {
        if let first = check(password: password, email: email).first { throw first }
    }

    private static func matchesEmail(_ password: String, email: String) -> Bool {
        let candidate = password.lowercased()
        let address = email.lowercased().filter { !$0.isWhitespace }
        guard !address.isEmpty else { return false }
        if candidate == address { return true }
        // The last @ separates the domain; a quoted local part may itself contain one.
        guard let at = address.lastIndex(of: "@") else { return false }
        let localPart = address[..<at]
        return !localPart.isEmpty && candidate == localPart
    }
}
