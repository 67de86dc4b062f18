import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PostgresNIO
import Testing
@testable import IPCaseServer
import IPCaseDomain

@Suite("Access policies through HTTP")
struct AccessPolicyTests {
    func id(_ response: TestResponse) throws -> String {
        try #require(try response.json()["id"] as? String)
    }

    @Test func roleMatrixForOrganizations() async throws {
        try await TestApp.run { client, database in
            try await Accounts.seed(database)
            let admin = try await client.token(Accounts.admin)
            let alice = try await client.token(Accounts.alice)
            let mediator = try await client.token(Accounts.mediator)
            let aliceOrg = try #require(((try await client.call(.get, "/v1/me", token: alice)).json()["organization"] as? [String: Any])?["id"] as? String)
            let bobOrg = try #require(((try await client.call(.get, "/v1/me", token: try await client.token(Accounts.bob))).json()["organization"] as? [String: Any])?["id"] as? String)

            // The admin lists and reads everything.
            let list = try await client.call(.get, "/v1/organizations?limit=2", token: admin)
            #expect(list.status == .ok)
            let page = try list.json()
            #expect((page["items"] as? [Any])?.count == 2)
            let cursor = try #require(page["nextCursor"] as? String)
            let rest = try await client.call(.get, "/v1/organizations?limit=10&cursor=\(cursor)", token: admin)
            #expect((try rest.json()["items"] as? [Any])?.count == 2)
            #expect(try rest.json()["nextCursor"] == nil)

            // An enterprise user reads its own organisation, and not another's: 404, not 403.
            #expect(try await client.call(.get, "/v1/organizations/\(aliceOrg)", token: alice).status == .ok)
            let other = try await client.call(.get, "/v1/organizations/\(bobOrg)", token: alice)
            #expect(other.status == .notFound)

            // Listing is the admin's: 403 naming the decision.
            let denied = try await client.call(.get, "/v1/organizations", token: mediator)
            #expect(denied.status == .forbidden)
            #expect(denied.headers[.contentType] == "application/problem+json")
            #expect(try denied.json()["decision"] as? String == "not_permitted")

            // Reading its own organisation but not being allowed to change it is 403, not 404.
            let rename = try await client.call(
                .patch, "/v1/organizations/\(aliceOrg)", token: alice, json: #"{"name": "Renamed"}"#, headers: [.ifMatch: "\"1\""])
            #expect(rename.status == .forbidden)

            // Denials are audited.
            let rows = try await database.query(
                "SELECT count(*)::int FROM audit_log WHERE event = 'access.denied'", logger: TestPostgres.logger)
            for try await count in rows.decode(Int.self) { #expect(count >= 3) }
        }
    }

    @Test func adminCreatesAndRenamesOrganizationsWithValidationAndPreconditions() async throws {
        try await TestApp.run { client, database in
            try await Accounts.seed(database)
            let admin = try await client.token(Accounts.admin)
            let invalid = try await client.call(
                .post, "/v1/organizations", token: admin, json: #"{"name": "", "kind": "enterprise", "creditCode": "91440300708461136X"}"#)
            #expect(invalid.status == .unprocessableContent)
            let fields = Set((try invalid.json()["errors"] as? [[String: String]] ?? []).compactMap { $0["field"] })
            #expect(fields == ["name", "creditCode"])

            let duplicate = try await client.call(
                .post, "/v1/organizations", token: admin, json: #"{"name": "Copy", "kind": "enterprise", "creditCode": "91440300708461136T"}"#)
            #expect(duplicate.status == .conflict)

            let created = try await client.call(.post, "/v1/organizations", token: admin, json: #"{"name": "District Court", "kind": "court"}"#)
            #expect(created.status == .created)
            #expect(created.headers[.eTag] == "\"1\"")
            let id = try self.id(created)

            let missing = try await client.call(.patch, "/v1/organizations/\(id)", token: admin, json: #"{"name": "X"}"#)
            #expect(missing.status == .preconditionRequired)
            let renamed = try await client.call(
                .patch, "/v1/organizations/\(id)", token: admin, json: #"{"name": "First Court"}"#, headers: [.ifMatch: "\"1\""])
            #expect(renamed.status == .ok)
            #expect(renamed.headers[.eTag] == "\"2\"")
            let stale = try await client.call(
                .patch, "/v1/organizations/\(id)", token: admin, json: #"{"name": "Again"}"#, headers: [.ifMatch: "\"1\""])
            #expect(stale.status == .preconditionFailed)
        }
    }

    @Test func usersRolesMustFitAndNobodyChangesTheirOwnRoles() async throws {
        try await TestApp.run { client, database in
            try await Accounts.seed(database)
            let admin = try await client.token(Accounts.admin)
            let court = try self.id(try await client.call(.post, "/v1/organizations", token: admin, json: #"{"name": "Court", "kind": "court"}"#))

            let misfit = try await client.call(
                .post, "/v1/users", token: admin,
                json: #"{"email": "j@court.test", "displayName": "J", "organizationId": "\#(court)", "roles": ["mediator"], "password": "a long enough passphrase"}"#)
            #expect(misfit.status == .unprocessableContent)
            #expect((try misfit.json()["errors"] as? [[String: String]])?.first?["field"] == "roles")

            let common = try await client.call(
                .post, "/v1/users", token: admin,
                json: #"{"email": "j@court.test", "displayName": "J", "organizationId": "\#(court)", "roles": ["judge"], "password": "password1234"}"#)
            #expect(common.status == .unprocessableContent)
            #expect((try common.json()["errors"] as? [[String: String]])?.first?["message"]?.contains("not_common") == true)

            let judge = try await client.call(
                .post, "/v1/users", token: admin,
                json: #"{"email": "Judge@Court.test", "displayName": "Judge", "organizationId": "\#(court)", "roles": ["judge"], "password": "a long enough passphrase"}"#)
            #expect(judge.status == .created)
            let again = try await client.call(
                .post, "/v1/users", token: admin,
                json: #"{"email": "judge@court.TEST", "displayName": "Judge", "organizationId": "\#(court)", "roles": ["judge"], "password": "a long enough passphrase"}"#)
            #expect(again.status == .conflict, "emails are unique whatever their case")

            // Emails are kept NFC and case-folded; invisible characters are refused, and so is an address that differs
            // from an existing one only by look-alikes (Cyrillic letters, full-width forms).
            func create(_ email: String) async throws -> TestResponse {
                try await client.call(
                    .post, "/v1/users", token: admin,
                    json: #"{"email": "\#(email)", "displayName": "J", "organizationId": "\#(court)", "roles": ["judge"], "password": "a long enough passphrase"}"#)
            }
            #expect(try self.id(judge).isEmpty == false)
            #expect(try await create("judge@court.test").status == .conflict)
            for spoof in ["judgе@court.test", "ｊｕｄｇｅ@court.test", "judge@cоurt.test"] {
                let response = try await create(spoof)
                #expect(response.status == .conflict, "\(spoof)")
                #expect((try response.json()["errors"] as? [[String: String]])?.first?["message"]?.contains("look-alike") == true)
            }
            let invisible = try await create("jud\u{200B}ge2@court.test")
            #expect(invisible.status == .unprocessableContent)
            #expect((try invisible.json()["errors"] as? [[String: String]])?.first?["message"]?.contains("invisible") == true)
            let composed = try await create("jos\u{00E9}@court.test")
            #expect(composed.status == .created)
            #expect(try await create("jose\u{0301}@court.test").status == .conflict, "two Unicode forms of é are one address")
            #expect(try await client.login("JOSE\u{0301}@court.test", password: "a long enough passphrase").status == .ok)

            // The admin may not change its own roles: 403, forbidden by the named rule.
            let me = try await client.call(.get, "/v1/me", token: admin)
            let adminId = try self.id(me)
            let own = try await client.call(.get, "/v1/users/\(adminId)", token: admin)
            let selfChange = try await client.call(
                .patch, "/v1/users/\(adminId)", token: admin, json: #"{"roles": ["admin", "regulator"]}"#,
                headers: [.ifMatch: try #require(own.headers[.eTag])])
            // Authorization before validation: changing one's own roles is forbidden, whether or not they would fit.
            #expect(selfChange.status == .forbidden, "nobody changes their own roles")
            #expect(try selfChange.json()["ruleIds"] as? [String] == ["user.no-self-role-change"])
            let selfRename = try await client.call(
                .patch, "/v1/users/\(adminId)", token: admin, json: #"{"displayName": "Chief Admin"}"#,
                headers: [.ifMatch: try #require(own.headers[.eTag])])
            #expect(selfRename.status == .ok)

            // Another admin may change the judge's roles (the forbid on one's own roles is in Policies/tests,
            // since on a platform organisation no other role fits); the judge may not change anyone's.
            let judgeId = try self.id(judge)
            let judgeToken = try await client.token("judge@court.test", password: "a long enough passphrase")
            let byJudge = try await client.call(
                .patch, "/v1/users/\(judgeId)", token: judgeToken, json: #"{"displayName": "Me"}"#, headers: [.ifMatch: "\"1\""])
            #expect(byJudge.status == .forbidden)
            let byAdmin = try await client.call(
                .patch, "/v1/users/\(judgeId)", token: admin, json: #"{"roles": ["judge"], "displayName": "Judge Zhou"}"#,
                headers: [.ifMatch: "\"1\""])
            #expect(byAdmin.status == .ok)
        }
    }

    @Test func everyNonPublicRouteDeclaresAnActionTheSchemaKnows() async throws {
        let (router, catalog) = try await RouterFixture.build()
        // Besides the API's endpoints, the router holds only the console's pages, which ask the API for everything.
        #expect(router.routes.filter { !Console.isPage($0.path.description) }.count == catalog.routes.count)
        let schema = try PolicyStore.load(from: TestPostgres.projectFiles.policies).set.actions
        let publicRoutes = Set(catalog.routes.filter { $0.access == .public }.map { "\($0.method.rawValue) \($0.path)" })
        #expect(publicRoutes == [
            "GET /health/live", "GET /health/ready", "GET /metrics", "GET /openapi.yaml", "POST /v1/auth/login",
            "GET /v1/public/credit/dishonest-list", "GET /v1/public/credit/{creditCode}",
            "GET /v1/public/credit/{creditCode}/receipt", "GET /v1/transparency/checkpoint", "GET /v1/transparency/key",
            "GET /v1/transparency/checkpoints", "GET /v1/transparency/proofs/inclusion",
            "GET /v1/transparency/proofs/consistency",
        ])
        let tokenRoutes = catalog.routes.filter { if case .apiToken = $0.access { true } else { false } }.map(\.path)
        #expect(tokenRoutes == ["/v1/credit/feed"])
        for route in catalog.routes {
            guard case .action(let action) = route.access else { continue }
            #expect(schema[action] != nil, "\(route.method) \(route.path) declares \(action), which Policies/schema.yaml lacks")
        }
    }

    @Test func policyTestFilesPass() throws {
        let results = try PolicyFiles.test(folder: TestPostgres.projectFiles.policies)
        #expect(!results.isEmpty)
        for failure in results where !failure.passed { Issue.record("\(failure.message)") }
    }

    @Test func auditLogIsAppendOnly() async throws {
        try await TestApp.run { client, database in
            try await Accounts.seed(database)
            _ = try await client.login(Accounts.alice)
            _ = try await client.login(Accounts.alice, password: "wrong wrong wrong")
            let rows = try await database.query(
                "SELECT event FROM audit_log WHERE event LIKE 'auth.login.%' ORDER BY id", logger: TestPostgres.logger)
            var events: [String] = []
            for try await event in rows.decode(String.self) { events.append(event) }
            #expect(events == ["auth.login.succeeded", "auth.login.failed"])
            await #expect(throws: (any Error).self) {
                try await database.query("UPDATE audit_log SET event = 'x'", logger: TestPostgres.logger)
            }
            await #expect(throws: (any Error).self) {
                try await database.query("DELETE FROM audit_log", logger: TestPostgres.logger)
            }
            await #expect(throws: (any Error).self) {
                try await database.query("TRUNCATE audit_log", logger: TestPostgres.logger)
            }
        }
    }
}
