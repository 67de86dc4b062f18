import Foundation
public import IPCaseDomain
import Logging
public import PostgresNIO

/// Creating organisations and users outside the HTTP API: the first admin from the command line, and
/// the demo world. Both go through the same checks as the admin API.
public struct AccountProvisioning: Sendable {
    let database: Database
    let hashing: PasswordHashing
    let clock: any AppClock
    let logger: Logger

    public init(database: Database, argon2: Argon2Parameters = .owaspMinimum, clock: any AppClock = SystemClock(), logger: Logger) throws {
        self.database = database
        self.hashing = try PasswordHashing(parameters: argon2)
        self.clock = clock
        self.logger = logger
    }

    public enum Failure: Error, CustomStringConvertible {
        case invalid([String])
        public var description: String {
            switch self {
            case .invalid(let problems): problems.joined(separator: "; ")
            }
        }
    }

    /// The organisation with this name and kind, created if there is none.
    func organization(named name: String, kind: OrganizationKind, creditCode: String?) async throws -> Organization {
        let organizations = OrganizationStore(database: database)
        if let existing = try await organizations.find(name: name, kind: kind, logger: logger) { return existing }
        // The admin API's checks and words: a name that fits, a credit code an enterprise must have and that is valid.
        var validation = FieldValidation()
        let name = OrganizationEndpoints.validName(name, into: &validation)
        let code = OrganizationEndpoints.validCreditCode(creditCode, of: kind, into: &validation)
        guard validation.errors.isEmpty else { throw Failure.invalid(validation.errors.map { "\($0.field): \($0.message.en)" }) }
        let now = clock.now
        let organization = Organization(
            id: UUID(), name: name, kind: kind, creditCode: code, version: 1, createdAt: now, updatedAt: now)
        do {
            try await database.transaction(logger: logger) { connection in
                try await organizations.insert(organization, on: connection, logger: logger)
            }
        } catch OrganizationStoreError.creditCodeTaken {
            // Another organisation (of another name or kind) holds the code: the admin API's refusal, in words.
            throw Failure.invalid(["creditCode: \(FieldMessage.alreadyRegistered.en)"])
        }
        return organization
    }

    /// Creates a user; returns false when the email is taken already.
    @discardableResult
    public func createUser(
        email: String, displayName: String, password: String, roles: [Role], organizationName: String,
        organizationKind: OrganizationKind, creditCode: String? = nil
    ) async throws -> Bool {
        let users = UserStore(database: database)
        if try await users.credentials(email: email, logger: logger) != nil { return false }
        let organization = try await organization(named: organizationName, kind: organizationKind, creditCode: creditCode)
        let user: User
        do {
            user = try UserAccounts.newUser(
                email: email, displayName: displayName, organization: organization, roles: roles.map(\.rawValue),
                password: password, now: clock.now)
        } catch let problem as Problem {
            // The admin API's own validation, so the command line refuses exactly what the API refuses.
            throw Failure.invalid(problem.fieldErrors.isEmpty
                ? [problem.detail.en] : problem.fieldErrors.map { "\($0.field): \($0.message.en)" })
        }
        let hash = try await hashing.hash(password)
        do {
            try await database.transaction(logger: logger) { connection in
                try await users.insert(user, passwordHash: hash, on: connection, logger: logger)
                try await AuditLog(database: database, clock: clock).recordWithoutRequest(
                    .init(event: "admin.user.created", subjectType: "user", subjectId: user.id.uuidString.lowercased(),
                          details: ["email": .string(user.email), "via": "command line"]),
                    on: connection, logger: logger)
            }
        } catch UserStoreError.emailTaken {
            // Someone created the same email between the check above and this insert.
            return false
        } catch UserStoreError.emailConfusable(let existing) {
            throw Failure.invalid(["email: \(FieldMessage.confusableWith(existing).en)"])
        }
        return true
    }
}
