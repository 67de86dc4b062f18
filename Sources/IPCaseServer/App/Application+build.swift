import Foundation
import Hummingbird
import Logging
import PostgresNIO

/// The router with its middleware and every endpoint, and the catalog of those endpoints.
/// Split from `buildApplication` so that tests can walk the routes without serving.
func buildRouter(_ dependencies: AppDependencies, extraEndpoints: [Endpoint] = []) throws -> (router: Router<AppRequestContext>, catalog: RouteCatalog) {
    let collections: [any EndpointCollection] = [
        HealthEndpoints(database: dependencies.database, migrator: dependencies.migrator),
        try OpenAPIEndpoints(file: dependencies.configuration.projectFiles.openAPIDocument),
    ]
    let endpoints = collections.flatMap(\.endpoints) + extraEndpoints
    let catalog = RouteCatalog(endpoints)

    let router = Router(context: AppRequestContext.self)
    // Outermost first: the id is set before anything logs, and errors become problems inside the log.
    router.add(middleware: RequestIDMiddleware())
    router.add(middleware: AccessLogMiddleware())
    router.add(middleware: ProblemMiddleware(catalog: catalog))
    router.add(middleware: BodyLimitMiddleware(limit: dependencies.configuration.maxBodySize))
    for endpoint in endpoints {
        router.on(RouterPath(endpoint.routerPath), method: endpoint.method, use: endpoint.handler)
    }
    return (router, catalog)
}

/// The whole service: router, database client, and migrations that run before the port opens.
///
/// `extraEndpoints` lets tests mount probes (an endpoint that throws, one that echoes a body) to check
/// the shared HTTP behaviour through the real middleware; the service itself never passes any.
public func buildApplication(
    configuration: ServerConfiguration, database: PostgresClient, logger: Logger, extraEndpoints: [Endpoint] = []
) throws -> some ApplicationProtocol {
    let dependencies = try AppDependencies(configuration: configuration, database: database, logger: logger)
    let (router, _) = try buildRouter(dependencies, extraEndpoints: extraEndpoints)
    var app = Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "ipcase"),
        logger: logger)
    app.addServices(database)
    app.beforeServerStarts {
        let applied = try await dependencies.migrator.migrate()
        if !applied.isEmpty { logger.info("migrations applied", metadata: ["count": "\(applied.count)"]) }
    }
    return app
}
