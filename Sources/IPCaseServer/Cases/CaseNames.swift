import Foundation
import IPCaseDomain
import Logging
import PostgresNIO

/// The names of the organisations and neutrals a case references, so that parties see who serves their case
/// (and can check them for a conflict) without ids they cannot look up. A case read brings them along
/// (`CaseStore.findNamed`); they are looked up again only for someone a step has just named.
struct CaseNames: Sendable {
    let database: Database

    struct Names: Sendable {
        var organizations: [UUID: String] = [:]
        var users: [UUID: String] = [:]

        /// From the case read's `{"organization:<id>": name, "user:<id>": name}`.
        init(json: String) throws {
            let object = try JSONDecoder().decode([String: String].self, from: Data(json.utf8))
            for (key, name) in object {
                let parts = key.split(separator: ":", maxSplits: 1)
                guard parts.count == 2, let id = UUID(uuidString: String(parts[1])) else { continue }
                if parts[0] == "user" { users[id] = name } else { organizations[id] = name }
            }
        }

        init() {}
    }

    /// The names `snapshot` needs: those already `known`, and in one statement any others.
    func of(_ snapshot: CaseSnapshot, knowing known: Names = Names(), logger: Logger) async throws -> Names {
        let organizations = [snapshot.mediationBodyId, snapshot.arbitrationCommissionId, snapshot.courtId]
            .compactMap { $0 }.filter { known.organizations[$0] == nil }
        let users = snapshot.neutralUserIds.filter { known.users[$0] == nil }
        var names = known
        guard !organizations.isEmpty || !users.isEmpty else { return names }
        for try await (isUser, id, name) in try await database.query(
            """
            SELECT false, id, name FROM organizations WHERE id = ANY(\(organizations))
            UNION ALL SELECT true, id, display_name FROM users WHERE id = ANY(\(users))
            """, logger: logger
        ).decode((Bool, UUID, String).self) {
            if isUser { names.users[id] = name } else { names.organizations[id] = name }
        }
        return names
    }
}
