import Foundation
import IPCaseDomain
import Logging
import NIOCore
import PostgresNIO
import Testing
@testable import IPCaseServer

/// A capability that is not a case, plugged into the shared mechanisms from a test folder: its workflow
/// file, the one workflow engine, the one writer (events, chain head, notifications, timers, credit
/// proposals), the one deadline handler and `audit verify`. Nothing in it touches case code, which is
/// the proof that credit and compliance can be built the same way.
@Suite("A toy capability on the shared foundation")
struct ToyCapabilityTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/toy-policies")

    @Test("a toy is started, wound up, and run down by its deadline through the one consequence path")
    func toyLife() async throws {
        try await ToyWorld.run { world in
            let toy = try await world.start()
            let wound = try world.ownerTakes("wind", on: toy, fields: ["turns": .string("12")])
            #expect(wound.subject.state == "running")
            #expect(wound.subject.turns == 12)
            let version = try await world.write(wound, previous: toy)
            #expect(version == 2)

            // A photo of it, in the one document store, recorded in its chain; its kinds are its workflow's.
            #expect(world.workflow.documentKinds == ["photo"])
            let documents = DocumentStore(database: world.database, uploads: UploadSlots(limit: 1))
            let staged = try await documents.stage(maxSize: 1 << 20, logger: world.logger) { writer in
                try await writer.append(ByteBuffer(string: "png"))
            }
            let photo = try await world.database.transaction(logger: world.logger) { connection in
                try await DocumentSubmission(documents: documents, events: EventChain()).submit(
                    DocumentUpload(
                        filename: "toy.png", kind: "photo", confidential: false, contentType: "image/png", staged: staged),
                    subjectType: "toy", subjectId: toy.snapshot.id, state: "running",
                    by: Principal(
                        userId: world.ownerUser, organizationId: world.owner, organizationKind: .enterprise,
                        roles: [.enterprise], sessionId: UUID()),
                    now: world.clock.now, on: connection, logger: world.logger)
            }
            #expect(photo.kind == "photo" && photo.sha256.count == 64)

            // Two days of spring: the timer fires on the third day, and only then.
            world.clock.advance(by: 2 * 86_400)
            #expect(await world.scheduler.runDue() == 0)
            world.clock.advance(by: 86_400)
            #expect(await world.scheduler.runDue() == 1)

            let stored = try #require(try await world.store.find(toy.snapshot.id, on: nil, forUpdate: false, logger: world.logger))
            #expect(stored.snapshot.state == "stopped")
            #expect(stored.snapshot.outcome == "ran_down")
            #expect(stored.version == 3)

            let events = try await EventChain().events(
                subjectType: "toy", subjectId: toy.snapshot.id, on: world.database, logger: world.logger)
            #expect(events.map(\.action) == ["register", "wind", "submitDocument", "runDown"])
            if case .object(let payload) = events[2].payload { #expect(payload["sha256"] == .string(photo.sha256)) }
            #expect(events.last?.actorUserId == nil)  // the system ran it down
            let head = try await world.head(of: toy.snapshot.id)
            #expect(head?.seq == 4)
            #expect(head?.hash == events.last?.hash)

            let notifications = try await world.notificationTexts()
            #expect(notifications == ["Toy TOY-1 registered.", "Toy TOY-1 runs until 2026-03-04.", "Toy TOY-1 stopped."])
            let proposals = try await world.proposals()
            #expect(proposals == ["toy \(toy.snapshot.id.uuidString.lowercased()) 6"])

            let report = try await ChainVerification.verify(nil, on: world.database, logger: world.logger)
            #expect(report.isIntact)
            #expect(report.events == 4)
        }
    }

    @Test("a step sealed onto a chain head another writer has moved since is sealed again onto the new head; a stale version writes nothing")
    func chainMovedMeanwhile() async throws {
        try await ToyWorld.run { world in
            var toy = try await world.start()
            // Where the chain ended when the toy was read…
            let read = try #require(try await world.head(of: toy.snapshot.id))
            toy.chainHead = EventChain.Head(seq: read.seq, hash: read.hash)
            // …and then another writer appends to it, as a document does.
            try await world.database.transaction(logger: world.logger) { connection in
                try await EventChain().append(
                    [.init(action: "note", actorUserId: world.ownerUser, actorOrganizationId: world.owner, fromState: nil, toState: nil, payload: [:])],
                    subjectType: "toy", subjectId: toy.snapshot.id, at: world.clock.now, on: connection, logger: world.logger)
            }
            let wound = try world.ownerTakes("wind", on: toy, fields: ["turns": .string("5")])
            #expect(try await world.write(wound, previous: toy) == 2)
            // The same step again, from the same (now stale) version: refused, and nothing is written.
            #expect(try await world.write(wound, previous: toy) == nil)

            let events = try await EventChain().events(
                subjectType: "toy", subjectId: toy.snapshot.id, on: world.database, logger: world.logger)
            #expect(events.map(\.action) == ["register", "note", "wind"])
            #expect(try await world.notificationTexts().count == 2)  // registered, runs until: once each
            let report = try await ChainVerification.verify(nil, on: world.database, logger: world.logger)
            #expect(report.isIntact && report.events == 3)
        }
    }

    @Test("events cut from the end of a toy's chain are named by audit verify, from the chain's head")
    func cutToyChainIsFound() async throws {
        try await ToyWorld.run { world in
            let toy = try await world.start()
            let wound = try world.ownerTakes("wind", on: toy, fields: ["turns": .string("3")])
            _ = try await world.write(wound, previous: toy)
            let intact = try await ChainVerification.verify(
                ChainVerification.Selection("toy:\(toy.snapshot.id.uuidString.lowercased())"), on: world.database,
                logger: world.logger)
            #expect(intact.isIntact && intact.chains == 1 && intact.events == 2)

            try await world.database.withConnection { connection in
                try await connection.query("ALTER TABLE events DISABLE TRIGGER events_append_only", logger: world.logger)
                try await connection.query(
                    "DELETE FROM events WHERE subject_type = 'toy' AND seq = 2", logger: world.logger)
                try await connection.query("ALTER TABLE events ENABLE TRIGGER events_append_only", logger: world.logger)
            }
            let report = try await ChainVerification.verify(nil, on: world.database, logger: world.logger)
            #expect(report.breaks.count == 1)
            #expect(report.breaks.first?.subject == "toy \(toy.snapshot.id.uuidString.lowercased())")
            #expect(report.breaks.first?.break.reason.contains("cut from its end") == true)
        }
    }

    @Test("a workflow file whose subject no capability registered is refused, naming it")
    func unregisteredSubjectRefused() throws {
        #expect(throws: PolicyValidationError.self) {
            _ = try PolicyStore.load(from: Self.folder, workflowKinds: [.of(CaseRules.self)])
        }
        do {
            _ = try PolicyStore.load(from: Self.folder, workflowKinds: [.of(CaseRules.self)])
        } catch let error as PolicyValidationError {
            #expect(error.description.contains("no capability moves subjects of type 'toy'"))
            #expect(error.description.contains("no workflow file has subject: case"))
        }
    }
}

