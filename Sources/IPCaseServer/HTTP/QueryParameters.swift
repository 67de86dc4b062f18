import Foundation
import Hummingbird
import HummingbirdCore
import IPCaseDomain

/// Query parameters of lists: a misspelt or unknown one is refused rather than silently ignored (a filter
/// that does nothing looks like an empty result), and a bad value names its parameter.
enum QueryParameters {
    static func refuseUnknown(_ query: FlatDictionary<Substring, Substring>, allowed: Set<String>) throws {
        let unknown = Set(query.map { String($0.key) }).subtracting(allowed).sorted()
        guard unknown.isEmpty else {
            let message = FieldMessage.unknownParameter(allowed: allowed.sorted())
            throw Problem.badRequest(
                ProblemDetail.parameter(unknown[0], message), errors: unknown.map { FieldError($0, message) })
        }
    }

    /// A text parameter, when given: `length` characters at most and no NUL (which PostgreSQL refuses), or 400.
    static func text(_ query: FlatDictionary<Substring, Substring>, _ name: String, length: ClosedRange<Int> = 1...100) throws -> String? {
        guard let value = query[Substring(name)].map(String.init) else { return nil }
        guard FieldValidation.fits(value, length) else { throw invalid(name, FieldMessage.length(length)) }
        return value
    }

    /// A count or position (0 or more) when given; `required` makes a missing one a 400 too.
    static func count(_ query: FlatDictionary<Substring, Substring>, _ name: String, required: Bool = false) throws -> UInt64? {
        guard let text = query[Substring(name)].map(String.init) else {
            if required { throw invalid(name, FieldMessage.wholeNumber(0...Int.max)) }
            return nil
        }
        guard let value = UInt64(text), value <= UInt64(Int64.max) else { throw invalid(name, FieldMessage.wholeNumber(0...Int.max)) }
        return value
    }

    static func invalid(_ name: String, _ message: LocalizedText) -> Problem {
        Problem.badRequest(ProblemDetail.parameter(name, message), errors: [FieldError(name, message)])
    }
}
