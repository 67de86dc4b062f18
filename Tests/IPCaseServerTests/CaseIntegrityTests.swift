import Foundation
import IPCaseDomain
import NIOCore
import PostgresNIO
import Testing
@testable import IPCaseServer

/// The event log is append-only and hash-chained: the database refuses changes, and a change made
/// behind its back (a superuser switching the trigger off) is found by `ipcase audit verify`.
@Suite("Case event integrity")
struct CaseIntegrityTests {
    typealias W = CaseWorld

    @Test("each event's hash covers the previous hash: the log as served verifies")
    func servedLogVerifies() async throws {
        try await W.run { world in
            let id = try await world.settled()
            let events = try await world.events(id)
            #expect(events.map { $0["seq"] as? Int } == Array(1...events.count).map(Optional.some))
            for (previous, event) in zip(events, events.dropFirst()) {
                #expect(event["prevHash"] as? String == previous["hash"] as? String)
            }
            #expect(events.first?["prevHash"] as? String == String(repeating: "0", count: 64))
            let report = try await ChainVerification.verify(caseNumber: nil, on: world.database, logger: TestPostgres.logger)
            #expect(report.isIntact)
            #expect(report.events == events.count)

            // A reader of the API recomputes every hash from what it was served.
            for served in events {
                let actor = served["actor"] as? [String: Any] ?? [:]
                let event = ChainedEvent(
                    subjectType: "case", subjectId: UUID(uuidString: id)!, seq: served["seq"] as? Int ?? 0,
                    atMicroseconds: (served["atMicroseconds"] as? NSNumber)?.int64Value ?? 0,
                    actorUserId: (actor["userId"] as? String).flatMap(UUID.init(uuidString:)),
                    actorOrganizationId: (actor["organizationId"] as? String).flatMap(UUID.init(uuidString:)),
                    action: served["action"] as? String ?? "", fromState: served["from"] as? String,
                    toState: served["to"] as? String,
                    payload: try JSONCoding.decoder.decode(
                        JSONValue.self, from: JSONSerialization.data(withJSONObject: served["payload"] ?? [:])),
                    prevHash: ([UInt8](hex: served["prevHash"] as? String ?? "") ?? []))
                #expect(event.computedHash().hexString == served["hash"] as? String, "event \(event.seq)")
            }
        }
    }

    @Test("events cut from the end of a chain, or a whole chain removed, are found through the case's recorded head")
    func truncationDetected() async throws {
        try await W.run { world in
            let cut = try await world.settled()
            let emptied = try await world.file()
            // Tampering takes the owner's rights: the service's role may not touch a trigger.
            try await TestPostgres.shared.asOwner(world.database) { owner in try await owner.withConnection { connection in
                try await connection.query("ALTER TABLE events DISABLE TRIGGER events_append_only", logger: TestPostgres.logger)
                try await connection.query(
                    "DELETE FROM events WHERE subject_id = \(UUID(uuidString: cut)!) AND seq > 5", logger: TestPostgres.logger)
                try await connection.query(
                    "DELETE FROM events WHERE subject_id = \(UUID(uuidString: emptied)!)", logger: TestPostgres.logger)
                try await connection.query("ALTER TABLE events ENABLE TRIGGER events_append_only", logger: TestPostgres.logger)
            } }
            let report = try await ChainVerification.verify(caseNumber: nil, on: world.database, logger: TestPostgres.logger)
            let cutNumber = try await world.read(cut)["number"] as? String ?? ""
            let emptiedNumber = try await world.read(emptied)["number"] as? String ?? ""
            let found = Dictionary(uniqueKeysWithValues: report.breaks.map { ($0.subject, $0.break) })
            #expect(found["case \(cutNumber)"]?.reason.contains("cut from its end") == true)
            #expect(found["case \(emptiedNumber)"]?.reason.contains("no events") == true)
            #expect(report.breaks.count == 2)
        }
    }

