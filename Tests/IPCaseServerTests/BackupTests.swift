import Crypto
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PostgresNIO
import Testing
@testable import IPCaseServer

/// `ipcase backup` and `ipcase restore` are these two calls and a chain check: a database with a case and a
/// document is dumped with PostgreSQL's tools and loaded into a cluster that did not exist before.
@Suite("Backup and restore")
struct BackupTests {
    typealias W = CaseWorld

    @Test func aBackupRestoresIntoAFreshClusterWithItsChainsAndItsDocumentsBytes() async throws {
        let content = Array("Exhibit 7: the licence agreement, signed 2026-03-02.\n".utf8) + (0..<4096).map { UInt8($0 % 251) }
        let expectedHash = SHA256.hash(data: content).map { String(format: "%02x", $0) }.joined()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ipcase-backup-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("ipcase.dump")

        let (source, eventsBefore) = try await W.run { world in
            let id = try await world.file()
            let upload = try await world.client.execute(
                uri: "/v1/cases/\(id)/documents?filename=licence.pdf&kind=evidence", method: .post,
                headers: [.authorization: "Bearer \(world.token(W.complainant))", .contentType: "application/pdf"],
                body: ByteBuffer(bytes: content))
            #expect(upload.status == .created, "\(upload.text)")
            #expect(try upload.json()["sha256"] as? String == expectedHash)
            // The test's database, reached as its owner (the superuser of the throwaway cluster), as `backup` does.
            let service = world.database.configuration
            try #require(service.username == DatabaseAdministration.serviceRole, "needs the throwaway cluster")
            let socketFolder = try #require(service.unixSocketPath.map { ($0 as NSString).deletingLastPathComponent })
            let url = try DatabaseURL("postgres:///\(service.database!)?host=\(socketFolder)&user=ipcase")
            let written = try DatabaseBackup.dump(url, to: file)
            #expect(written.bytes > content.count)
            let report = try await ChainVerification.verify(nil, on: world.database, logger: TestPostgres.logger)
            return (written, report.events)
        }
        let permissions = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
        #expect(permissions == 0o600, "the backup holds password hashes and documents: its owner alone reads it")
        #expect(eventsBefore > 0)

        let fresh = try await DatabaseConnection.open(
            databaseURL: nil, dataDirectory: folder.appendingPathComponent("restored"), logger: TestPostgres.logger)
        defer { fresh.close(logger: TestPostgres.logger) }
        try await Database.withScoped(fresh.url.configuration, logger: TestPostgres.logger) { database in
            let read = try await DatabaseBackup.restore(fresh.url, from: file, on: database, logger: TestPostgres.logger)
            #expect(read.sha256 == source.sha256)

            let report = try await ChainVerification.verify(nil, on: database, logger: TestPostgres.logger)
            #expect(report.isIntact)
            #expect(report.events == eventsBefore)
            let rows = try await database.query(
                """
                SELECT encode(d.sha256, 'hex'),
                       encode(sha256(coalesce(d.content, (SELECT string_agg(bytes, ''::bytea ORDER BY seq)
                                                           FROM document_chunks WHERE document_id = d.id))), 'hex'),
                       d.size
                FROM documents d WHERE filename = 'licence.pdf'
                """, logger: TestPostgres.logger)
            var found = 0
            for try await (stored, computed, size) in rows.decode((String, String, Int).self) {
                #expect(stored == expectedHash)
                #expect(computed == expectedHash, "the restored bytes are the uploaded bytes")
                #expect(size == content.count)
                found += 1
            }
            #expect(found == 1)

            // A second restore into the same database is refused before anything is written.
            await #expect(throws: DatabaseBackup.Failure.self) {
                try await DatabaseBackup.restore(fresh.url, from: file, on: database, logger: TestPostgres.logger)
            }
        }
        // The restored database serves: the service role has its rows.
        try await Database.withScoped(fresh.serviceURL.configuration, logger: TestPostgres.logger) { service in
            let rows = try await service.query("SELECT count(*)::int FROM users", logger: TestPostgres.logger)
            for try await (users,) in rows.decode((Int,).self) { #expect(users > 0) }
        }
    }
}
