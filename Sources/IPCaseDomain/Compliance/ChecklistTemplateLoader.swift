import Crypto
import Foundation
import Yams

extension ChecklistTemplate {
    /// Reads and validates a file of `Policies/checklists/`; every problem is reported with its line, at once.
    public static func load(_ source: PolicySource) throws(PolicyValidationError) -> ChecklistTemplate {
        var reader = ChecklistTemplateReader(file: PolicyYAMLFile(path: source.path))
        guard let root = reader.file.parse(source.text), var template = reader.read(root), reader.file.problems.isEmpty else {
            throw PolicyValidationError(problems: reader.file.problems)
        }
        let expected = (source.path as NSString).lastPathComponent.replacingOccurrences(of: ".yaml", with: "")
        guard template.id == expected else {
            throw PolicyValidationError(problems: [
                PolicyProblem(path: source.path, line: 1, message: "id '\(template.id)' must be the file's name, '\(expected)'"),
            ])
        }
        template.hash = SHA256.hash(data: Data(source.text.utf8)).map { String(format: "%02x", $0) }.joined()
        return template
    }

    /// Every template of the folder's files, refusing two with one id.
    public static func loadAll(_ sources: [PolicySource]) throws(PolicyValidationError) -> [ChecklistTemplate] {
        var problems: [PolicyProblem] = []
        var templates: [ChecklistTemplate] = []
        for source in sources {
            do { templates.append(try load(source)) } catch { problems += error.problems }
        }
        guard problems.isEmpty else { throw PolicyValidationError(problems: problems) }
        return templates
    }
}

/// Turns the YAML tree into a template, checking what would make a level wrong: unique ids, items in known
/// groups, weights 1–5, mandatory items that need evidence, and level bands from highest to 0.
struct ChecklistTemplateReader {
    var file: PolicyYAMLFile

    private static let keys: Set<String> = ["id", "version", "title", "standard", "groups", "levels", "review", "sections"]
    private static let itemKeys: Set<String> = [
        "id", "text", "clause", "weight", "importance", "evidenceRequired", "evidence", "groups",
    ]

    mutating func read(_ root: Node) -> ChecklistTemplate? {
        guard let values = file.dictionary(root, "the checklist", Self.keys) else { return nil }
        for key in Self.keys.sorted() where values[key] == nil { file.report("\(key) is required", line: 1) }
        guard Self.keys.allSatisfy({ values[$0] != nil }) else { return nil }
        let id = file.string(values["id"]!, "id") ?? ""
        if id.range(of: "^[a-z0-9][a-z0-9-]{0,63}$", options: .regularExpression) == nil {
            file.report("id must be lower-case letters, digits and hyphens", at: values["id"]!)
        }
        let version = file.string(values["version"]!, "version") ?? ""
        let title = file.localized(values["title"]!, "title")
        let standard = file.string(values["standard"]!, "standard") ?? ""
        let groups = readGroups(values["groups"]!)
        let levels = readLevels(values["levels"]!)
        var fourEyes = false
        if let review = file.dictionary(values["review"]!, "review", ["fourEyes"]) {
            fourEyes = file.bool(review["fourEyes"], "review.fourEyes") ?? false
        }
        let sections = readSections(values["sections"]!, groups: Set(groups.map(\.id)))
        guard let title else { return nil }
        return ChecklistTemplate(
            id: id, version: version, title: title, standard: standard, groups: groups, levels: levels, fourEyes: fourEyes,
            sections: sections)
    }

    private mutating func readGroups(_ node: Node) -> [ChecklistTemplate.Group] {
        var groups: [ChecklistTemplate.Group] = []
        for (id, _, value) in file.mapping(node, "groups") ?? [] {
            if let name = file.localized(value, "group \(id)") { groups.append(.init(id: id, name: name)) }
        }
        if groups.isEmpty { file.report("groups needs at least one implementation group", at: node) }
        return groups
    }