// MARK: - The toy capability

struct Toy: WorkflowSubject, Codable, Equatable {
    var id: UUID
    var number: String
    var ownerOrganizationId: UUID
    var ownerCreditCode: String
    var turns = 0
    var state = ""
    var outcome: String?
    var stateEnteredAt: Date
    var deadlines: [RunningDeadline] = []

    var label: String { number }
}

enum ToyRules: WorkflowRules {
    enum Guard: Hashable, Sendable { case hasOwner }
    enum Effect: String, Hashable, Sendable { case countTurns, proposeCreditRecord }

    static let subjectType = "toy"
    static let guards: [String: Guard] = ["hasOwner": .hasOwner]
    static func effect(named name: String) -> Effect? { Effect(rawValue: name) }
    static let effectNames = ["countTurns", "proposeCreditRecord"]
    static let recipients: Set<String> = ["owner"]

    static func needsFields(_ check: Guard) -> Bool { false }

    static func failure(
        of check: Guard, on subject: Toy, context: TransitionContext, action: WorkflowAction<ToyRules>,
        workflow: WorkflowDefinition<ToyRules>
    ) -> LocalizedText? {
        subject.ownerCreditCode.isEmpty ? LocalizedText(zh: "玩具没有主人", en: "the toy has no owner") : nil
    }

