import Yams

/// The entity types, context attributes and actions that rules may refer to (`Policies/schema.yaml`).
public struct PolicySchema: Sendable {
    /// The entity every request's principal is checked against.
    public static let principalEntity = "principal"

    /// Includes `principal`.
    public var entities: [String: EntityDeclaration]
    public var context: [String: AttributeDeclaration]
    public var actions: [String: ActionDeclaration]

    public init(
        entities: [String: EntityDeclaration],
        context: [String: AttributeDeclaration],
        actions: [String: ActionDeclaration]
    ) {
        self.entities = entities
        self.context = context
        self.actions = actions
    }
}

public struct EntityDeclaration: Sendable, Hashable {
    public var name: String
    public var attributes: [String: AttributeDeclaration]

    public init(name: String, attributes: [String: AttributeDeclaration]) {
        self.name = name
        self.attributes = attributes
    }
}

public struct AttributeDeclaration: Sendable, Hashable {
    public var type: PolicyType
    /// Declared with a trailing `?`: requests may leave it out. Rules may still use it without `has`;
    /// when it is missing at runtime the condition fails and the rule does not match.
    public var isOptional: Bool

    public init(type: PolicyType, isOptional: Bool = false) {
        self.type = type
        self.isOptional = isOptional
    }

    /// Parses `string`, `set<int>`, `bool?`, ...
    init?(spelling: String) {
        var compact = spelling.filter { !$0.isWhitespace }
        isOptional = compact.hasSuffix("?")
        if isOptional { compact.removeLast() }
        guard let type = PolicyType(rawValue: compact) else { return nil }
        self.type = type
    }
}

public struct ActionDeclaration: Sendable, Hashable {
    public var name: String
    /// The entity type of the resource this action works on.
    public var resourceType: String
    public var description: String

    public init(name: String, resourceType: String, description: String) {
        self.name = name
        self.resourceType = resourceType
        self.description = description
    }
}

extension PolicySchema {
    /// Parses a schema, returning what could be understood plus every problem found, so that rule
    /// files can still be checked against the healthy part of a broken schema.
    static func parse(_ source: PolicySource) -> (schema: PolicySchema, problems: [PolicyProblem]) {
        var file = PolicyYAMLFile(path: source.path)
        var schema = PolicySchema(entities: [:], context: [:], actions: [:])

        guard let root = file.parse(source.text),
              let sections = file.mapping(root, "the schema", allowedKeys: ["entities", "context", "actions"])
        else { return (schema, file.problems) }

        var actionNodes: Node?
        for (key, keyNode, value) in sections {
            switch key {
            case "entities":
                guard let entities = file.mapping(value, "'entities'") else { continue }
                for (name, nameNode, body) in entities {
                    guard isIdentifier(name) else {
                        file.report("entity name '\(name)' must be a plain identifier", at: nameNode)
                        continue
                    }
                    let attributes = parseAttributes(of: body, "entity '\(name)'", in: &file)
                    schema.entities[name] = EntityDeclaration(name: name, attributes: attributes)
                }
            case "context":
                schema.context = parseAttributes(of: value, "'context'", in: &file)
            case "actions":
                actionNodes = value
            default:
                file.report("unknown section '\(key)'", at: keyNode)
            }
        }

        if schema.entities[principalEntity] == nil {
            file.report("the schema must declare the '\(principalEntity)' entity", at: root)
        }
        // Actions come last so that they can name entities declared further down the file.
        if let actionNodes {
            schema.actions = parseActions(actionNodes, entities: schema.entities, in: &file)
        } else {
            file.report("the schema declares no 'actions'", at: root)
        }
        return (schema, file.problems)
    }

    private static func parseAttributes(
        of body: Node, _ owner: String, in file: inout PolicyYAMLFile
    ) -> [String: AttributeDeclaration] {
        if case .scalar(let scalar) = body, scalar.string.isEmpty { return [:] } // `name:` with no body
        guard let sections = file.mapping(body, owner, allowedKeys: ["attributes"]),
              let attributesNode = sections.first?.value
        else { return [:] }
        if case .scalar(let scalar) = attributesNode, scalar.string.isEmpty { return [:] }
        guard let entries = file.mapping(attributesNode, "the attributes of \(owner)") else { return [:] }

        var attributes: [String: AttributeDeclaration] = [:]
        for (name, nameNode, typeNode) in entries {
            guard isIdentifier(name) else {
                file.report("attribute name '\(name)' of \(owner) must be a plain identifier", at: nameNode)
                continue
            }
            guard let spelling = file.string(typeNode, "the type of '\(name)'") else { continue }
            guard let declaration = AttributeDeclaration(spelling: spelling) else {
                let known = PolicyType.allCases.map(\.rawValue).joined(separator: ", ")
                file.report("unknown type '\(spelling)' for attribute '\(name)' of \(owner) (known: \(known))",
                            at: typeNode)
                continue
            }
            attributes[name] = declaration
        }
        return attributes
    }

    private static func parseActions(
        _ node: Node, entities: [String: EntityDeclaration], in file: inout PolicyYAMLFile
    ) -> [String: ActionDeclaration] {
        guard let entries = file.mapping(node, "'actions'") else { return [:] }
        var actions: [String: ActionDeclaration] = [:]
        for (name, nameNode, body) in entries {
            guard !name.isEmpty, !name.contains(where: \.isWhitespace) else {
                file.report("action name '\(name)' must not be empty or contain spaces", at: nameNode)
                continue
            }
            guard let fields = file.mapping(body, "action '\(name)'", allowedKeys: ["resource", "description"])
            else { continue }
            guard let resourceNode = fields.first(where: { $0.key == "resource" })?.value else {
                file.report("action '\(name)' has no 'resource'", at: nameNode)
                continue
            }
            guard let resourceType = file.string(resourceNode, "the resource of action '\(name)'") else { continue }
            guard entities[resourceType] != nil else {
                file.report("action '\(name)' names unknown entity '\(resourceType)'", at: resourceNode)
                continue
            }
            let description = fields.first(where: { $0.key == "description" })
                .flatMap { file.string($0.value, "the description of action '\(name)'") } ?? ""
            actions[name] = ActionDeclaration(name: name, resourceType: resourceType, description: description)
        }
        return actions
    }

    /// Attribute and entity names must be words the condition tokenizer reads as one identifier.
    static func isIdentifier(_ name: String) -> Bool {
        func isLetter(_ scalar: Unicode.Scalar) -> Bool {
            ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || scalar == "_"
        }
        guard let first = name.unicodeScalars.first, isLetter(first) else { return false }
        return name.unicodeScalars.allSatisfy { isLetter($0) || ("0"..."9").contains($0) }
    }
}
