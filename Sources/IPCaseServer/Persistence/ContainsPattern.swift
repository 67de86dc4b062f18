import Foundation

/// A `LIKE` pattern that finds `text` anywhere, with LIKE's own characters escaped, so that a search for
/// `50%` finds that text and nothing else. The trigram indexes serve such patterns.
enum ContainsPattern {
    static func of(_ text: String) -> String {
        "%" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_") + "%"
    }
}
