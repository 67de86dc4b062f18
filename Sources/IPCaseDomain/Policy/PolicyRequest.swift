/// A principal or resource as the policies see it: a type name and flat attributes.
public struct PolicyEntity: Sendable, Hashable {
    public var type: String
    public var attributes: [String: PolicyValue]

    public init(type: String, attributes: [String: PolicyValue]) {
        self.type = type
        self.attributes = attributes
    }

    public subscript(attribute: String) -> PolicyValue? {
        get { attributes[attribute] }
        set { attributes[attribute] = newValue }
    }
}

/// One question to the policy set: may `principal` perform `action` on `resource`?
public struct PolicyRequest: Sendable, Hashable {
    /// The authenticated user; its roles are read from its `roles` attribute (a string set).
    public var principal: PolicyEntity
    public var action: String
    public var resource: PolicyEntity
    public var context: [String: PolicyValue]

    public init(
        principal: PolicyEntity,
        action: String,
        resource: PolicyEntity,
        context: [String: PolicyValue] = [:]
    ) {
        self.principal = principal
        self.action = action
        self.resource = resource
        self.context = context
    }
}
