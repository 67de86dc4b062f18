import ArgumentParser
import Foundation
import IPCaseDomain
import IPCaseServer
import PostgresNIO

struct AdminCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin", abstract: "Administrative tasks on the database.", subcommands: [CreateUser.self])

    struct CreateUser: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create-user",
            abstract: "Create a user, and its organisation if there is none of that name and kind.",
            discussion: """
                The password is read from standard input (or asked for twice on a terminal), never from a flag,
                so that it does not land in shell history or the process list. Bootstrap the first admin with:
                  ipcase admin create-user --email admin@example.org --org-name Platform --org-kind platform --role admin
                """)

        @OptionGroup var common: CommonOptions

        @Option(help: "The user's email.") var email: String
        @Option(help: "The user's display name (default: the email).") var displayName: String?
        @Option(name: .customLong("org-name"), help: "The organisation's name.") var organizationName: String
        @Option(name: .customLong("org-kind"), help: "enterprise, mediation_body, arbitration_commission, court, regulator or platform.")
        var organizationKind: String
        @Option(name: .customLong("credit-code"), help: "The unified social credit code, for an enterprise.") var creditCode: String?
        @Option(name: .customLong("role"), help: "A role; repeat for several.") var roles: [String]

        func run() async throws {
            guard let kind = OrganizationKind(rawValue: organizationKind) else {
                throw ValidationError("--org-kind must be one of \(OrganizationKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let parsedRoles = try roles.map { name in
                guard let role = Role(rawValue: name) else { throw ValidationError("--role '\(name)' is not a role") }
                return role
            }
            let password = try PasswordInput.read()
            let logger = try common.makeLogger()
            let connection = try await common.openDatabase(logger: logger)
            defer { connection.close(logger: logger) }
            let files = try MigrationFile.load(from: try ProjectFiles.locate().migrations)
            let created = try await Database.withScoped(connection.url.configuration, logger: logger) { client in
                try await Migrator(client: client, files: files, logger: logger).migrate()
                return try await AccountProvisioning(database: client, logger: logger).createUser(
                    email: email, displayName: displayName ?? email, password: password, roles: parsedRoles,
                    organizationName: organizationName, organizationKind: kind, creditCode: creditCode)
            }
            guard created else { throw ValidationError("a user with email \(email) exists already") }
            print("created \(email) (\(roles.joined(separator: ", "))) in \(organizationName)")
        }
    }
}

/// Reads a password from standard input, or asks twice when a person is at a terminal.
enum PasswordInput {
    static func read() throws -> String {
        if isatty(STDIN_FILENO) != 0 {
            guard let first = getpass("Password: ").map({ String(cString: $0) }),
                let second = getpass("Repeat password: ").map({ String(cString: $0) })
            else { throw ValidationError("no password given") }
            guard first == second else { throw ValidationError("the two passwords differ") }
            return first
        }
        guard let line = readLine(strippingNewline: true), !line.isEmpty else {
            throw ValidationError("no password on standard input")
        }
        return line
    }
}
