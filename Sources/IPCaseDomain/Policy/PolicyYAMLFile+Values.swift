import Foundation
import Yams

/// The values every policy file reads the same way: whole numbers in a range, booleans, texts in both
/// languages, mappings with known keys. Each names the value and its line when it is wrong.
extension PolicyYAMLFile {
    mutating func dictionary(_ node: Node, _ what: String, _ keys: Set<String>) -> [String: Node]? {
        guard let entries = mapping(node, what, allowedKeys: keys) else { return nil }
        return Dictionary(entries.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    mutating func integer(_ node: Node?, _ what: String, in range: ClosedRange<Int>) -> Int? {
        guard let node else {
            report("\(what) is required", line: 1)
            return nil
        }
        guard case .scalar(let scalar) = node, let value = Int(scalar.string), range.contains(value) else {
            report("\(what) must be a whole number from \(range.lowerBound) to \(range.upperBound)", at: node)
            return nil
        }
        return value
    }

    mutating func bool(_ node: Node?, _ what: String) -> Bool? {
        guard let node, case .scalar(let scalar) = node, ["true", "false"].contains(scalar.string) else {
            if let node { report("\(what) must be true or false", at: node) } else { report("\(what) is required", line: 1) }
            return nil
        }
        return scalar.string == "true"
    }

    mutating func localized(_ node: Node?, _ what: String) -> LocalizedText? {
        guard let node, let parts = self.dictionary(node, what, ["zh", "en"]),
              let zh = parts["zh"].flatMap({ string($0, "\(what).zh") }),
              let en = parts["en"].flatMap({ string($0, "\(what).en") })
        else {
            if let node { report("\(what) needs both zh and en", at: node) } else { report("\(what) is required", line: 1) }
            return nil
        }
        return LocalizedText(zh: zh, en: en)
    }
}
