import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IPCaseDomain
import PostgresNIO
import Testing
@testable import IPCaseServer

@Suite("Login, sessions and expiry")
struct AuthenticationTests {
    @Test func loginReturnsATokenTheUserAndItsOrganization() async throws {
        try await TestApp.run { client, database in
            try await Accounts.seed(database)
            let response = try await client.login(Accounts.alice.uppercased())
            #expect(response.status == .ok)
            let body = try response.json()
            let token = try #require(body["token"] as? String)
            #expect(token.count >= 43, "at least 256 bits")
            #expect(body["expiresAt"] is String)
            let user = try #require(body["user"] as? [String: Any])
            #expect(user["roles"] as? [String] == ["enterprise"])
            #expect((user["organization"] as? [String: Any])?["kind"] as? String == "enterprise")

            let me = try await client.call(.get, "/v1/me", token: token)
            #expect(me.status == .ok)
            #expect(try me.json()["email"] as? String == Accounts.alice)

            // Only the token's SHA-256 is stored.
            let rows = try await database.query("SELECT token_hash FROM sessions", logger: TestPostgres.logger)
            for try await hash in rows.decode(Data.self) {
                #expect(hash.count == 32)
                #expect(hash != Data(token.utf8))
            }
        }
    }

    @Test func wrongEmailAndWrongPasswordLookAlike() async throws {
        try await TestApp.run { client, database in
            try await Accounts.seed(database)
            let wrongPassword = try await client.login(Accounts.alice, password: "not the password at all")
            let wrongEmail = try await client.login("nobody@nowhere.test")
            #expect(wrongPassword.status == .unauthorized)
            #expect(wrongEmail.status == .unauthorized)
            #expect(wrongPassword.text == wrongEmail.text)
            #expect(wrongPassword.headers[.contentType] == "application/problem+json")
        }
    }

    @Test func requestsWithoutAValidTokenAre401() async throws {
        try await TestApp.run { client, _ in
            let none = try await client.call(.get, "/v1/me", token: nil)
            #expect(none.status == .unauthorized)
            #expect(none.headers[.wwwAuthenticate] == "Bearer")
            let bogus = try await client.call(.get, "/v1/me", token: "forged")
            #expect(bogus.status == .unauthorized)
        }
    }

    @Test func fiveFailuresLockTheAccountAndEachFurtherFailureWaitsLonger() async throws {
        let clock = ManualClock()
        try await TestApp.run(configure: { $0.clock = clock }) { client, database in
            try await Accounts.seed(database)
            for _ in 0..<5 {
                #expect(try await client.login(Accounts.bob, password: "wrong password!!").status == .unauthorized)
            }
            let locked = try await client.login(Accounts.bob)
            #expect(locked.status == .tooManyRequests)
            let firstWait = try #require(locked.headers[.retryAfter].flatMap { Int($0) })
            #expect(firstWait > 0 && firstWait <= 30)

            clock.advance(by: Double(firstWait))
            #expect(try await client.login(Accounts.bob, password: "wrong password!!").status == .unauthorized)
            let lockedAgain = try await client.login(Accounts.bob)
            let secondWait = try #require(lockedAgain.headers[.retryAfter].flatMap { Int($0) })
            #expect(lockedAgain.status == .tooManyRequests)
            #expect(secondWait > firstWait)

            // Another account is not affected, and the lock ends with its delay.
            #expect(try await client.login(Accounts.alice).status == .ok)
            clock.advance(by: Double(secondWait))
            #expect(try await client.login(Accounts.bob).status == .ok)
        }
    }