    static func apply(
        _ effect: Effect, of action: WorkflowAction<ToyRules>, to outcome: inout TransitionOutcome<Toy>,
        context: TransitionContext, workflow: WorkflowDefinition<ToyRules>
    ) throws(TransitionRefusal) {
        switch effect {
        case .countTurns:
            if case .string(let turns)? = context.fields["turns"] { outcome.subject.turns = Int(turns) ?? 0 }
        case .proposeCreditRecord:
            outcome.creditProposals.append(CreditProposal(
                kind: "6", organizationId: outcome.subject.ownerOrganizationId, creditCode: outcome.subject.ownerCreditCode,
                reason: "the toy ran down"))
        }
    }

    static func templateValues(of subject: Toy) -> [String: String] { ["number": subject.number] }
}

/// Toys in a table of their own, created by the test.
struct ToyStore: WorkflowSubjectStore {
    typealias Rules = ToyRules
    let database: Database

    static let table = """
        CREATE TABLE toys (id uuid PRIMARY KEY, snapshot jsonb NOT NULL, version integer NOT NULL, updated_at timestamptz NOT NULL)
        """

    func find(_ id: UUID, on connection: PostgresConnection?, forUpdate: Bool, logger: Logger) async throws -> VersionedSubject<Toy>? {
        let query: PostgresQuery = """
            SELECT snapshot::text, version, updated_at FROM toys WHERE id = \(id) \(unescaped: forUpdate ? "FOR UPDATE" : "")
            """
        let rows = if let connection { try await connection.query(query, logger: logger) } else {
            try await database.query(query, logger: logger)
        }
        for try await (json, version, updatedAt) in rows.decode((String, Int, Date).self) {
            return VersionedSubject(
                snapshot: try SnapshotCoding.decoder.decode(Toy.self, from: Data(json.utf8)), version: version,
                updatedAt: updatedAt)
        }
        return nil
    }

    static let insertRow = SubjectRowSQL(
        write: "INSERT INTO toys SELECT $1::uuid, $2::jsonb, 1, $3::timestamptz FROM head RETURNING version", parameters: 3)

    func insertValues(_ subject: Toy, dueOn: CalendarDay?) throws -> PostgresBindings {
        var values = PostgresBindings()
        values.append(subject.id)
        values.append(String(decoding: try SnapshotCoding.encoder.encode(subject), as: UTF8.self))
        values.append(subject.stateEnteredAt)
        return values
    }

    static let updateRow = SubjectRowSQL(
        gate: "SELECT 1 FROM toys WHERE id = $1::uuid AND version = $2::int8 FOR UPDATE",
        write: """
            UPDATE toys SET snapshot = $3::jsonb, version = toys.version + 1, updated_at = $4::timestamptz
            FROM head WHERE toys.id = $1::uuid RETURNING toys.version
            """,
        parameters: 4)

    func updateValues(_ subject: Toy, dueOn: CalendarDay?, expectedVersion: Int, now: Date) throws -> PostgresBindings {
        var values = PostgresBindings()
        values.append(subject.id)
        values.append(expectedVersion)
        values.append(String(decoding: try SnapshotCoding.encoder.encode(subject), as: UTF8.self))
        values.append(now)
        return values
    }

    func audiences(of intent: NotificationIntent, on subject: Toy) -> [NotificationStore.Audience] {
        intent.recipient == "owner" ? [.organization(subject.ownerOrganizationId, role: .enterprise)] : []
    }
}

/// A database with the usual accounts and a toys table, and the toy capability wired to the shared parts.
struct ToyWorld: Sendable {
    let database: Database
    let clock: ManualClock
    let logger = TestPostgres.logger
    let policies: PolicyStore
    let store: ToyStore
    let writer: WorkflowWriter<ToyStore>
    let scheduler: TimerScheduler
    let owner: UUID
    let ownerUser: UUID

    var workflow: WorkflowDefinition<ToyRules> { policies.loaded.workflows[ToyRules.self] }

