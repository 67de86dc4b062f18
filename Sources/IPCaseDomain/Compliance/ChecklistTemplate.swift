public import Foundation

/// A trade-secret compliance checklist of `Policies/checklists/` (docs/domain.md#trade-secret-compliance):
/// sections of items, each with its clause, weight and importance, the implementation groups an assessment
/// chooses from, and the level bands. Validated when loaded, versioned and hashed: an assessment keeps the
/// version and hash it started on, so a changed template never re-scores it.
public struct ChecklistTemplate: Sendable {
    public enum Importance: String, Sendable, Codable {
        /// A reasonable measure no score can stand in for: a level that needs them needs every one compliant.
        case mandatory
        case recommended
    }

    public struct Group: Sendable {
        public let id: String
        public let name: LocalizedText
    }

    /// A level band: a minimum score and, when `requiresMandatory`, every mandatory item compliant.
    public struct Level: Sendable {
        public let id: String
        public let minimumScore: Int
        public let requiresMandatory: Bool
        public let name: LocalizedText
        /// The positive credit record (a kind of `Policies/credit-model.yaml`) an approval at this level proposes.
        public let creditKind: String?
    }

    public struct Item: Sendable {
        public let id: String
        public let sectionId: String
        public let text: LocalizedText
        /// The clause of the standard it follows.
        public let clause: String
        public let weight: Int
        public let importance: Importance
        public let evidenceRequired: Bool
        /// The typical evidence that proves it, and that would close a gap.
        public let evidence: LocalizedText
        public let groups: Set<String>
    }

    public struct Section: Sendable {
        public let id: String
        public let title: LocalizedText
        public let items: [Item]
    }

    public let id: String
    public let version: String
    public let title: LocalizedText
    /// The standard it follows, as people cite it.
    public let standard: String
    public let groups: [Group]
    /// Highest first; the last one's minimum is 0.
    public let levels: [Level]
    /// The approving reviewer is not the one who last returned items.
    public let fourEyes: Bool
    public let sections: [Section]
    /// SHA-256 of the file, in hex.
    public internal(set) var hash = ""

    public var items: [Item] { sections.flatMap(\.items) }

    public func item(_ id: String) -> Item? { items.first { $0.id == id } }

    /// The items an assessment of these implementation groups includes.
    public func items(in chosen: Set<String>) -> [Item] { items.filter { !$0.groups.isDisjoint(with: chosen) } }
}
