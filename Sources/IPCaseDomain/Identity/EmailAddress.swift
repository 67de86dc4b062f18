public import Foundation

/// An email address as accounts keep it: trimmed, in Unicode NFC and case-folded, so that the two ways to
/// write "é" or "Alice" and "alice" are one account; without invisible characters (a zero-width space makes
/// two addresses look the same); and with a skeleton that folds look-alikes (full-width forms, Cyrillic and
/// Greek letters that look Latin), so that an address differing from another only by such characters can be
/// refused.
public struct EmailAddress: Sendable, Equatable {
    public enum Problem: Error, Sendable, Equatable {
        case notAnEmail
        case invisibleCharacter
    }

    /// NFC, lower case: what is stored and what a login is compared with.
    public let normalized: String
    /// Look-alikes folded: two addresses with one skeleton are confusable.
    public let skeleton: String

    public init(_ text: String) throws(Problem) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.unicodeScalars.contains(where: Self.isInvisible) { throw .invisibleCharacter }
        let normalized = trimmed.precomposedStringWithCanonicalMapping.lowercased()
        guard normalized.unicodeScalars.count <= 254, normalized.wholeMatch(of: /[^@\s]+@[^@\s]+\.[^@\s]+/) != nil else {
            throw .notAnEmail
        }
        self.normalized = normalized
        skeleton = Self.skeleton(of: normalized)
    }

    /// The key a login looks an account up by: the normalized form, or the trimmed text when it is no address.
    public static func loginKey(_ text: String) -> String {
        (try? EmailAddress(text).normalized) ?? text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    /// Format and control characters (zero-width spaces and joiners, direction marks, BOM, soft hyphen).
    static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .format, .control, .privateUse, .unassigned: true
        default: scalar.properties.isDefaultIgnorableCodePoint
        }
    }

    /// NFKC (full-width and other compatibility forms to their plain letters), lower case, then the letters of
    /// other scripts that look Latin mapped to it.
    static func skeleton(of text: String) -> String {
        let compatible = text.precomposedStringWithCompatibilityMapping.lowercased()
        return String(String.UnicodeScalarView(compatible.unicodeScalars.map { confusables[$0] ?? $0 }))
    }

    /// Cyrillic and Greek letters that are drawn like Latin ones (after lower-casing), from Unicode's
    /// confusables list: the ones an address could be spoofed with.
    static let confusables: [Unicode.Scalar: Unicode.Scalar] = [
        "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c", "т": "t", "у": "y",
        "х": "x", "ѕ": "s", "і": "i", "ї": "i", "ј": "j", "ԁ": "d", "ԛ": "q", "ԝ": "w", "һ": "h", "ӏ": "l", "ɡ": "g",
        "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x",
        "ω": "w", "ϲ": "c", "ϳ": "j", "ℓ": "l", "ı": "i",
    ]
}
