import Foundation
import IPCaseDomain
import PostgresNIO

/// Everything one workflow step writes, in one prepared statement: the subject's row, the chain's head and
/// events, the notifications and the subject's timers. A single statement is atomic on its own, so a step
/// needs no transaction of its own, and it costs one round trip however many events, notifications and
/// timers it has (they travel as arrays).
///
/// Nothing is written unless both guards hold. The **gate** (an update's `SELECT … FOR UPDATE` of the row at
/// the expected version) locks the row, so the row's own write cannot then fail; the **head** moves only if
/// the chain still ends where the events were sealed onto, and everything else is written `FROM head`. The
/// answer says which guard failed: no gate is a stale version (412); a gate without a written row means
/// another writer moved the chain, and the writer seals the events again onto the new head.
///
/// The store's SQL comes first and numbers its parameters from `$1`; the shared part numbers its own after
/// them. The SQL is fixed per store and form, because PostgreSQL keeps a prepared statement's plan by name.
struct WorkflowWriteStatement<Store: WorkflowSubjectStore, Form: WorkflowWriteForm>: PostgresPreparedStatement {
    typealias Row = (gated: Bool, version: Int?)

    /// The store's values for its own SQL, then the shared values in the order `sql` numbers them.
    let subjectValues: PostgresBindings
    let chain: ChainReference
    let head: EventChain.Head
    let events: [ChainedEvent]
    let subjectType: String
    let subjectId: UUID
    let subjectLabel: String
    let now: Date
    let notifications: [(audience: NotificationStore.Audience, text: LocalizedText)]
    /// The subject's timers when its deadlines changed; nil leaves its pending timers as they are.
    let timers: [(name: String, firesAt: Date)]?

    /// Short and distinct: PostgreSQL cuts a statement's name at 63 bytes, where Swift's type names would collide.
    static var name: String { "workflow_write.\(Store.Rules.subjectType).\(Form.name)" }

    static var sql: String {
        let row = Form.row(of: Store.self)
        let k = row.parameters
        func p(_ i: Int) -> String { "$\(k + i)" }
        return """
            WITH gate AS (\(row.gate ?? "SELECT 1")),
            head_begun AS (
                INSERT INTO chain_heads (subject_type, subject_id, last_seq, last_hash)
                SELECT \(p(1))::text, \(p(2))::uuid, \(p(4))::int8, \(p(5))::bytea FROM gate WHERE \(p(3))::int8 = 0
                ON CONFLICT (subject_type, subject_id) DO NOTHING
                RETURNING 1),
            head_moved AS (
                UPDATE chain_heads SET last_seq = \(p(4))::int8, last_hash = \(p(5))::bytea
                WHERE subject_type = \(p(1))::text AND subject_id = \(p(2))::uuid AND \(p(3))::int8 > 0
                  AND last_seq = \(p(3))::int8 AND EXISTS (SELECT 1 FROM gate)
                RETURNING 1),
            head AS (SELECT 1 FROM head_begun UNION ALL SELECT 1 FROM head_moved),
            subject AS (\(row.write)),
            chained AS (
                INSERT INTO events (subject_type, subject_id, seq, at, actor_user_id, actor_organization_id, action,
                                    from_state, to_state, payload, prev_hash, hash)
                SELECT \(p(1))::text, \(p(2))::uuid, e.seq, 'epoch'::timestamptz + \(p(6))::int8 * interval '1 microsecond',
                       nullif(e.actor_user, '')::uuid, nullif(e.actor_organization, '')::uuid, e.action,
                       nullif(e.from_state, ''), nullif(e.to_state, ''), e.payload::jsonb, e.prev_hash, e.hash
                FROM head, unnest(\(p(7))::int8[], \(p(8))::text[], \(p(9))::text[], \(p(10))::text[], \(p(11))::text[],
                                  \(p(12))::text[], \(p(13))::text[], \(p(14))::bytea[], \(p(15))::bytea[])
                    AS e(seq, actor_user, actor_organization, action, from_state, to_state, payload, prev_hash, hash)),
            notified_users AS (
                INSERT INTO notifications (id, user_id, subject_type, subject_id, subject_label, text_zh, text_en, created_at)
                SELECT gen_random_uuid(), u.id, \(p(16))::text, \(p(17))::uuid, \(p(18))::text, n.zh, n.en, \(p(19))::timestamptz
                FROM head, unnest(\(p(20))::uuid[], \(p(21))::text[], \(p(22))::text[]) AS n(user_id, zh, en)
                JOIN users u ON u.id = n.user_id AND u.status = 'active'),
            notified_members AS (
                INSERT INTO notifications (id, user_id, subject_type, subject_id, subject_label, text_zh, text_en, created_at)
                SELECT gen_random_uuid(), u.id, \(p(16))::text, \(p(17))::uuid, \(p(18))::text, n.zh, n.en, \(p(19))::timestamptz
                FROM head, unnest(\(p(23))::uuid[], \(p(24))::text[], \(p(25))::text[], \(p(26))::text[]) AS n(organization_id, role, zh, en)
                JOIN users u ON u.organization_id = n.organization_id AND n.role = ANY(u.roles) AND u.status = 'active'),
            -- A timer a scheduler is firing right now is skipped, not waited for (see TimerStore.replacePending).
            cancelled AS (
                UPDATE timers SET cancelled_at = \(p(19))::timestamptz
                WHERE \(p(27))::bool AND EXISTS (SELECT 1 FROM head) AND id IN (
                    SELECT id FROM timers
                    WHERE subject_type = \(p(16))::text AND subject_id = \(p(17))::uuid AND fired_at IS NULL AND cancelled_at IS NULL
                    FOR UPDATE SKIP LOCKED)),
            scheduled AS (
                INSERT INTO timers (id, subject_type, subject_id, name, fires_at, created_at)
                SELECT gen_random_uuid(), \(p(16))::text, \(p(17))::uuid, t.name, t.fires_at, \(p(19))::timestamptz
                FROM head, unnest(\(p(28))::text[], \(p(29))::timestamptz[]) AS t(name, fires_at))
            SELECT EXISTS (SELECT 1 FROM gate), (SELECT version FROM subject)
            """
    }

