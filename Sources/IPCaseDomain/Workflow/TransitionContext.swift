public import Foundation

/// Who takes an action.
public enum WorkflowActor: Sendable, Equatable {
    case user(id: UUID, organizationId: UUID)
    /// Automatic and deadline actions.
    case system

    public var userId: UUID? {
        if case .user(let id, _) = self { id } else { nil }
    }

    public var organizationId: UUID? {
        if case .user(_, let organizationId) = self { organizationId } else { nil }
    }
}

/// A user a transition's field names, as the server found it.
public struct ReferencedUser: Sendable, Equatable {
    public let id: UUID
    public let organizationId: UUID
    public let roles: Set<String>
    public let active: Bool

    public init(id: UUID, organizationId: UUID, roles: Set<String>, active: Bool) {
        self.id = id
        self.organizationId = organizationId
        self.roles = roles
        self.active = active
    }
}

/// An organisation a transition's field names, as the server found it.
public struct ReferencedOrganization: Sendable, Equatable {
    public let id: UUID
    public let kind: String

    public init(id: UUID, kind: String) {
        self.id = id
        self.kind = kind
    }
}

/// What one step of a transition can see: the case, who acts, the validated fields, the time, and
/// the users and organisations the fields name.
public struct TransitionContext: Sendable {
    public let actor: WorkflowActor
    public let fields: [String: JSONValue]
    public let now: Date
    public let today: CalendarDay
    public let users: [UUID: ReferencedUser]
    public let organizations: [UUID: ReferencedOrganization]

    public init(
        actor: WorkflowActor, fields: [String: JSONValue] = [:], now: Date, timeZone: TimeZone,
        users: [UUID: ReferencedUser] = [:], organizations: [UUID: ReferencedOrganization] = [:]
    ) {
        self.actor = actor
        self.fields = fields
        self.now = now
        self.today = CalendarDay(now, in: timeZone)
        self.users = users
        self.organizations = organizations
    }

    func withActor(_ actor: WorkflowActor, fields: [String: JSONValue]) -> TransitionContext {
        TransitionContext(actor: actor, fields: fields, now: now, today: today, users: users, organizations: organizations)
    }

    private init(
        actor: WorkflowActor, fields: [String: JSONValue], now: Date, today: CalendarDay,
        users: [UUID: ReferencedUser], organizations: [UUID: ReferencedOrganization]
    ) {
        self.actor = actor
        self.fields = fields
        self.now = now
        self.today = today
        self.users = users
        self.organizations = organizations
    }

    /// The field's value as a UUID, when it holds one.
    func id(_ field: String) -> UUID? {
        if case .string(let text)? = fields[field] { UUID(uuidString: text) } else { nil }
    }

    /// The text of a field, when given and not empty.
    func text(_ field: String) -> String? {
        if case .string(let text)? = fields[field], !text.isEmpty { text } else { nil }
    }

    /// A field holding a day, `YYYY-MM-DD`.
    func day(_ field: String) -> CalendarDay? { text(field).flatMap(CalendarDay.init) }
}
