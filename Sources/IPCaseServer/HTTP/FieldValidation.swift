import Foundation
import IPCaseDomain

/// Collects every problem with a request body before answering, so that a client learns all the fields
/// at fault at once. Messages are `LocalizedText` only (mostly `FieldMessage`), so none is English alone.
struct FieldValidation {
    private(set) var errors: [FieldError] = []

    mutating func check(_ condition: Bool, _ field: String, _ message: LocalizedText) {
        if !condition { errors.append(FieldError(field, message)) }
    }

    mutating func add(_ field: String, _ message: LocalizedText) {
        errors.append(FieldError(field, message))
    }

    func throwIfInvalid() throws {
        if !errors.isEmpty { throw Problem.validation(errors) }
    }

    /// Lengths are counted as PostgreSQL's length() counts them, in code points, so that what passes
    /// here never trips a CHECK constraint later; and PostgreSQL text cannot hold U+0000 at all.
    static func fits(_ text: String, _ range: ClosedRange<Int>) -> Bool {
        !text.isEmpty && range.contains(text.unicodeScalars.count) && !text.unicodeScalars.contains("\u{0}")
    }

    static func isEmail(_ text: String) -> Bool {
        text.unicodeScalars.count <= 254 && !text.unicodeScalars.contains("\u{0}") && text.wholeMatch(of: /[^@\s]+@[^@\s]+\.[^@\s]+/) != nil
    }

    static func trimmed(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
