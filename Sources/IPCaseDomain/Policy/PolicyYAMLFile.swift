import Foundation
import Yams

/// Reads one YAML file as a `Node` tree, collecting problems with their line instead of stopping at
/// the first one.
struct PolicyYAMLFile {
    let path: String
    private(set) var problems: [PolicyProblem] = []

    /// YAML 1.1 turns `no`, `on` and `0o17` into bools and numbers; policy files should mean what they
    /// look like, so only `true`/`false` and plain decimal integers get a non-string type.
    private static let resolver: Resolver = {
        // The patterns are constant and known to compile.
        // swiftlint:disable force_try
        Resolver.basic
            .appending(try! Resolver.Rule(.bool, "^(?:true|false)$"))
            .appending(try! Resolver.Rule(.int, "^[-+]?(?:0|[1-9][0-9]*)$"))
            .appending(try! Resolver.Rule(.float, "^[-+]?(?:[0-9]*\\.[0-9]+(?:[eE][-+]?[0-9]+)?|\\.inf|\\.nan)$"))
            .appending(try! Resolver.Rule(.null, "^(?:~|null|Null|NULL|)$"))
        // swiftlint:enable force_try
    }()

    init(path: String) {
        self.path = path
    }

    /// The document's root, or nil (with a problem reported) when the text is not YAML or is empty.
    mutating func parse(_ text: String) -> Node? {
        do {
            guard let root = try Yams.compose(yaml: text, Self.resolver) else {
                report("the file is empty", line: 1)
                return nil
            }
            return root
        } catch let error as YamlError {
            report(error)
            return nil
        } catch {
            report("cannot read YAML: \(error)", line: 1)
            return nil
        }
    }

    mutating func report(_ message: String, line: Int) {
        problems.append(PolicyProblem(path: path, line: line, message: message))
    }

    mutating func report(_ message: String, at node: Node) {
        report(message, line: Self.line(of: node))
    }

    static func line(of node: Node) -> Int {
        node.mark?.line ?? 1
    }

    /// The mapping's entries in file order; unknown keys are reported, not ignored, because a typo
    /// like `wehn:` would otherwise silently turn a conditional rule into an unconditional one.
    mutating func mapping(
        _ node: Node, _ what: String, allowedKeys: Set<String>? = nil
    ) -> [(key: String, keyNode: Node, value: Node)]? {
        guard case .mapping(let mapping) = node else {
            report("\(what) must be a mapping", at: node)
            return nil
        }
        var entries: [(key: String, keyNode: Node, value: Node)] = []
        for (keyNode, value) in mapping {
            guard case .scalar(let key) = keyNode else {
                report("\(what) has a key that is not a plain name", at: keyNode)
                continue
            }
            if let allowedKeys, !allowedKeys.contains(key.string) {
                let expected = allowedKeys.sorted().joined(separator: ", ")
                report("unknown key '\(key.string)' in \(what) (expected one of: \(expected))", at: keyNode)
                continue
            }
            entries.append((key.string, keyNode, value))
        }
        return entries
    }

    /// A non-empty string scalar.
    mutating func string(_ node: Node, _ what: String) -> String? {
        guard case .scalar(let scalar) = node else {
            report("\(what) must be a string", at: node)
            return nil
        }
        guard scalar.tag.rawValue != Tag.Name.null.rawValue,
              !scalar.string.trimmingCharacters(in: .whitespaces).isEmpty
        else {
            report("\(what) must not be empty", at: node)
            return nil
        }
        return scalar.string
    }

    /// A non-empty list of strings, each with its node for line numbers; a lone scalar counts as a
    /// one-element list.
    mutating func stringList(_ node: Node, _ what: String) -> [(String, Node)]? {
        let items: [Node]
        switch node {
        case .sequence(let sequence): items = Array(sequence)
        case .scalar: items = [node]
        default:
            report("\(what) must be a list of strings", at: node)
            return nil
        }
        guard !items.isEmpty else {
            report("\(what) must not be empty", at: node)
            return nil
        }
        var strings: [(String, Node)] = []
        for item in items {
            if let string = string(item, "each entry of \(what)") { strings.append((string, item)) }
        }
        return strings.count == items.count ? strings : nil
    }

    private mutating func report(_ error: YamlError) {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
             .composer(_, let problem, let mark, _):
            report("invalid YAML: \(problem)", line: mark.line)
        case .duplicatedKeysInMapping(let duplicates, let context):
            report("invalid YAML: duplicate key '\(duplicates.joined(separator: "', '"))'", line: context.mark.line)
        default:
            report("invalid YAML: \(error)", line: 1)
        }
    }
}