    static func run(_ test: @Sendable (ToyWorld) async throws -> Void) async throws {
        var configuration = try await TestPostgres.shared.makeDatabase(.world)
        configuration.options.maximumConnections = 3
        let database = Database(configuration: configuration, logger: TestPostgres.logger)
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await database.run() }
            try await database.query(PostgresQuery(unsafeSQL: ToyStore.table), logger: TestPostgres.logger)
            var owner = UUID(), ownerUser = UUID()
            for try await (organization, user) in try await database.query(
                "SELECT organization_id, id FROM users WHERE email = \(Accounts.alice)", logger: TestPostgres.logger
            ).decode((UUID, UUID).self) { (owner, ownerUser) = (organization, user) }
            let clock = ManualClock(CaseWorld.start)
            let policies = try PolicyStore(folder: ToyCapabilityTests.folder, workflowKinds: [.of(ToyRules.self)])
            let store = ToyStore(database: database)
            let feed = CreditFeed(database: database, model: { policies.loaded.creditModel })
            let writer = WorkflowWriter(
                store: store, events: EventChain(), notifications: NotificationStore(database: database), timers: TimerStore(),
                creditProposals: CreditProposalStore(database: database),
                creditRecords: CreditRecordChanges(
                    records: CreditRecordStore(database: database), proposals: CreditProposalStore(database: database),
                    recording: CreditRecording(
                        database: database, records: CreditRecordStore(database: database), events: EventChain(),
                        notifications: NotificationStore(database: database), feed: feed, timers: TimerStore()),
                    events: EventChain(), feed: feed, model: { policies.loaded.creditModel }))
            let scheduler = TimerScheduler(
                database: database, handlers: [WorkflowDeadlineTimers(writer: writer, policies: policies, clock: clock)],
                clock: clock, interval: .seconds(60), logger: TestPostgres.logger)
            try await test(ToyWorld(
                database: database, clock: clock, policies: policies, store: store, writer: writer, scheduler: scheduler,
                owner: owner, ownerUser: ownerUser))
            group.cancelAll()
        }
        try await TestPostgres.shared.dropDatabase(configuration)
    }

    func start() async throws -> VersionedSubject<Toy> {
        let toy = Toy(
            id: UUID(), number: "TOY-1", ownerOrganizationId: owner, ownerCreditCode: "91440300708461136T",
            stateEnteredAt: clock.now)
        let outcome = try workflow.start(
            toy, action: "register", payload: ["number": .string(toy.number)],
            context: TransitionContext(actor: .user(id: ownerUser, organizationId: owner), now: clock.now, timeZone: workflow.timeZone))
        try await database.transaction(logger: logger) { connection in
            try await writer.insert(outcome, workflow: workflow, now: clock.now, on: connection, logger: logger)
        }
        return VersionedSubject(snapshot: outcome.subject, version: 1, updatedAt: clock.now)
    }

    /// The owner's user takes a manual action, as the domain decides it.
    func ownerTakes(_ action: String, on toy: VersionedSubject<Toy>, fields: [String: JSONValue]) throws -> TransitionOutcome<Toy> {
        try workflow.take(
            action, on: toy.snapshot,
            context: TransitionContext(
                actor: .user(id: ownerUser, organizationId: owner), fields: fields, now: clock.now, timeZone: workflow.timeZone))
    }

    func write(_ outcome: TransitionOutcome<Toy>, previous: VersionedSubject<Toy>) async throws -> Int? {
        try await database.transaction(logger: logger) { connection in
            try await writer.update(outcome, previous: previous, workflow: workflow, now: clock.now, on: connection, logger: logger)
        }
    }

    func head(of id: UUID) async throws -> (seq: Int, hash: [UInt8])? {
        for try await (seq, hash) in try await database.query(
            "SELECT last_seq, last_hash FROM chain_heads WHERE subject_type = 'toy' AND subject_id = \(id)", logger: logger
        ).decode((Int, ByteBuffer).self) { return (seq, Array(hash.readableBytesView)) }
        return nil
    }

    func notificationTexts() async throws -> [String] {
        var texts: [String] = []
        for try await text in try await database.query(
            "SELECT text_en FROM notifications WHERE subject_type = 'toy' ORDER BY created_at, text_en", logger: logger
        ).decode(String.self) { texts.append(text) }
        return texts
    }

    func proposals() async throws -> [String] {
        var rows: [String] = []
        for try await (type, id, kind) in try await database.query(
            "SELECT source_type, source_id, kind FROM credit_proposals", logger: logger
        ).decode((String, UUID, String).self) { rows.append("\(type) \(id.uuidString.lowercased()) \(kind)") }
        return rows
    }
}
