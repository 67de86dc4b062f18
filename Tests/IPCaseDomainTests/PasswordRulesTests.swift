import IPCaseDomain
import Testing

@Suite("Password rules")
struct PasswordRulesTests {
    private let email = "li.wei@example.cn"

    private func rules(_ password: String, email: String? = nil) -> [PasswordRule] {
        PasswordRules.check(password: password, email: email ?? self.email).map(\.rule)
    }

    @Test func aLongUncommonPasswordPasses() throws {
        #expect(rules("granite-orchid-7-lantern").isEmpty)
        try PasswordRules.validate(password: "granite-orchid-7-lantern", email: email)
    }

    @Test func rawValuesAreTheStableRuleNames() {
        #expect(PasswordRule.allCases.map(\.rawValue) == ["min_length", "max_length", "not_email", "not_common"])
    }

    @Test func elevenCharactersIsTooShortAndTwelveIsEnough() {
        #expect(rules("kx7!mq2#vp9") == [.tooShort])
        #expect(rules("kx7!mq2#vp9z").isEmpty)
    }

    // Characters, not bytes: twelve Chinese characters are 36 UTF-8 bytes and twelve symbols.
    @Test func lengthCountsCharactersNotBytes() {
        #expect(rules("知识产权纠纷案件信用评价").isEmpty)
        #expect(rules("知识产权纠纷案件信用评") == [.tooShort])
        // An emoji family is one Character made of several scalars.
        #expect(rules(String(repeating: "👨‍👩‍👧", count: 11)) == [.tooShort])
    }

    @Test func twoHundredFiftySixIsTheMaximum() {
        #expect(rules(String(repeating: "ab3", count: 85) + "c").isEmpty)
        #expect(rules(String(repeating: "ab3", count: 85) + "cd") == [.tooLong])
    }

    @Test func theEmailAddressIsRejectedWhateverItsCase() {
        #expect(rules("Wang.Fang@Example.com", email: "wang.fang@example.com") == [.equalsEmail])
        #expect(rules("wang.fang@example.com", email: " WANG.FANG@EXAMPLE.COM ") == [.equalsEmail])
    }

    @Test func theLocalPartIsRejectedWhateverItsCase() {
        #expect(rules("Zhang.Xiaoming88", email: "zhang.xiaoming88@example.com") == [.equalsEmail])
    }

    @Test func thePasswordMayContainTheLocalPart() {
        #expect(rules("zhang.xiaoming88 likes tea", email: "zhang.xiaoming88@example.com").isEmpty)
    }

    @Test func anEmptyEmailMatchesNothing() {
        #expect(rules("granite-orchid-7-lantern", email: "").isEmpty)
        #expect(rules("granite-orchid-7-lantern", email: "@example.com").isEmpty)
    }

    @Test("common passwords of twelve characters or more", arguments: [
        "qwertyuiop123", "1qaz2wsx3edc", "123456789012", "Password1234", "QAZWSXEDCRFV", "iloveyou1234",
        "correcthorsebatterystaple",
    ])
    func rejectsCommonLongPassword(_ password: String) {
        #expect(rules(password) == [.common])
    }

    @Test("common short passwords break two rules", arguments: ["123456", "password", "Qwerty", "dragon", "letmein"])
    func reportsEveryBrokenRule(_ password: String) {
        #expect(rules(password) == [.tooShort, .common])
    }

    @Test func validateThrowsTheFirstViolation() {
        #expect(throws: PasswordRuleViolation(rule: .tooShort)) {
            try PasswordRules.validate(password: "password", email: email)
        }
    }

    @Test func everyMessageNamesItsRule() {
        for rule in PasswordRule.allCases {
            #expect(PasswordRuleViolation(rule: rule).message.en.hasPrefix(rule.rawValue + ":"))
        }
        #expect(PasswordRuleViolation(rule: .tooShort).description.contains("12"))
        #expect(PasswordRuleViolation(rule: .tooLong).description.contains("256"))
    }
}
