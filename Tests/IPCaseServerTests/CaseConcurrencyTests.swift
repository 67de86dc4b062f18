import Foundation
import PostgresNIO
import Testing
@testable import IPCaseServer
import HTTPTypes
import HummingbirdTesting

@Suite("Case concurrency")
struct CaseConcurrencyTests {
    typealias W = CaseWorld

    @Test("20 concurrent transitions with the same If-Match: exactly one succeeds, the rest get 412, one event is written")
    func sameETagRace() async throws {
        try await W.run { world in
            let id = try await world.file()
            let before = try await world.events(id).count
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        Int(try await world.act(id, "accept", as: W.mediator, ifMatch: "\"1\"").status.code)
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 200 }.count == 1)
            #expect(statuses.filter { $0 == 412 }.count == 19)
            #expect(try await world.events(id).count == before + 1)
            #expect(try await world.version(id) == 2)
        }
    }

    @Test("two schedulers at once never fire a timer twice")
    func twoSchedulers() async throws {
        try await W.run { world in
            var ids: [String] = []
            for _ in 0..<12 {
                let id = try await world.file()
                try await world.must(id, "accept", as: W.mediator)
                ids.append(id)
            }
            try await world.advance(days: 16)
            var configuration = TestApp.configuration()
            configuration.clock = world.clock
            let first = try AppDependencies(configuration: configuration, database: world.database, logger: TestPostgres.logger)
            let second = try AppDependencies(configuration: configuration, database: world.database, logger: TestPostgres.logger)
            async let firedByFirst = first.timerScheduler(interval: .seconds(60)).runDue()
            async let firedBySecond = second.timerScheduler(interval: .seconds(60)).runDue()
            let (a, b) = await (firedByFirst, firedBySecond)
            #expect(a + b == 12)
            for id in ids {
                let expiries = try await world.events(id).filter { $0["action"] as? String == "respondentSilent" }
                #expect(expiries.count == 1)
                #expect(try await world.state(id) == "closed")
            }
            let rows = try await world.database.query(
                "SELECT count(*) FROM timers WHERE fired_at IS NOT NULL", logger: TestPostgres.logger)
            for try await count in rows.decode(Int.self) { #expect(count == 12) }
        }
    }

    @Test("the scheduler runs inside the server on its interval")
    func backgroundScheduler() async throws {
        let clock = ManualClock(CaseWorld.start)
        try await TestApp.run(configure: { $0.clock = clock; $0.timerInterval = .milliseconds(100) }) { client, database in
            let world = try await CaseWorld.make(client: client, database: database, clock: clock)
            let id = try await world.file()
            try await world.must(id, "accept", as: W.mediator)
            try await world.advance(days: 16)
            var state = ""
            for _ in 0..<100 {
                state = try await world.state(id)
                if state == "closed" { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(state == "closed")
        }
    }

    @Test("a transition does not wait for a timer a scheduler is firing: no deadlock between the two lock orders")
    func transitionSkipsTimerBeingFired() async throws {
        try await W.run { world in
            let id = try await world.file()
            try await world.must(id, "accept", as: W.mediator)
            try await world.database.withConnection { connection in
                // A scheduler holding the respondent-reply timer, as it does while firing it.
                try await connection.query("BEGIN", logger: TestPostgres.logger)
                try await connection.query(
                    "SELECT id FROM timers WHERE subject_id = \(UUID(uuidString: id)!) AND fired_at IS NULL AND cancelled_at IS NULL FOR UPDATE",
                    logger: TestPostgres.logger)
                // Consenting replaces the case's timers; it must not block on the held one.
                let consent = try await world.act(id, "respondentConsents", as: W.respondent)
                #expect(consent.status == .ok)
                try await connection.query("ROLLBACK", logger: TestPostgres.logger)
            }
            #expect(try await world.state(id) == "in_mediation")
            // The skipped timer later finds its deadline gone and does nothing.
            try await world.advance(days: 16)
            #expect(try await world.runTimers() == 1)
            #expect(try await world.state(id) == "in_mediation")
        }
    }
}