    @Test("40 concurrent wrong passwords for one email verify at most the limit's worth; the rest are 429 and audited")
    func concurrentGuessesSeeEachOther() async throws {
        try await TestApp.run { client, database in
            try await Accounts.seed(database)
            // Each on its own connection: one connection's requests are answered one after the other.
            let port = try #require(client.port)
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<40 {
                    group.addTask {
                        let connection = TestClient(host: "localhost", port: port, configuration: .init(timeout: .seconds(60)))
                        connection.connect()
                        let response = try await connection.execute(TestClient.Request(
                            "/v1/auth/login", method: .post, headers: [.contentType: "application/json"],
                            body: ByteBuffer(string: #"{"email": "\#(Accounts.bob)", "password": "wrong password!!"}"#)))
                        try await connection.shutdown()
                        return response.status
                    }
                }
                return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .unauthorized }.count == LoginThrottle.perAccount.maximumFailures)
            #expect(statuses.filter { $0 == .tooManyRequests }.count == 40 - LoginThrottle.perAccount.maximumFailures)
            var throttled = 0
            for try await count in try await database.query(
                "SELECT count(*) FROM audit_log WHERE event = 'auth.login.throttled'", logger: TestPostgres.logger
            ).decode(Int.self) { throttled = count }
            #expect(throttled == 40 - LoginThrottle.perAccount.maximumFailures)
        }
    }

    @Test("guesses at the current password are throttled like logins and audited")
    func passwordChangeIsThrottled() async throws {
        try await TestApp.run { client, database in
            try await Accounts.seed(database)
            let token = try await client.token(Accounts.alice)
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<7 {
                statuses.append(try await client.call(
                    .post, "/v1/me/password", token: token,
                    json: #"{"currentPassword": "nope nope nope", "newPassword": "a much better passphrase"}"#).status)
            }
            #expect(statuses == Array(repeating: .unprocessableContent, count: 5) + [.tooManyRequests, .tooManyRequests])
            var events: [String] = []
            for try await event in try await database.query(
                "SELECT event FROM audit_log WHERE event LIKE 'auth.password.%' ORDER BY id", logger: TestPostgres.logger
            ).decode(String.self) { events.append(event) }
            #expect(events == Array(repeating: "auth.password.wrongCurrent", count: 5) + ["auth.password.throttled", "auth.password.throttled"])
        }
    }

    @Test("behind a trusted proxy, the per-address limit counts the forwarded client, not the proxy; anyone else's X-Forwarded-For is ignored")
    func trustedProxyForwardsTheClient() async throws {
        for trusted in [true, false] {
            try await TestApp.run(configure: {
                $0.loginThrottlePerAddress = LoginThrottle(maximumFailures: 3, window: 900)
                if trusted { $0.trustedProxies = ["127.0.0.1", "::1"] }
            }) { client, database in
                try await Accounts.seed(database)
                func login(_ email: String, from address: String, password: String = "wrong password!!") async throws -> HTTPResponse.Status {
                    try await client.execute(
                        uri: "/v1/auth/login", method: .post,
                        headers: [.contentType: "application/json", HTTPField.Name("X-Forwarded-For")!: "203.0.113.9, \(address)"],
                        body: ByteBuffer(string: #"{"email": "\#(email)", "password": "\#(password)"}"#)).status
                }
                for index in 0..<3 { #expect(try await login("sweep\(index)@nowhere.test", from: "198.51.100.1") == .unauthorized) }
                // From the same client: locked out either way. From another client behind the proxy: only when trusted.
                #expect(try await login(Accounts.alice, from: "198.51.100.1", password: Accounts.password) == .tooManyRequests)
                let other = try await login(Accounts.alice, from: "198.51.100.2", password: Accounts.password)
                #expect(other == (trusted ? .ok : .tooManyRequests), "trusted: \(trusted)")
            }
        }
    }

    @Test func perAddressLimitStopsASweepOfManyAccounts() async throws {
        try await TestApp.run(configure: {
            $0.loginThrottlePerAddress = LoginThrottle(maximumFailures: 3, window: 900)
        }) { client, database in
            try await Accounts.seed(database)
            for index in 0..<3 {
                #expect(try await client.login("sweep\(index)@nowhere.test").status == .unauthorized)
            }
            let response = try await client.login(Accounts.alice)
            #expect(response.status == .tooManyRequests)
            #expect(response.headers[.retryAfter] != nil)
        }
    }

    @Test func sessionsExpireAfterTwelveHoursAndAfterAnHourIdle() async throws {
        let clock = ManualClock()
        try await TestApp.run(configure: { $0.clock = clock }) { client, database in
            try await Accounts.seed(database)
            let active = try await client.token(Accounts.alice)
            let idle = try await client.token(Accounts.bob)
            // Activity every 50 minutes keeps a session alive, but not past 12 hours.
            for _ in 0..<14 {
                clock.advance(by: 50 * 60)
                #expect(try await client.call(.get, "/v1/me", token: active).status == .ok)
            }
            #expect(try await client.call(.get, "/v1/me", token: idle).status == .unauthorized)
            clock.advance(by: 60 * 60)  // 12h40m after login, 50 minutes since the last request
            #expect(try await client.call(.get, "/v1/me", token: active).status == .unauthorized)
        }
    }

    @Test func logoutAndRevocationEndSessions() async throws {
        try await TestApp.run { client, database in
            try await Accounts.seed(database)
            let first = try await client.token(Accounts.alice)
            let second = try await client.token(Accounts.alice)

            let list = try await client.call(.get, "/v1/auth/sessions", token: first)
            #expect(list.status == .ok)
            let items = try #require(try list.json()["items"] as? [[String: Any]])
            #expect(items.count == 2)
            #expect(items.filter { $0["current"] as? Bool == true }.count == 1)
            let other = try #require(items.first { $0["current"] as? Bool == false }?["id"] as? String)

            // Bob cannot see or revoke Alice's session.
            let bob = try await client.token(Accounts.bob)
            #expect(try await client.call(.delete, "/v1/auth/sessions/\(other)", token: bob).status == .notFound)

            #expect(try await client.call(.delete, "/v1/auth/sessions/\(other)", token: first).status == .noContent)
            #expect(try await client.call(.get, "/v1/me", token: second).status == .unauthorized)

            #expect(try await client.call(.post, "/v1/auth/logout", token: first).status == .noContent)
            #expect(try await client.call(.get, "/v1/me", token: first).status == .unauthorized)
        }
    }

    @Test func disablingAUserEndsItsSessionsAtOnce() async throws {
        try await TestApp.run { client, database in
            try await Accounts.seed(database)
            let admin = try await client.token(Accounts.admin)
            let alice = try await client.token(Accounts.alice)
            let me = try await client.call(.get, "/v1/me", token: alice)
            let id = try #require(try me.json()["id"] as? String)
            let user = try await client.call(.get, "/v1/users/\(id)", token: admin)
            let etag = try #require(user.headers[.eTag])
            let disabled = try await client.call(
                .patch, "/v1/users/\(id)", token: admin, json: #"{"status": "disabled"}"#, headers: [.ifMatch: etag])
            #expect(disabled.status == .ok)
            #expect(try await client.call(.get, "/v1/me", token: alice).status == .unauthorized)
            #expect(try await client.login(Accounts.alice).status == .unauthorized)
        }
    }

    @Test func loginRehashesAWeakerStoredHash() async throws {
        try await TestApp.run { client, database in
            try await Accounts.seed(database)
            let weak = try Argon2idHasher(parameters: Argon2Parameters(memoryKiB: 4096, iterations: 1, parallelism: 1))
                .hash(password: Accounts.password)
            try await database.query(
                "UPDATE users SET password_hash = \(weak) WHERE email = \(Accounts.alice)", logger: TestPostgres.logger)
            #expect(try await client.login(Accounts.alice).status == .ok)
            let rows = try await database.query(
                "SELECT password_hash FROM users WHERE email = \(Accounts.alice)", logger: TestPostgres.logger)
            for try await hash in rows.decode(String.self) {
                #expect(hash != weak)
                #expect(Argon2idHasher.parameters(ofPHC: hash) == .owaspMinimum)
            }
            #expect(try await client.login(Accounts.alice).status == .ok)
        }
    }

    @Test func changingThePasswordChecksTheRulesAndEndsOtherSessions() async throws {
        try await TestApp.run { client, database in
            try await Accounts.seed(database)
            let current = try await client.token(Accounts.alice)
            let other = try await client.token(Accounts.alice)

            let wrong = try await client.call(
                .post, "/v1/me/password", token: current,
                json: #"{"currentPassword": "nope nope nope", "newPassword": "a much better passphrase"}"#)
            #expect(wrong.status == .unprocessableContent)
            #expect((try wrong.json()["errors"] as? [[String: String]])?.first?["field"] == "currentPassword")

            let weak = try await client.call(
                .post, "/v1/me/password", token: current,
                json: #"{"currentPassword": "\#(Accounts.password)", "newPassword": "short"}"#)
            #expect(weak.status == .unprocessableContent)
            let message = (try weak.json()["errors"] as? [[String: String]])?.first?["message"] ?? ""
            #expect(message.contains("min_length"))

            let changed = try await client.call(
                .post, "/v1/me/password", token: current,
                json: #"{"currentPassword": "\#(Accounts.password)", "newPassword": "a much better passphrase"}"#)
            #expect(changed.status == .noContent)
            #expect(try await client.call(.get, "/v1/me", token: current).status == .ok)
            #expect(try await client.call(.get, "/v1/me", token: other).status == .unauthorized)
            #expect(try await client.login(Accounts.alice, password: "a much better passphrase").status == .ok)
        }
    }
}
