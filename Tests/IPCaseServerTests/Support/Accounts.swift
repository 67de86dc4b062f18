import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IPCaseDomain
import PostgresNIO
@testable import IPCaseServer

/// A small world of accounts for identity tests, created straight in the test's database.
struct Accounts {
    static let password = "correct horse battery staple 42"
    static let admin = "admin@test.ipcase"
    static let alice = "alice@ent-a.test"  // enterprise A
    static let bob = "bob@ent-b.test"  // enterprise B
    static let mediator = "mediator@body.test"

    static func seed(_ database: Database) async throws {
        let provisioning = try AccountProvisioning(database: database, logger: TestPostgres.logger)
        try await provisioning.createUser(
            email: admin, displayName: "Admin", password: password, roles: [.admin], organizationName: "Platform",
            organizationKind: .platform)
        try await provisioning.createUser(
            email: alice, displayName: "Alice", password: password, roles: [.enterprise], organizationName: "Enterprise A",
            organizationKind: .enterprise, creditCode: "91440300708461136T")
        try await provisioning.createUser(
            email: bob, displayName: "Bob", password: password, roles: [.enterprise], organizationName: "Enterprise B",
            organizationKind: .enterprise, creditCode: "914403001922038216")
        try await provisioning.createUser(
            email: mediator, displayName: "Mediator", password: password, roles: [.mediator],
            organizationName: "Mediation Body", organizationKind: .mediationBody)
    }
}

extension TestClientProtocol {
    func login(_ email: String, password: String = Accounts.password) async throws -> TestResponse {
        try await execute(
            uri: "/v1/auth/login", method: .post, headers: [.contentType: "application/json"],
            body: ByteBuffer(string: #"{"email": "\#(email)", "password": "\#(password)"}"#))
    }

    /// Logs in and returns the bearer token.
    func token(_ email: String, password: String = Accounts.password) async throws -> String {
        let response = try await login(email, password: password)
        guard response.status == .ok, let token = try response.json()["token"] as? String else {
            throw TestFailure("login of \(email) failed: \(response.status) \(response.text)")
        }
        return token
    }

    /// A request as a client sends it; in English unless `headers` asks for a language, so that tests can
    /// read the English words of messages (the server's default is zh-CN).
    func call(
        _ method: HTTPRequest.Method, _ uri: String, token: String?, json: String? = nil, headers extra: HTTPFields = [:]
    ) async throws -> TestResponse {
        var headers = extra
        if headers[.acceptLanguage] == nil { headers[.acceptLanguage] = "en" }
        if let token { headers[.authorization] = "Bearer \(token)" }
        if json != nil { headers[.contentType] = "application/json" }
        return try await execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }
}
