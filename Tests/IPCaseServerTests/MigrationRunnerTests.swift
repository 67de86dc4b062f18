import Foundation
import PostgresNIO
import Testing
@testable import IPCaseServer

@Suite("Migration runner")
struct MigrationRunnerTests {
    /// A migrations folder of its own, so a test can add and edit files freely.
    final class Folder {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ipcase-migrations-\(UUID().uuidString)")
        init(_ files: [String: String]) throws {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            for (name, sql) in files { try write(name, sql) }
        }
        func write(_ name: String, _ sql: String) throws {
            try Data(sql.utf8).write(to: url.appendingPathComponent(name))
        }
        deinit { try? FileManager.default.removeItem(at: url) }
    }

    static let files = [
        "0001_first.sql": """
            -- A comment; with a semicolon
            CREATE TABLE things (id integer PRIMARY KEY, note text DEFAULT 'a;b');
            CREATE FUNCTION bump() RETURNS integer LANGUAGE plpgsql AS $body$
            BEGIN RETURN 1; END;
            $body$;
            """,
        "0002_second.sql": "INSERT INTO things (id) VALUES (1); INSERT INTO things (id) VALUES (2);",
    ]

    func withEmptyDatabase(_ body: (Database) async throws -> Void) async throws {
        let configuration = try await TestPostgres.shared.makeEmptyDatabase()
        try await Database.withScoped(configuration, logger: TestPostgres.logger) { client in try await body(client) }
        try await TestPostgres.shared.dropDatabase(configuration)
    }

    func count(_ sql: PostgresQuery, on client: Database) async throws -> Int {
        let rows = try await client.query(sql, logger: TestPostgres.logger)
        for try await value in rows.decode(Int.self) { return value }
        return 0
    }

    @Test func freshApplyRunsEveryFileInOrderAndRecordsIt() async throws {
        let folder = try Folder(Self.files)
        try await withEmptyDatabase { client in
            let migrator = Migrator(client: client, files: try MigrationFile.load(from: folder.url), logger: TestPostgres.logger)
            let applied = try await migrator.migrate()
            #expect(applied.map(\.fileName) == ["0001_first.sql", "0002_second.sql"])
            #expect(try await count("SELECT count(*)::int FROM things", on: client) == 2)
            let rows = try await client.query(
                "SELECT version, name, checksum FROM schema_migrations ORDER BY version", logger: TestPostgres.logger)
            var recorded: [String] = []
            for try await (version, name, checksum) in rows.decode((Int, String, String).self) {
                #expect(checksum.count == 64)
                recorded.append("\(version) \(name)")
            }
            #expect(recorded == ["1 first", "2 second"])
            #expect(try await migrator.isUpToDate())
        }
    }

    @Test func reRunDoesNothing() async throws {
        let folder = try Folder(Self.files)
        try await withEmptyDatabase { client in
            let migrator = Migrator(client: client, files: try MigrationFile.load(from: folder.url), logger: TestPostgres.logger)
            try await migrator.migrate()
            #expect(try await migrator.migrate().isEmpty)
            #expect(try await migrator.pending().isEmpty)
            #expect(try await count("SELECT count(*)::int FROM things", on: client) == 2)
        }
    }

    @Test func editedMigrationIsRefusedNamingTheFile() async throws {
        let folder = try Folder(Self.files)
        try await withEmptyDatabase { client in
            try await Migrator(client: client, files: try MigrationFile.load(from: folder.url), logger: TestPostgres.logger).migrate()
            try folder.write("0002_second.sql", "INSERT INTO things (id) VALUES (3);")
            let edited = Migrator(client: client, files: try MigrationFile.load(from: folder.url), logger: TestPostgres.logger)
            let error = await #expect(throws: MigrationError.self) { try await edited.migrate() }
            #expect(error?.description.contains("0002_second.sql") == true)
            #expect(error?.description.contains("edited") == true)
            await #expect(throws: MigrationError.self) { try await edited.isUpToDate() }
        }
    }

    @Test func failingMigrationIsRolledBackWhole() async throws {
        let folder = try Folder([
            "0001_first.sql": Self.files["0001_first.sql"]!,
            "0002_broken.sql": "INSERT INTO things (id) VALUES (7); INSERT INTO nowhere VALUES (1);",
        ])
        try await withEmptyDatabase { client in
            let migrator = Migrator(client: client, files: try MigrationFile.load(from: folder.url), logger: TestPostgres.logger)
            let error = await #expect(throws: MigrationError.self) { try await migrator.migrate() }
            #expect(error?.description.contains("0002_broken.sql") == true)
            #expect(try await count("SELECT count(*)::int FROM things", on: client) == 0)
            #expect(try await migrator.pending().map(\.fileName) == ["0002_broken.sql"])
        }
    }

    @Test func misnamedFileIsRefused() throws {
        let folder = try Folder(["1_first.sql": "SELECT 1;"])
        #expect(throws: MigrationError.misnamed("1_first.sql")) { try MigrationFile.load(from: folder.url) }
    }

    /// Two instances starting at once: the advisory lock makes the second wait and then find nothing to do.
    /// The first migration sleeps so that the two really overlap, and creating its table twice would fail.
    @Test func concurrentMigratorsApplyOnce() async throws {
        let folder = try Folder([
            "0001_slow.sql": "SELECT pg_sleep(0.5); CREATE TABLE once (id integer);",
            "0002_row.sql": "INSERT INTO once VALUES (1);",
        ])
        let files = try MigrationFile.load(from: folder.url)
        let configuration = try await TestPostgres.shared.makeEmptyDatabase()
        let applied = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<2 {
                group.addTask {
                    try await Database.withScoped(configuration, logger: TestPostgres.logger) { client in
                        try await Migrator(client: client, files: files, logger: TestPostgres.logger).migrate().count
                    }
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(applied.sorted() == [0, 2])
        let (rows, recorded) = try await Database.withScoped(configuration, logger: TestPostgres.logger) { client in
            (try await count("SELECT count(*)::int FROM once", on: client),
             try await count("SELECT count(*)::int FROM schema_migrations", on: client))
        }
        #expect(rows == 1)
        #expect(recorded == 2)
        try await TestPostgres.shared.dropDatabase(configuration)
    }
}

@Suite("SQL statement splitter")
struct SQLStatementSplitterTests {
    @Test func splitsAtTopLevelSemicolonsOnly() {
        let sql = """
            -- leading comment; not a statement
            CREATE TABLE a (x text DEFAULT 'it''s; fine');
            /* block; comment */ SELECT "odd;name" FROM a;
            CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN PERFORM 1; END; $$;
            SELECT $tag$ ; $tag$
            """
        let statements = SQLStatementSplitter.split(sql)
        #expect(statements.count == 4)
        #expect(statements[0].hasSuffix("DEFAULT 'it''s; fine')"))
        #expect(statements[1].contains("\"odd;name\""))
        #expect(statements[2].hasSuffix("END; $$"))
        #expect(statements[3] == "SELECT $tag$ ; $tag$")
    }

    @Test func positionalParametersAreNotDollarQuotes() {
        #expect(SQLStatementSplitter.split("SELECT $1; SELECT 2").count == 2)
    }
}
