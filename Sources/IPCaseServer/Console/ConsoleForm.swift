import Foundation

/// A form as a browser posts it (`application/x-www-form-urlencoded`): each name with its values, in order.
struct ConsoleForm: Sendable {
    private(set) var values: [String: [String]] = [:]

    init(_ body: String) {
        for pair in body.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(parts[0])
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            values[name, default: []].append(value)
        }
    }

    init(values: [String: [String]]) { self.values = values }

    subscript(_ name: String) -> String? { values[name]?.first }

    /// The trimmed value, or nil when the field was left empty.
    func text(_ name: String) -> String? {
        guard let value = self[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    /// A checkbox: present when ticked.
    func isChecked(_ name: String) -> Bool { values[name]?.contains { $0 == "on" || $0 == "true" } ?? false }

    private static func decode(_ part: Substring) -> String {
        String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(part)
    }
}
