import PostgresNIO

extension Error {
    /// The server's own message for a PostgreSQL error (e.g. `syntax error at or near "x"`), for operators.
    /// PSQLError's `description` is deliberately vague so that it never leaks into responses; this is only
    /// for logs and command-line output.
    var postgresMessage: String {
        if let error = self as? PSQLError {
            if let message = error.serverInfo?[.message] {
                let code = error.serverInfo?[.sqlState].map { " (SQLSTATE \($0))" } ?? ""
                return message + code
            }
            return String(reflecting: error)
        }
        if let error = self as? PostgresTransactionError, let closureError = error.closureError {
            return closureError.postgresMessage
        }
        return String(describing: self)
    }

    /// The SQLSTATE of a PostgreSQL error, e.g. 23505 for a unique violation.
    var sqlState: String? {
        if let error = self as? PSQLError { return error.serverInfo?[.sqlState] }
        if let error = self as? PostgresTransactionError { return error.closureError?.sqlState }
        return nil
    }
}
