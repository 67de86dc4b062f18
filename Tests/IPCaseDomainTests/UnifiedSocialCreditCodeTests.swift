import Foundation
import IPCaseDomain
import Testing

/// Codes as published in China's business registries. Each passes both the GB 32100 check character
/// and the GB 11714 organisation-code check digit, which is what keeps the GB 11714 rule enforced.
private let realCodes: [(code: String, holder: String)] = [
    ("91440300708461136T", "Shenzhen Tencent Computer Systems"),
    ("914403001922038216", "Huawei Technologies"),
    ("91330100716105852F", "Alibaba (China)"),
    ("91330100799655058B", "Alibaba (China) Network Technology"),
    ("91110108551385082Q", "Xiaomi"),
    ("91110000802100433B", "Beijing Baidu Netcom"),
    ("91440300192317458F", "BYD"),
    ("91110000710926094P", "Sinopec"),
    ("91520000214434146R", "Kweichow Moutai"),
    ("911101085923662400", "Beijing ByteDance; check character 0 (31 - sum % 31 == 31)"),
    ("9144030010001686XA", "China Merchants Bank; organisation check digit X"),
    ("9144030027939873X7", "ZTE; organisation check digit X"),
    ("91440300MA5H0HLK5U", "a Shenzhen company with a post-2015 MA-series organisation code"),
    ("12440600MB2C07549J", "a Foshan public institution (authority 1, category 2)"),
]

@Suite("Unified social credit code")
struct UnifiedSocialCreditCodeTests {
    @Test("real codes are accepted", arguments: realCodes.map(\.code))
    func acceptsRealCode(_ string: String) throws {
        let code = try UnifiedSocialCreditCode(string)
        #expect(code.rawValue == string)
        #expect(code.description == string)
    }

    // Worked by hand for 914403001922038216 so the weights are checked independently of the code.
    // GB 32100: 9·1 + 1·3 + 4·9 + 4·27 + 0·19 + 3·26 + 0·16 + 0·17 + 1·20 + 9·29 + 2·25 + 2·13
    //           + 0·8 + 3·24 + 8·10 + 2·30 + 1·28 = 831; 831 % 31 = 25; 31 - 25 = 6 → "6".
    // GB 11714 over 19220382: 1·3 + 9·7 + 2·9 + 2·10 + 0·5 + 3·8 + 8·4 + 2·2 = 164;
    //           164 % 11 = 10; 11 - 10 = 1 → "1".
    @Test func handWorkedExample() throws {
        let code = try UnifiedSocialCreditCode("914403001922038216")
        #expect(code.checkCharacter == "6")
        #expect(code.organizationCode == "192203821")
    }

    @Test func exposesItsParts() throws {
        let code = try UnifiedSocialCreditCode("91440300708461136T")
        #expect(code.registrationAuthorityCode == "9")
        #expect(code.organizationCategoryCode == "1")
        #expect(code.administrativeDivisionCode == "440300")
        #expect(code.organizationCode == "708461136")
        #expect(code.checkCharacter == "T")
    }

    @Test func lowercaseAndSurroundingWhitespaceAreNormalised() throws {
        let code = try UnifiedSocialCreditCode("  91440300708461136t\n")
        #expect(code.rawValue == "91440300708461136T")
        #expect(code == (try UnifiedSocialCreditCode("91440300708461136T")))
    }

    @Test("wrong length", arguments: ["", "91440300708461136", "91440300708461136TT", "9144 0300708461136T"])
    func rejectsWrongLength(_ string: String) {
        #expect(throws: UnifiedSocialCreditCodeError.wrongLength) { try UnifiedSocialCreditCode(string) }
    }

