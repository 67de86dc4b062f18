import Logging
import PostgresNIO

extension PostgresClient {
    /// One transaction: commits when `body` returns, rolls back when it throws. The error `body` threw
    /// comes out unwrapped, so a `Problem` raised inside (412, 409…) reaches the client as itself.
    func transaction<Result: Sendable>(
        logger: Logger, _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        do {
            return try await withTransaction(logger: logger) { connection in try await body(connection) }
        } catch let error as PostgresTransactionError {
            if let inner = error.closureError { throw inner }
            throw error
        }
    }
}
