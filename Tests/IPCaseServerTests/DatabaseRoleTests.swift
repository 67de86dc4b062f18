import Foundation
import PostgresNIO
import Testing
@testable import IPCaseServer

/// The role the service runs as may read and write rows and nothing more. Every other test already runs the
/// application as it (see `TestApp`); this one tries, as that role, every way there is to rewrite history.
@Suite("Least-privilege database role")
struct DatabaseRoleTests {
    @Test func theServiceRoleCannotAlterOrDeleteAnAuditRowOrAnEventByAnyMeans() async throws {
        let ownerConfiguration = try await TestPostgres.shared.makeDatabase()
        let serviceConfiguration = try await TestPostgres.shared.asService(ownerConfiguration)
        try #require(serviceConfiguration.username == DatabaseAdministration.serviceRole, "needs the throwaway cluster")
        let logger = TestPostgres.logger

        // History to protect, written as the service writes it.
        let eventsBefore = try await Database.withScoped(serviceConfiguration, logger: logger) { service in
            try await service.query(
                "INSERT INTO audit_log (at, event, details) VALUES (now(), 'test.history', '{}')", logger: logger)
            try await service.query(
                """
                INSERT INTO events (subject_type, subject_id, seq, at, action, payload, prev_hash, hash)
                VALUES ('case', gen_random_uuid(), 1, now(), 'file', '{}', decode(repeat('00', 32), 'hex'), decode(repeat('11', 32), 'hex'))
                """, logger: logger)
            let excess = try await DatabaseAdministration.excessPrivileges(on: service, logger: logger)
            #expect(excess.isEmpty, "\(excess)")
            return try await count("events", on: service)
        }
        #expect(eventsBefore == 1)

        let attempts: [String] = [
            "UPDATE audit_log SET event = 'rewritten'",
            "DELETE FROM audit_log",
            "TRUNCATE audit_log",
            "UPDATE events SET payload = '{}'",
            "DELETE FROM events",
            "TRUNCATE events",
            "ALTER TABLE audit_log DISABLE TRIGGER ALL",
            "ALTER TABLE events DISABLE TRIGGER events_append_only",
            "SET session_replication_role = replica",
            "DROP TRIGGER audit_log_append_only ON audit_log",
            "DROP TABLE events",
            "ALTER TABLE events RENAME TO events_old",
            "CREATE TABLE audit_log_copy (LIKE audit_log)",
            "ALTER ROLE ipcase_service SUPERUSER",
            "DELETE FROM schema_migrations",
            "CREATE OR REPLACE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN OLD; END $$",
        ]
        for sql in attempts {
            // Each on a connection of its own: a refused statement would abort a shared transaction.
            let refusal = try await Database.withScoped(serviceConfiguration, logger: logger) { service in
                do {
                    try await service.query(PostgresQuery(unsafeSQL: sql), logger: logger)
                    return nil as String?
                } catch {
                    return error.postgresMessage
                }
            }
            let message = try #require(refusal, "the service role was allowed: \(sql)")
            #expect(
                message.contains("permission denied") || message.contains("must be owner") || message.contains("must be superuser")
                    || message.contains("append-only") || message.contains("only superusers") || message.contains("ADMIN option"),
                "\(sql): \(message)")
        }

        try await Database.withScoped(ownerConfiguration, logger: logger) { owner in
            #expect(try await count("events", on: owner) == eventsBefore)
            // Nor can it grant itself more: such a GRANT only warns, and grants nothing.
            _ = try await Database.withScoped(serviceConfiguration, logger: logger) { service in
                try await service.query("GRANT UPDATE, DELETE, TRUNCATE ON audit_log, events TO PUBLIC", logger: logger)
            }
            let privileges = try await owner.query(
                """
                SELECT bool_or(has_table_privilege('ipcase_service', t, p) OR has_table_privilege('public', t, p))
                FROM unnest(ARRAY['audit_log', 'events']) t, unnest(ARRAY['UPDATE', 'DELETE', 'TRUNCATE', 'TRIGGER']) p
                """, logger: logger)
            for try await (any,) in privileges.decode((Bool,).self) { #expect(!any, "the service role may only select and insert") }
            let kept = try await owner.query("SELECT count(*)::int FROM audit_log WHERE event = 'test.history'", logger: logger)
            for try await (number,) in kept.decode((Int,).self) { #expect(number == 1) }
            let triggersOn = try await owner.query(
                "SELECT count(*)::int FROM pg_trigger WHERE tgrelid IN ('audit_log'::regclass, 'events'::regclass) AND tgenabled = 'O'",
                logger: logger)
            // Two append-only triggers on each table, and the one that enters its rows in the transparency log.
            for try await (number,) in triggersOn.decode((Int,).self) { #expect(number == 6, "every append-only trigger still fires") }
        }
        try await TestPostgres.shared.dropDatabase(ownerConfiguration)
    }

    private func count(_ table: String, on database: Database) async throws -> Int {
        let rows = try await database.query(PostgresQuery(unsafeSQL: "SELECT count(*)::int FROM \(table)"), logger: TestPostgres.logger)
        for try await (number,) in rows.decode((Int,).self) { return number }
        return 0
    }
}