    func makeBindings() throws -> PostgresBindings {
        var bindings = subjectValues
        let last = events.last.map { EventChain.Head(seq: $0.seq, hash: $0.hash) } ?? head
        bindings.append(chain.subjectType)
        bindings.append(chain.subjectId)
        bindings.append(head.seq)
        bindings.append(last.seq)
        bindings.append(ByteBuffer(bytes: last.hash))
        bindings.append(events.first?.atMicroseconds ?? 0)
        bindings.append(events.map(\.seq))
        bindings.append(events.map { $0.actorUserId?.uuidString ?? "" })
        bindings.append(events.map { $0.actorOrganizationId?.uuidString ?? "" })
        bindings.append(events.map(\.action))
        bindings.append(events.map { $0.fromState ?? "" })
        bindings.append(events.map { $0.toState ?? "" })
        bindings.append(events.map { String(decoding: CanonicalJSON.encode($0.payload), as: UTF8.self) })
        bindings.append(events.map { ByteBuffer(bytes: $0.prevHash) })
        bindings.append(events.map { ByteBuffer(bytes: $0.hash) })
        bindings.append(subjectType)
        bindings.append(subjectId)
        bindings.append(subjectLabel)
        bindings.append(now)
        var users: [(UUID, LocalizedText)] = [], members: [(UUID, String, LocalizedText)] = []
        for (audience, text) in notifications {
            switch audience {
            case .user(let id): users.append((id, text))
            case .organization(let id, let role): members.append((id, role.rawValue, text))
            }
        }
        bindings.append(users.map(\.0))
        bindings.append(users.map(\.1.zh))
        bindings.append(users.map(\.1.en))
        bindings.append(members.map(\.0))
        bindings.append(members.map(\.1))
        bindings.append(members.map(\.2.zh))
        bindings.append(members.map(\.2.en))
        bindings.append(timers != nil)
        bindings.append((timers ?? []).map(\.name))
        bindings.append((timers ?? []).map(\.firesAt))
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {
        let (gated, version) = try row.decode((Bool, Int?).self)
        return (gated, version)
    }
}

/// The SQL a store writes its subject's row with, inside `WorkflowWriteStatement`. `write` reads `FROM head`,
/// so that the row is written only when the chain's head moved, and returns the row's `version`.
struct SubjectRowSQL: Sendable {
    /// For an update: `SELECT 1 FROM <table> WHERE id = … AND version = … FOR UPDATE`.
    var gate: String?
    var write: String
    /// How many parameters `gate` and `write` number, from `$1`.
    var parameters: Int
}

/// Whether a statement inserts a new subject or updates one: a type, so that each has its own prepared name.
protocol WorkflowWriteForm: Sendable {
    static var name: String { get }
    static func row<Store: WorkflowSubjectStore>(of store: Store.Type) -> SubjectRowSQL
}

enum InsertSubject: WorkflowWriteForm {
    static let name = "insert"
    static func row<Store: WorkflowSubjectStore>(of store: Store.Type) -> SubjectRowSQL { Store.insertRow }
}

enum UpdateSubject: WorkflowWriteForm {
    static let name = "update"
    static func row<Store: WorkflowSubjectStore>(of store: Store.Type) -> SubjectRowSQL { Store.updateRow }
}

extension PostgresBindings {
    /// A value that may be missing, sent as text with '' for missing, for SQL to turn back with `nullif($n, '')`.
    /// A prepared statement's parameter types are fixed when it is first prepared, and a NULL sent first would
    /// leave PostgreSQL to guess a type the later values do not have.
    mutating func appendText(_ value: String?) {
        append(value ?? "")
    }
}
