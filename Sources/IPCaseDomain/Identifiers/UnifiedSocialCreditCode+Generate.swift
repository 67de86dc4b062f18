import Foundation

extension UnifiedSocialCreditCode {
    /// Completes a 17-character prefix with its GB 32100 check character.
    ///
    /// The prefix must already be well formed, including the organisation code's own check digit
    /// at position 17: use `assembling(...)` to have that computed as well.
    public static func completing(prefix: String) throws(UnifiedSocialCreditCodeError) -> UnifiedSocialCreditCode {
        let body = Array(prefix.trimmingCharacters(in: .whitespacesAndNewlines).uppercased())
        // A prefix one character short of a code is the only length that can be completed.
        guard body.count == length - 1 else { throw .wrongLength }
        try validateBody(body[...])
        return try UnifiedSocialCreditCode(String(body) + String(checkCharacter(forBody: body[...])))
    }

    /// Builds a valid code from its parts, computing both check characters, so seeders and tests
    /// can make as many distinct valid codes as they need.
    ///
    /// - Parameters:
    ///   - registrationAuthority: position 1, e.g. "9" for market regulation (工商).
    ///   - category: position 2, e.g. "1" for an enterprise.
    ///   - divisionCode: positions 3–8, six digits, e.g. "440300".
    ///   - organizationCodeBase: positions 9–16, the organisation code without its check digit.
    public static func assembling(
        registrationAuthority: Character,
        category: Character,
        divisionCode: String,
        organizationCodeBase: String
    ) throws(UnifiedSocialCreditCodeError) -> UnifiedSocialCreditCode {
        let head = Array(
            (String(registrationAuthority) + String(category) + divisionCode + organizationCodeBase).uppercased())
        guard head.count == 16 else { throw .wrongLength }
        // Validate before computing so a letter outside the alphabet is reported by position.
        for (offset, character) in head.enumerated() where !alphabet.contains(character) {
            throw .invalidCharacter(position: offset + 1)
        }
        guard let organizationCheck = organizationCodeCheckCharacter(forBase: head[8...]) else {
            throw .invalidOrganizationCodeCheck
        }
        return try completing(prefix: String(head) + String(organizationCheck))
    }
}
