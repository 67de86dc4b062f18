import Foundation
import IPCaseDomain

/// Every fault of a JSON body in one answer, whatever type it decodes into. A decoder stops at its
/// first fault; this records it, puts a stand-in value where it was, and decodes again, until the body
/// decodes or no stand-in fits. A client with four missing fields then learns all four in one 422.
/// What lies inside a missing member is not named again: "respondent is required" says it all.
enum BodyFaults {
    /// Stand-ins tried in turn until one decodes at that place: the JSON types, then the strings that
    /// ids, times and days decode from.
    private static var standIns: [Any] {
        ["", 0, false, [String: Any](), [Any](), "00000000-0000-0000-0000-000000000000", "1970-01-01T00:00:00Z", "2000-01-01"]
    }
    /// Bounds on the work one request may cause: every round decodes the body again.
    private static let maximumRounds = 48
    private static let maximumFaults = 20
    private static let maximumBodyBytes = 64 * 1024

    /// The validation problem naming every fault, or nil when the body is not a JSON document at all.
    static func all<Body: Decodable>(decoding type: Body.Type, from data: Data, first: DecodingError) -> Problem? {
        guard data.count <= maximumBodyBytes,
              var tree = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        else { return nil }
        var faults: [FieldError] = []
        var missing: [String] = []
        var standIn: [String: Int] = [:]
        var error = first
        for _ in 0..<maximumRounds where faults.count < maximumFaults {
            guard let (path, fault) = locate(error) else { break }
            let name = RequestBodyReader.fieldName(path)
            if let tried = standIn[name] {
                // Our own stand-in did not fit: try the next kind of value in the same place.
                guard tried + 1 < standIns.count else { break }
                standIn[name] = tried + 1
            } else {
                let insideMissing = missing.contains { name.hasPrefix($0 + ".") || name.hasPrefix($0 + "[") }
                if !insideMissing { faults.append(FieldError(name, fault)) }
                if case .keyNotFound = error { missing.append(name) }
                standIn[name] = 0
            }
            guard let replaced = setting(standIns[standIn[name]!], at: path[...], in: tree) else { break }
            tree = replaced
            guard let next = try? JSONSerialization.data(withJSONObject: tree, options: [.fragmentsAllowed]) else { break }
            do {
                _ = try JSONCoding.decoder.decode(Body.self, from: next)
                break
            } catch let decoding as DecodingError {
                error = decoding
            } catch {
                break
            }
        }
        return faults.isEmpty ? nil : .validation(faults)
    }

    /// Where a decoding error happened and what is wrong there.
    private static func locate(_ error: DecodingError) -> ([any CodingKey], LocalizedText)? {
        switch error {
        case .keyNotFound(let key, let context): (context.codingPath + [key], FieldMessage.required)
        case .valueNotFound(_, let context): (context.codingPath, FieldMessage.mustNotBeNull)
        case .typeMismatch(let type, let context): (context.codingPath, JSONTypeName.mustBe(type))
        case .dataCorrupted(let context) where !context.codingPath.isEmpty:
            (context.codingPath, FieldMessage.unreadable(context.debugDescription))
        default: nil
        }
    }

    /// `tree` with `value` at `path`, creating the last member when it is missing; nil when the path
    /// runs through something that is not an object or array.
    private static func setting(_ value: Any, at path: ArraySlice<any CodingKey>, in tree: Any) -> Any? {
        guard let key = path.first else { return value }
        if let index = key.intValue, var array = tree as? [Any], array.indices.contains(index) {
            guard let child = setting(value, at: path.dropFirst(), in: array[index]) else { return nil }
            array[index] = child
            return array
        }
        if var object = tree as? [String: Any] {
            let existing = object[key.stringValue] ?? [String: Any]()
            guard let child = setting(value, at: path.dropFirst(), in: existing) else { return nil }
            object[key.stringValue] = child
            return object
        }
        return nil
    }
}