    @Test("letters GB 32100 leaves out", arguments: ["I", "O", "Z", "S", "V"])
    func rejectsForbiddenLetter(_ letter: String) {
        // Position 12 lies inside the organisation code, where letters are otherwise allowed.
        let string = "91440300708" + letter + "61136T"
        #expect(throws: UnifiedSocialCreditCodeError.invalidCharacter(position: 12)) {
            try UnifiedSocialCreditCode(string)
        }
    }

    @Test func rejectsNonASCIICharacter() {
        #expect(throws: UnifiedSocialCreditCodeError.invalidCharacter(position: 1)) {
            try UnifiedSocialCreditCode("９1440300708461136T")
        }
    }

    @Test func rejectsLetterInDivisionCode() {
        #expect(throws: UnifiedSocialCreditCodeError.invalidDivisionCode) {
            try UnifiedSocialCreditCode("9144A300708461136T")
        }
    }

    @Test func rejectsWrongOrganizationCodeCheckDigit() {
        // Position 17 changed from 6 to 5, and position 18 recomputed so only GB 11714 fails.
        #expect(throws: UnifiedSocialCreditCodeError.invalidOrganizationCodeCheck) {
            try UnifiedSocialCreditCode("91440300708461135P")
        }
    }

    @Test func rejectsWrongCheckCharacterAndNamesTheExpectedOne() {
        #expect(throws: UnifiedSocialCreditCodeError.invalidCheckCharacter(expected: "T")) {
            try UnifiedSocialCreditCode("91440300708461136A")
        }
    }

    @Test func rejectsTransposedDigits() {
        #expect(UnifiedSocialCreditCode(validating: "91440300708461163T") == nil)
        #expect(!UnifiedSocialCreditCode.isValid("94140300708461136T"))
    }

    @Test func errorDescriptionsNameTheRule() {
        #expect(UnifiedSocialCreditCodeError.wrongLength.description.contains("18"))
        #expect(UnifiedSocialCreditCodeError.invalidCharacter(position: 4).description.contains("character 4"))
        #expect(UnifiedSocialCreditCodeError.invalidDivisionCode.description.contains("division"))
        #expect(UnifiedSocialCreditCodeError.invalidOrganizationCodeCheck.description.contains("GB 11714"))
        #expect(UnifiedSocialCreditCodeError.invalidCheckCharacter(expected: "T").description.contains("expected T"))
    }

    @Test func codableAsAPlainString() throws {
        let code = try UnifiedSocialCreditCode("91110108551385082Q")
        let json = try JSONEncoder().encode([code])
        #expect(String(decoding: json, as: UTF8.self) == #"["91110108551385082Q"]"#)
        #expect(try JSONDecoder().decode([UnifiedSocialCreditCode].self, from: json) == [code])
    }

    @Test func decodingAnInvalidCodeFails() {
        let json = Data(#"["91110108551385082A"]"#.utf8)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([UnifiedSocialCreditCode].self, from: json)
        }
    }
}

@Suite("Generating unified social credit codes")
struct UnifiedSocialCreditCodeGenerationTests {
    @Test("completing a real prefix gives back the real code", arguments: realCodes.map(\.code))
    func completesRealPrefix(_ string: String) throws {
        let code = try UnifiedSocialCreditCode.completing(prefix: String(string.dropLast()))
        #expect(code.rawValue == string)
    }

    @Test func completingRejectsAPrefixOfTheWrongLength() {
        #expect(throws: UnifiedSocialCreditCodeError.wrongLength) {
            try UnifiedSocialCreditCode.completing(prefix: "91440300708461136T")
        }
    }

    @Test func completingRejectsAPrefixWithABadOrganizationCode() {
        #expect(throws: UnifiedSocialCreditCodeError.invalidOrganizationCodeCheck) {
            try UnifiedSocialCreditCode.completing(prefix: "91440300708461135")
        }
    }

    @Test func assemblingComputesBothCheckCharacters() throws {
        let code = try UnifiedSocialCreditCode.assembling(
            registrationAuthority: "9", category: "1", divisionCode: "110108", organizationCodeBase: "DEMAQ001")
        #expect(code.rawValue == "91110108DEMAQ0015X")
        #expect(UnifiedSocialCreditCode.isValid(code.rawValue))
    }

    @Test func assemblingRejectsALetterOutsideTheAlphabet() {
        #expect(throws: UnifiedSocialCreditCodeError.invalidCharacter(position: 10)) {
            try UnifiedSocialCreditCode.assembling(
                registrationAuthority: "9", category: "1", divisionCode: "110108", organizationCodeBase: "DOMO0001")
        }
    }

    @Test func assemblingManyDistinctCodes() throws {
        let codes = try (0 ..< 200).map { number in
            try UnifiedSocialCreditCode.assembling(
                registrationAuthority: "9", category: "1", divisionCode: "310115",
                organizationCodeBase: "MA" + String(format: "%06d", number))
        }
        #expect(Set(codes).count == 200)
        #expect(codes.allSatisfy { UnifiedSocialCreditCode.isValid($0.rawValue) })
    }
}
