import Foundation
import IPCaseDomain
import Yams

/// Every text the console shows, in both languages, from `Console/text.yaml`: a tree of names whose leaves are
/// `{ zh, en }`. Templates name a text as `{{t.case.list.title}}`; none holds a word of its own.
///
/// Checked when loaded: every leaf has both languages, and every `t.` a template names exists, so that a
/// missing translation stops the server at start, not a user on a page.
struct ConsoleText: Sendable {
    enum LoadError: Error, CustomStringConvertible {
        case unreadable(String)
        case incomplete(String)
        case unknownInTemplate(template: String, key: String)

        var description: String {
            switch self {
            case .unreadable(let detail): "Console/text.yaml: \(detail)"
            case .incomplete(let key): "Console/text.yaml: \(key) needs both zh and en"
            case .unknownInTemplate(let template, let key): "Console/templates/\(template).mustache names t.\(key), which Console/text.yaml lacks"
            }
        }
    }

    /// Every text by its dotted name.
    let texts: [String: LocalizedText]
    /// The tree a template reads, once per language; never changed after loading.
    private let trees: Trees
    private final class Trees: @unchecked Sendable {
        let byLanguage: [Language: [String: Any]]
        init(_ byLanguage: [Language: [String: Any]]) { self.byLanguage = byLanguage }
    }

    init(yaml: String) throws {
        guard let root = try Yams.load(yaml: yaml) as? [String: Any] else { throw LoadError.unreadable("not a mapping") }
        var texts: [String: LocalizedText] = [:]
        func walk(_ node: [String: Any], _ prefix: String) throws {
            for (name, value) in node {
                let key = prefix.isEmpty ? name : "\(prefix).\(name)"
                guard let map = value as? [String: Any] else { throw LoadError.incomplete(key) }
                if map["zh"] != nil || map["en"] != nil {
                    guard let zh = map["zh"].map({ "\($0)" }), let en = map["en"].map({ "\($0)" }), !zh.isEmpty, !en.isEmpty
                    else { throw LoadError.incomplete(key) }
                    texts[key] = LocalizedText(zh: zh, en: en)
                } else {
                    try walk(map, key)
                }
            }
        }
        try walk(root, "")
        self.texts = texts
        var trees: [Language: [String: Any]] = [:]
        for language in Language.allCases {
            var tree: [String: Any] = [:]
            for (key, text) in texts { Self.insert(text.text(in: language), at: key.split(separator: ".").map(String.init), into: &tree) }
            trees[language] = tree
        }
        self.trees = Trees(trees)
    }

    func tree(_ language: Language) -> [String: Any] { trees.byLanguage[language] ?? [:] }

    /// The text named `key`, or the key itself, so that a gap shows on the page rather than nothing.
    func text(_ key: String, _ language: Language) -> String { texts[key]?.text(in: language) ?? key }

    func has(_ key: String) -> Bool { texts[key] != nil }

    /// Refuses a template that names a text the catalogue lacks.
    func check(template name: String, source: String) throws {
        let pattern = /\{\{[#^\/{&]?\s*t\.([A-Za-z0-9_.]+)/
        for match in source.matches(of: pattern) where texts[String(match.1)] == nil {
            throw LoadError.unknownInTemplate(template: name, key: String(match.1))
        }
    }

    private static func insert(_ value: String, at path: [String], into tree: inout [String: Any]) {
        guard let first = path.first else { return }
        if path.count == 1 {
            tree[first] = value
        } else {
            var child = tree[first] as? [String: Any] ?? [:]
            insert(value, at: Array(path.dropFirst()), into: &child)
            tree[first] = child
        }
    }
}
