import Hummingbird
import IPCaseDomain
import Logging
import PostgresNIO

/// Liveness says the process answers; readiness says it can do its work: the database answers and
/// every migration is applied. A load balancer sends traffic only to ready instances.
struct HealthEndpoints: EndpointCollection {
    let database: Database
    let migrator: Migrator
    let policies: PolicyStore

    struct Status: Encodable {
        let status: String
        var database: String?
        var migrations: String?
        var policyHash: String?
    }

    var endpoints: [Endpoint] {
        [
            Endpoint(.get, "/health/live", access: .public) { _, _ in
                try .json(Status(status: "live"))
            },
            Endpoint(.get, "/health/ready", access: .public) { _, context in
                try await ready(context: context)
            },
        ]
    }

    private func ready(context: AppRequestContext) async throws -> Response {
        do {
            try await database.query("SELECT 1", logger: context.logger)
        } catch let outage as DatabaseUnavailable {
            throw outage
        } catch {
            context.logger.warning("readiness: database does not answer: \(error.postgresMessage)")
            throw Problem.unavailable(ProblemDetail.databaseSilent)
        }
        let upToDate: Bool
        do {
            upToDate = try await migrator.isUpToDate()
        } catch {
            context.logger.warning("readiness: cannot read migrations: \(error)")
            throw Problem.unavailable(ProblemDetail.migrationsUncheckable)
        }
        guard upToDate else { throw Problem.unavailable(ProblemDetail.migrationsPending) }
        return try .json(Status(status: "ready", database: "ok", migrations: "ok", policyHash: policies.loaded.hash))
    }
}
