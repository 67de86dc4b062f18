import Foundation
import IPCaseDomain

/// Every fault of a JSON body in one answer, whatever type it decodes into. A decoder stops at its
/// first fault; this records it, puts a stand-in value where it was (a missing member gets one too, so
/// a missing object's own members are named), and decodes again, until the body decodes or no
/// stand-in fits. A client with four missing fields then learns all four in one 422.
enum BodyFaults {
    /// Stand-ins tried in turn until one decodes at that place.
    private static var standIns: [Any] { ["", 0, false, [String: Any](), [Any]()] }
    private static let maximumRounds = 64

    /// The validation problem naming every fault, or nil when the body is not a JSON document at all.
    static func all<Body: Decodable>(decoding type: Body.Type, from data: Data, first: DecodingError) -> Problem? {
        guard var tree = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else { return nil }
        var faults: [FieldError] = []
        var standIn: [String: Int] = [:]
        var error = first
        for _ in 0..<maximumRounds {
            guard let (path, fault) = locate(error) else { break }
            let name = RequestBodyReader.fieldName(path)
            if let tried = standIn[name] {
                // Our own stand-in did not fit: try the next kind of value in the same place.
                guard tried + 1 < standIns.count else { break }
                standIn[name] = tried + 1
            } else {
                if let fault { faults.append(FieldError(name, fault)) }
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

    /// Where a decoding error happened and, unless the place holds a stand-in of ours, what is wrong there.
    private static func locate(_ error: DecodingError) -> ([any CodingKey], LocalizedText?)? {
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