    private mutating func readLevels(_ node: Node) -> [ChecklistTemplate.Level] {
        guard case .sequence(let sequence) = node else {
            file.report("levels must be a list, highest first", at: node)
            return []
        }
        var levels: [ChecklistTemplate.Level] = []
        for entry in sequence {
            guard let parts = file.dictionary(entry, "a level", ["id", "minScore", "mandatory", "name", "creditKind"]),
                  let id = parts["id"].flatMap({ file.string($0, "level id") }),
                  let minimum = file.integer(parts["minScore"], "minScore of level \(id)", in: 0...100),
                  let name = file.localized(parts["name"], "name of level \(id)")
            else { continue }
            let requiresMandatory = file.bool(parts["mandatory"], "mandatory of level \(id)") ?? false
            if let previous = levels.last, minimum >= previous.minimumScore {
                file.report("level \(id) must have a lower minScore than \(previous.id): levels go highest first", at: entry)
            }
            let creditKind = parts["creditKind"].flatMap { file.string($0, "creditKind of level \(id)") }
            levels.append(.init(id: id, minimumScore: minimum, requiresMandatory: requiresMandatory, name: name, creditKind: creditKind))
        }
        if levels.last?.minimumScore != 0 { file.report("the last level must have minScore 0, so every score has a level", at: node) }
        return levels
    }

    private mutating func readSections(_ node: Node, groups: Set<String>) -> [ChecklistTemplate.Section] {
        guard case .sequence(let sequence) = node, !sequence.isEmpty else {
            file.report("sections must be a non-empty list", at: node)
            return []
        }
        var sections: [ChecklistTemplate.Section] = []
        var ids: Set<String> = []
        for entry in sequence {
            guard let parts = file.dictionary(entry, "a section", ["id", "title", "items"]),
                  let id = parts["id"].flatMap({ file.string($0, "section id") })
            else { continue }
            if !ids.insert(id).inserted { file.report("a second section or item with id \(id)", at: entry) }
            let title = file.localized(parts["title"], "title of section \(id)")
            var items: [ChecklistTemplate.Item] = []
            if let itemsNode = parts["items"], case .sequence(let itemNodes) = itemsNode, !itemNodes.isEmpty {
                for itemNode in itemNodes {
                    guard let item = readItem(itemNode, section: id, groups: groups) else { continue }
                    if !ids.insert(item.id).inserted { file.report("a second section or item with id \(item.id)", at: itemNode) }
                    items.append(item)
                }
            } else {
                file.report("section \(id) needs a non-empty list of items", at: entry)
            }
            if let title { sections.append(.init(id: id, title: title, items: items)) }
        }
        return sections
    }

    private mutating func readItem(_ node: Node, section: String, groups known: Set<String>) -> ChecklistTemplate.Item? {
        guard let parts = file.dictionary(node, "an item of section \(section)", Self.itemKeys) else { return nil }
        for key in Self.itemKeys.sorted() where parts[key] == nil { file.report("an item of section \(section) needs \(key)", at: node) }
        guard let id = parts["id"].flatMap({ file.string($0, "item id") }) else { return nil }
        let what = "item \(id)"
        let text = file.localized(parts["text"], "text of \(what)")
        let clause = parts["clause"].flatMap { file.string($0, "clause of \(what)") }
        let weight = file.integer(parts["weight"], "weight of \(what)", in: 1...5)
        var importance: ChecklistTemplate.Importance?
        if let node = parts["importance"], let textValue = file.string(node, "importance of \(what)") {
            importance = ChecklistTemplate.Importance(rawValue: textValue)
            if importance == nil { file.report("importance of \(what) must be mandatory or recommended", at: node) }
        }
        let evidenceRequired = file.bool(parts["evidenceRequired"], "evidenceRequired of \(what)")
        let evidence = file.localized(parts["evidence"], "evidence of \(what)")
        var groups: Set<String> = []
        if let node = parts["groups"] {
            for (group, groupNode) in file.stringList(node, "groups of \(what)") ?? [] {
                if known.contains(group) { groups.insert(group) } else {
                    file.report("\(what) names group '\(group)', which the checklist does not have", at: groupNode)
                }
            }
            if groups.isEmpty { file.report("\(what) belongs to no implementation group", at: node) }
        }
        if importance == .mandatory, evidenceRequired == false {
            file.report("\(what) is mandatory and so needs evidenceRequired: true", at: node)
        }
        guard let text, let clause, let weight, let importance, let evidenceRequired, let evidence else { return nil }
        return .init(
            id: id, sectionId: section, text: text, clause: clause, weight: weight, importance: importance,
            evidenceRequired: evidenceRequired, evidence: evidence, groups: groups)
    }
}
