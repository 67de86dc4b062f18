/// A value an attribute of a principal, resource or context can hold.
public enum PolicyValue: Sendable, Hashable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case stringSet(Set<String>)
    case intSet(Set<Int>)

    public var type: PolicyType {
        switch self {
        case .string: .string
        case .int: .int
        case .bool: .bool
        case .stringSet: .stringSet
        case .intSet: .intSet
        }
    }
}

extension PolicyValue: CustomStringConvertible {
    public var description: String {
        switch self {
        case .string(let value): "\"\(value)\""
        case .int(let value): String(value)
        case .bool(let value): String(value)
        case .stringSet(let values): "[" + values.sorted().map { "\"\($0)\"" }.joined(separator: ", ") + "]"
        case .intSet(let values): "[" + values.sorted().map(String.init).joined(separator: ", ") + "]"
        }
    }
}

/// The type of an attribute, as spelled in `schema.yaml`.
public enum PolicyType: String, Sendable, Hashable, CaseIterable {
    case string
    case int
    case bool
    case stringSet = "set<string>"
    case intSet = "set<int>"

    var elementType: PolicyType? {
        switch self {
        case .stringSet: .string
        case .intSet: .int
        case .string, .int, .bool: nil
        }
    }

    var setType: PolicyType? {
        switch self {
        case .string: .stringSet
        case .int: .intSet
        case .bool, .stringSet, .intSet: nil
        }
    }
}

extension PolicyType: CustomStringConvertible {
    public var description: String { rawValue }
}
