import Foundation
import IPCaseDomain

/// A checklist template as the API shows it: in a list, what it is; alone, its sections and items too.
struct ChecklistTemplateRepresentation: Encodable, Sendable {
    struct Group: Encodable, Sendable {
        let id: String
        let name: LocalizedText
    }

    struct Level: Encodable, Sendable {
        let id: String
        let minimumScore: Int
        let requiresMandatory: Bool
        let name: LocalizedText
        /// The positive credit record an approval at this level proposes.
        let creditKind: String?
    }

    struct Item: Encodable, Sendable {
        let id: String
        let text: LocalizedText
        let clause: String
        let weight: Int
        let importance: ChecklistTemplate.Importance
        let evidenceRequired: Bool
        let evidence: LocalizedText
        let groups: [String]
    }

    struct Section: Encodable, Sendable {
        let id: String
        let title: LocalizedText
        let items: [Item]
    }

    let id: String
    let version: String
    let hash: String
    let title: LocalizedText
    let standard: String
    let groups: [Group]
    let levels: [Level]
    let fourEyes: Bool
    let itemCount: Int
    let mandatoryCount: Int
    /// Only when one template is asked for.
    let sections: [Section]?

    init(_ template: ChecklistTemplate, withItems: Bool) {
        id = template.id
        version = template.version
        hash = template.hash
        title = template.title
        standard = template.standard
        groups = template.groups.map { Group(id: $0.id, name: $0.name) }
        levels = template.levels.map {
            Level(
                id: $0.id, minimumScore: $0.minimumScore, requiresMandatory: $0.requiresMandatory, name: $0.name,
                creditKind: $0.creditKind)
        }
        fourEyes = template.fourEyes
        itemCount = template.items.count
        mandatoryCount = template.items.filter { $0.importance == .mandatory }.count
        sections = withItems ? template.sections.map { section in
            Section(id: section.id, title: section.title, items: section.items.map { item in
                Item(
                    id: item.id, text: item.text, clause: item.clause, weight: item.weight, importance: item.importance,
                    evidenceRequired: item.evidenceRequired, evidence: item.evidence, groups: item.groups.sorted())
            })
        } : nil
    }
}
