import Foundation

/// A unified social credit code (统一社会信用代码, GB 32100-2015): the 18-character identifier
/// every Chinese legal person and other organisation is registered under.
///
/// Layout, 1-based:
/// - 1: registration authority code (登记管理部门代码)
/// - 2: organisation category code (机构类别代码)
/// - 3–8: administrative division code of the registering authority (登记管理机关行政区划码)
/// - 9–17: organisation code (主体标识码, the GB 11714 organisation code, with its own check digit last)
/// - 18: check character over positions 1–17
///
/// Positions 1 and 2 are only checked against the alphabet: the authorities' table has been
/// extended since 2015 (for example `A` and `N`), and rejecting a real code is worse than
/// accepting an unusual pair.
public struct UnifiedSocialCreditCode: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The normalised code: 18 upper-case characters.
    public let rawValue: String

    /// Normalises (trims surrounding whitespace, upper-cases) and validates `string`.
    public init(_ string: String) throws(UnifiedSocialCreditCodeError) {
        let normalized = string.trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
        let characters = Array(normalized)
        guard characters.count == Self.length else { throw .wrongLength }
        try Self.validateBody(characters.dropLast())
        let expected = Self.checkCharacter(forBody: characters.dropLast())
        guard characters[Self.length - 1] == expected else {
            throw .invalidCheckCharacter(expected: expected)
        }
        rawValue = normalized
    }

    /// Returns nil instead of throwing, for callers that only need a yes or no.
    public init?(validating string: String) {
        guard let code = try? Self(string) else { return nil }
        self = code
    }

    public static func isValid(_ string: String) -> Bool {
        Self(validating: string) != nil
    }

    public var description: String { rawValue }

    public var registrationAuthorityCode: Character { character(at: 1) }
    public var organizationCategoryCode: Character { character(at: 2) }
    /// Positions 3–8, e.g. "440300" for Shenzhen.
    public var administrativeDivisionCode: String { characters(3 ... 8) }
    /// Positions 9–17: the nine-character GB 11714 organisation code, check digit included.
    public var organizationCode: String { characters(9 ... 17) }
    public var checkCharacter: Character { character(at: 18) }

    private func character(at position: Int) -> Character {
        rawValue[rawValue.index(rawValue.startIndex, offsetBy: position - 1)]
    }

    private func characters(_ positions: ClosedRange<Int>) -> String {
        String(Array(rawValue)[(positions.lowerBound - 1) ... (positions.upperBound - 1)])
    }

    // A code travels as its plain string, so JSON and database columns stay readable.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let string = try container.decode(String.self)
        do {
            self = try Self(string)
        } catch {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "invalid unified social credit code: \(error.description)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// Why a string is not a unified social credit code. Positions are 1-based, as in the standard.
public enum UnifiedSocialCreditCodeError: Error, Sendable, Hashable, CustomStringConvertible {
    case wrongLength
    case invalidCharacter(position: Int)
    case invalidDivisionCode
    case invalidOrganizationCodeCheck
    case invalidCheckCharacter(expected: Character)

    public var description: String {
        switch self {
        case .wrongLength:
            "a unified social credit code has exactly 18 characters"
        case .invalidCharacter(let position):
            "character \(position) is not one of 0-9 or A-Y without I, O, S, V, Z"
        case .invalidDivisionCode:
            "characters 3-8 (administrative division code) must be digits"
        case .invalidOrganizationCodeCheck:
            "character 17 is not the GB 11714 check digit of the organisation code in characters 9-16"
        case .invalidCheckCharacter(let expected):
            "character 18 is not the GB 32100 check character (expected \(expected))"
        }
    }
}

// MARK: - The arithmetic of GB 32100 and GB 11714

extension UnifiedSocialCreditCode {
    static let length = 18

    /// GB 32100 leaves out I, O, S, V and Z so codes cannot be misread as 1, 0, 5, U and 2.
    static let alphabet: [Character] = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")

    private static let alphabetIndex: [Character: Int] = Dictionary(
        uniqueKeysWithValues: alphabet.enumerated().map { ($0.element, $0.offset) })

    private static let checkWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

    private static let organizationCodeWeights = [3, 7, 9, 10, 5, 8, 4, 2]

    /// Checks positions 1–17: alphabet, division digits and the organisation code's own check digit.
    static func validateBody(_ body: ArraySlice<Character>) throws(UnifiedSocialCreditCodeError) {
        for (offset, character) in body.enumerated() where alphabetIndex[character] == nil {
            throw .invalidCharacter(position: offset + 1)
        }
        let start = body.startIndex
        guard body[(start + 2) ..< (start + 8)].allSatisfy(\.isASCIIDigit) else {
            throw .invalidDivisionCode
        }
        let organizationCode = body[(start + 8) ..< (start + 17)]
        let expected = organizationCodeCheckCharacter(forBase: organizationCode.dropLast())
        guard organizationCode.last == expected else { throw .invalidOrganizationCodeCheck }
    }

    /// The 18th character for 17 characters already known to be in the alphabet.
    static func checkCharacter(forBody body: ArraySlice<Character>) -> Character {
        let sum = zip(body, checkWeights).reduce(0) { sum, pair in
            sum + alphabetIndex[pair.0]! * pair.1
        }
        return alphabet[(31 - sum % 31) % 31]
    }

    /// GB 11714-1997: the 9th character of an organisation code, over its first eight characters.
    /// Letters count from A = 10 across the whole Latin alphabet, unlike the 31-character alphabet above.
    static func organizationCodeCheckCharacter(forBase base: ArraySlice<Character>) -> Character? {
        var sum = 0
        for (character, weight) in zip(base, organizationCodeWeights) {
            guard let value = character.gb11714Value else { return nil }
            sum += value * weight
        }
        switch 11 - sum % 11 {
        case 10: return "X"
        case 11: return "0"
        case let digit: return Character(String(digit))
        }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }

    fileprivate var gb11714Value: Int? {
        guard let ascii = asciiValue else { return nil }
        switch ascii {
        case UInt8(ascii: "0") ... UInt8(ascii: "9"): return Int(ascii - UInt8(ascii: "0"))
        case UInt8(ascii: "A") ... UInt8(ascii: "Z"): return Int(ascii - UInt8(ascii: "A")) + 10
        default: return nil
        }
    }
}
