import Foundation
import IPCaseDomain
import PostgresNIO
import Testing
@testable import IPCaseServer

/// `ipcase admin create-user` goes through `AccountProvisioning`, which must refuse what the admin API refuses,
/// in the same words.
@Suite("Account provisioning")
struct AccountProvisioningTests {
    @Test("a wrong check character, a missing credit code for an enterprise and a confusable email are refused as the API refuses them")
    func refusesWhatTheAPIRefuses() async throws {
        try await TestApp.run { _, database in
            let provisioning = try AccountProvisioning(database: database, logger: TestPostgres.logger)
            func failure(_ body: () async throws -> Bool) async -> String {
                do {
                    _ = try await body()
                    return "created"
                } catch {
                    return "\(error)"
                }
            }
            let wrongCheck = await failure {
                try await provisioning.createUser(
                    email: "a@ent.test", displayName: "A", password: Accounts.password, roles: [.enterprise],
                    organizationName: "Ent", organizationKind: .enterprise, creditCode: "914403001922038217")
            }
            #expect(wrongCheck.hasPrefix("creditCode: "), "\(wrongCheck)")
            let missing = await failure {
                try await provisioning.createUser(
                    email: "b@ent.test", displayName: "B", password: Accounts.password, roles: [.enterprise],
                    organizationName: "Ent B", organizationKind: .enterprise)
            }
            #expect(missing == "creditCode: \(FieldMessage.requiredForEnterprise.en)")
            #expect(await failure {
                try await provisioning.createUser(
                    email: "c@ent.test", displayName: "C", password: Accounts.password, roles: [.enterprise],
                    organizationName: "Ent C", organizationKind: .enterprise, creditCode: "914403001922038216")
            } == "created")
            let confusable = await failure {
                try await provisioning.createUser(
                    email: "с@ent.test", displayName: "C2", password: Accounts.password, roles: [.enterprise],
                    organizationName: "Ent C", organizationKind: .enterprise, creditCode: "914403001922038216")
            }
            #expect(confusable.contains("look-alike"), "\(confusable)")
        }
    }
}
