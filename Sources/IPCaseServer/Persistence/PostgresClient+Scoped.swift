import Logging
public import PostgresNIO

extension PostgresClient {
    /// Runs `body` with a client whose pool lives exactly as long as the call: for commands such as
    /// `migrate`, and for set-up work before the server's own client starts.
    public static func withScoped<Result: Sendable>(
        _ configuration: PostgresClient.Configuration,
        logger: Logger,
        _ body: (PostgresClient) async throws -> Result
    ) async throws -> Result {
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            // Let `run()` begin before the first query, which would otherwise log a warning that it has not.
            try await Task.sleep(for: .milliseconds(20))
            return try await body(client)
        }
    }
}
