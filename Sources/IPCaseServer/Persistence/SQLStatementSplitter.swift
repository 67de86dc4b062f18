import Foundation

/// Splits a migration file into single statements.
///
/// postgres-nio speaks only the extended query protocol, which takes one statement at a time, so a file
/// of many statements must be cut at its top-level semicolons. Semicolons inside quotes, quoted
/// identifiers, dollar-quoted bodies (`$$ … $$`, `$fn$ … $fn$`) and comments do not end a statement.
enum SQLStatementSplitter {
    static func split(_ sql: String) -> [String] {
        let text = Array(sql.unicodeScalars)
        var statements: [String] = []
        var current = String.UnicodeScalarView()
        var index = 0

        func flush() {
            let statement = String(current).trimmingCharacters(in: .whitespacesAndNewlines)
            if !statement.isEmpty, !isOnlyComments(statement) { statements.append(statement) }
            current = String.UnicodeScalarView()
        }
        /// Copies text up to and including `terminator`, or to the end.
        func copy(through terminator: [Unicode.Scalar]) {
            while index < text.count {
                if text[index...].starts(with: terminator) {
                    current.append(contentsOf: terminator)
                    index += terminator.count
                    return
                }
                current.append(text[index])
                index += 1
            }
        }

        while index < text.count {
            let scalar = text[index]
            let next: Unicode.Scalar? = index + 1 < text.count ? text[index + 1] : nil
            switch scalar {
            case "-" where next == "-":
                copy(through: ["\n"])
            case "/" where next == "*":
                current.append(contentsOf: ["/", "*"])
                index += 2
                copy(through: ["*", "/"])
            case "'", "\"":
                current.append(scalar)
                index += 1
                copy(through: [scalar])
            case "$":
                if let tag = dollarTag(in: text, at: index) {
                    current.append(contentsOf: tag)
                    index += tag.count
                    copy(through: tag)
                } else {
                    current.append(scalar)
                    index += 1
                }
            case ";":
                index += 1
                flush()
            default:
                current.append(scalar)
                index += 1
            }
        }
        flush()
        return statements
    }

    /// `$$` or `$tag$` starting at `start`, where a tag is letters, digits and underscores not led by a digit.
    private static func dollarTag(in text: [Unicode.Scalar], at start: Int) -> [Unicode.Scalar]? {
        var end = start + 1
        while end < text.count, text[end] == "_" || text[end].properties.isAlphabetic || ("0"..."9").contains(text[end]) {
            if end == start + 1, ("0"..."9").contains(text[end]) { return nil }
            end += 1
        }
        guard end < text.count, text[end] == "$" else { return nil }
        return Array(text[start...end])
    }

    private static func isOnlyComments(_ statement: String) -> Bool {
        statement.split(separator: "\n").allSatisfy {
            let line = $0.trimmingCharacters(in: .whitespaces)
            return line.isEmpty || line.hasPrefix("--")
        }
    }
}