    @Test("UPDATE, DELETE and TRUNCATE on events are refused")
    func appendOnly() async throws {
        try await W.run { world in
            let id = try await world.file()
            let caseId = UUID(uuidString: id)!
            // As the owner, whose privileges would allow it: the triggers refuse (the service role is refused sooner).
            try await TestPostgres.shared.asOwner(world.database) { owner in
                await #expect(throws: (any Error).self) {
                    try await owner.query(
                        "UPDATE events SET action = 'forged' WHERE subject_id = \(caseId)", logger: TestPostgres.logger)
                }
                await #expect(throws: (any Error).self) {
                    try await owner.query("DELETE FROM events WHERE subject_id = \(caseId)", logger: TestPostgres.logger)
                }
                await #expect(throws: (any Error).self) {
                    try await owner.query("TRUNCATE events", logger: TestPostgres.logger)
                }
            }
        }
    }

    @Test("an event altered directly in SQL is found, and the first broken link named")
    func tamperDetected() async throws {
        try await W.run { world in
            let id = try await world.settled()
            let untouched = try await world.inMediation()
            let caseId = UUID(uuidString: id)!
            // What an attacker with superuser rights could do: switch the trigger off and rewrite history.
            // Tampering takes the owner's rights: the service's role may not touch a trigger.
            try await TestPostgres.shared.asOwner(world.database) { owner in try await owner.withConnection { connection in
                try await connection.query("ALTER TABLE events DISABLE TRIGGER events_append_only", logger: TestPostgres.logger)
                try await connection.query(
                    """
                    UPDATE events SET payload = jsonb_set(payload, '{terms}', '"B owes nothing."')
                    WHERE subject_id = \(caseId) AND action = 'draftAgreement'
                    """, logger: TestPostgres.logger)
                try await connection.query("ALTER TABLE events ENABLE TRIGGER events_append_only", logger: TestPostgres.logger)
            } }
            let rows = try await world.database.query(
                "SELECT seq, number FROM events JOIN cases ON cases.id = subject_id WHERE subject_id = \(caseId) AND action = 'draftAgreement'",
                logger: TestPostgres.logger)
            var tampered = 0, number = ""
            for try await (seq, caseNumber) in rows.decode((Int, String).self) { (tampered, number) = (seq, caseNumber) }

            let all = try await ChainVerification.verify(caseNumber: nil, on: world.database, logger: TestPostgres.logger)
            #expect(!all.isIntact)
            #expect(all.breaks.count == 1)
            #expect(all.breaks.first?.subject == "case \(number)")
            #expect(all.breaks.first?.break.seq == tampered)
            #expect(all.breaks.first?.break.reason.contains("altered") == true)

            let one = try await ChainVerification.verify(caseNumber: number, on: world.database, logger: TestPostgres.logger)
            #expect(one.breaks.first?.break.seq == tampered)
            let otherNumber = try await world.read(untouched)["number"] as? String ?? ""
            #expect(try await ChainVerification.verify(caseNumber: otherNumber, on: world.database, logger: TestPostgres.logger).isIntact)
        }
    }

    @Test("a removed event is found as a gap")
    func removalDetected() async throws {
        try await W.run { world in
            let id = try await world.inMediation()
            let caseId = UUID(uuidString: id)!
            // Tampering takes the owner's rights: the service's role may not touch a trigger.
            try await TestPostgres.shared.asOwner(world.database) { owner in try await owner.withConnection { connection in
                try await connection.query("ALTER TABLE events DISABLE TRIGGER events_append_only", logger: TestPostgres.logger)
                try await connection.query(
                    "DELETE FROM events WHERE subject_id = \(caseId) AND seq = 2", logger: TestPostgres.logger)
                try await connection.query("ALTER TABLE events ENABLE TRIGGER events_append_only", logger: TestPostgres.logger)
            } }
            let report = try await ChainVerification.verify(caseNumber: nil, on: world.database, logger: TestPostgres.logger)
            #expect(report.breaks.first?.break.seq == 3)
            #expect(report.breaks.first?.break.reason.contains("missing") == true)
        }
    }

    @Test("a chain head only moves forward: moving it back, deleting it and truncating are refused")
    func headsMoveForward() async throws {
        try await W.run { world in
            let caseId = UUID(uuidString: try await world.file())!
            for statement: PostgresQuery in [
                "UPDATE chain_heads SET last_seq = 0 WHERE subject_id = \(caseId)",
                "UPDATE chain_heads SET subject_id = gen_random_uuid() WHERE subject_id = \(caseId)",
                "DELETE FROM chain_heads WHERE subject_id = \(caseId)",
                "TRUNCATE chain_heads",
            ] {
                // As the owner: the trigger, not a missing privilege, is what refuses.
                try await TestPostgres.shared.asOwner(world.database) { owner in
                    await #expect(throws: (any Error).self) { try await owner.query(statement, logger: TestPostgres.logger) }
                }
            }
        }
    }

    @Test("a chain emptied behind a head set back to nothing, and an event added behind the head's back, are found")
    func headTamperingDetected() async throws {
        try await W.run { world in
            let emptied = UUID(uuidString: try await world.file())!
            let extended = try await world.file()
            let events = try await EventChain().events(
                subjectType: "case", subjectId: UUID(uuidString: extended)!, on: world.database, logger: TestPostgres.logger)
            let last = try #require(events.last)
            // A forged event that links correctly to the last one, appended without moving the head.
            let forged = ChainedEvent(
                subjectType: "case", subjectId: last.subjectId, seq: last.seq + 1, atMicroseconds: last.atMicroseconds + 1,
                actorUserId: nil, actorOrganizationId: nil, action: "withdraw", fromState: "filed", toState: "closed",
                payload: .object([:]), prevHash: last.hash
            ).sealed()
            // Tampering takes the owner's rights: the service's role may not touch a trigger.
            try await TestPostgres.shared.asOwner(world.database) { owner in try await owner.withConnection { connection in
                let log = TestPostgres.logger
                try await connection.query("ALTER TABLE events DISABLE TRIGGER events_append_only", logger: log)
                try await connection.query("ALTER TABLE chain_heads DISABLE TRIGGER chain_heads_forward", logger: log)
                try await connection.query("DELETE FROM events WHERE subject_id = \(emptied)", logger: log)
                try await connection.query(
                    "UPDATE chain_heads SET last_seq = 0, last_hash = \(ByteBuffer(bytes: ChainedEvent.genesisHash)) WHERE subject_id = \(emptied)",
                    logger: log)
                try await connection.query(
                    """
                    INSERT INTO events (subject_type, subject_id, seq, at, action, from_state, to_state, payload, prev_hash, hash)
                    VALUES ('case', \(forged.subjectId), \(forged.seq),
                            'epoch'::timestamptz + \(forged.atMicroseconds) * interval '1 microsecond', 'withdraw', 'filed',
                            'closed', '{}'::jsonb, \(ByteBuffer(bytes: forged.prevHash)), \(ByteBuffer(bytes: forged.hash)))
                    """, logger: log)
                try await connection.query("ALTER TABLE chain_heads ENABLE TRIGGER chain_heads_forward", logger: log)
                try await connection.query("ALTER TABLE events ENABLE TRIGGER events_append_only", logger: log)
            } }
            let report = try await ChainVerification.verify(caseNumber: nil, on: world.database, logger: TestPostgres.logger)
            let reasons = report.breaks.map(\.break.reason)
            #expect(report.breaks.count == 2)
            #expect(reasons.contains { $0.contains("has no events") })
            #expect(reasons.contains { $0.contains("added behind its back") })
        }
    }
}
