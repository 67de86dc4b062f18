import Foundation
import IPCaseDomain
import Logging
import PostgresNIO

/// The names of the organisations and neutrals a case references, so that parties see who serves their case
/// (and can check them for a conflict) without ids they cannot look up. Two statements however many there are.
struct CaseNames: Sendable {
    let database: Database

    struct Names: Sendable {
        var organizations: [UUID: String] = [:]
        var users: [UUID: String] = [:]
    }

    func of(_ snapshot: CaseSnapshot, logger: Logger) async throws -> Names {
        var names = Names()
        let organizations = [snapshot.mediationBodyId, snapshot.arbitrationCommissionId, snapshot.courtId].compactMap { $0 }
        for try await (id, name) in try await database.query(
            "SELECT id, name FROM organizations WHERE id = ANY(\(organizations))", logger: logger
        ).decode((UUID, String).self) { names.organizations[id] = name }
        let users = snapshot.neutralUserIds
        guard !users.isEmpty else { return names }
        for try await (id, name) in try await database.query(
            "SELECT id, display_name FROM users WHERE id = ANY(\(users))", logger: logger
        ).decode((UUID, String).self) { names.users[id] = name }
        return names
    }
}
