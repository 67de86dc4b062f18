import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import IPCaseDomain
import Logging
import PostgresNIO

/// `Idempotency-Key` for creates: the first request with a key runs and its response is stored in the
/// same transaction; a replay gets that response again; the same key with another body is refused.
/// A concurrent replay waits on the key's row until the first commits, so the create never runs twice.
/// A key is remembered for 24 hours, as clients retry within minutes; after that it may be used afresh.
struct IdempotencyKeys: Sendable {
    static let header = HTTPField.Name("Idempotency-Key")!
    static let retention = 24 * 3600

    /// A response as the create produced it, ready to be stored and replayed.
    struct StoredResponse: Sendable {
        var status: HTTPResponse.Status
        var headers: [String: String]
        var body: ByteBuffer

        var response: Response {
            var fields = HTTPFields()
            fields[.contentType] = "application/json"
            for (name, value) in headers.sorted(by: { $0.key < $1.key }) {
                if let name = HTTPField.Name(name) { fields[name] = value }
            }
            return Response(status: status, headers: fields, body: .init(byteBuffer: body))
        }
    }

    let database: Database

    /// The key's row was neither inserted nor found, which a serialisable history cannot produce.
    struct IdempotencyKeyVanished: Error {}

    /// Runs `create` in a transaction, once per (user, key) when the request carries a key.
    func run(
        _ request: Request, body: ByteBuffer, operation: String, userId: UUID, now: Date, logger: Logger,
        create: @Sendable (PostgresConnection) async throws -> StoredResponse
    ) async throws -> Response {
        guard let key = request.headers[Self.header] else {
            return try await database.transaction(logger: logger) { try await create($0) }.response
        }
        guard (1...255).contains(key.count), key.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) }) else {
            let message = FieldMessage.visibleASCII(1...255)
            throw Problem.badRequest(
                ProblemDetail.parameter("Idempotency-Key", message), errors: [FieldError("Idempotency-Key", message)])
        }
        let requestHash = ByteBuffer(bytes: Array(SHA256.hash(data: Data(operation.utf8) + Data(body.readableBytesView))))
        return try await database.transaction(logger: logger) { connection in
            let claimed = try await connection.query(
                """
                INSERT INTO idempotency_keys (user_id, key, operation, request_hash, status, headers, body, created_at)
                VALUES (\(userId), \(key), \(operation), \(requestHash), 0, '{}', '', \(now))
                ON CONFLICT (user_id, key) DO UPDATE SET operation = excluded.operation, request_hash = excluded.request_hash,
                    status = 0, headers = '{}', body = '', created_at = excluded.created_at
                WHERE idempotency_keys.created_at < \(now) - \(Self.retention) * interval '1 second'
                RETURNING 1
                """, logger: logger)
            var isFirst = false
            for try await _ in claimed { isFirst = true }
            if isFirst {
                let stored = try await create(connection)
                let headers = String(decoding: try JSONEncoder().encode(stored.headers), as: UTF8.self)
                try await connection.query(
                    """
                    UPDATE idempotency_keys SET status = \(Int(stored.status.code)), headers = \(headers)::jsonb, body = \(stored.body)
                    WHERE user_id = \(userId) AND key = \(key)
                    """, logger: logger)
                return stored.response
            }
            let rows = try await connection.query(
                """
                SELECT operation, request_hash, status, headers::text, body FROM idempotency_keys
                WHERE user_id = \(userId) AND key = \(key)
                """, logger: logger)
            for try await (storedOperation, storedHash, status, headers, storedBody) in rows.decode(
                (String, ByteBuffer, Int, String, ByteBuffer).self)
            {
                guard storedOperation == operation, storedHash == requestHash else {
                    throw Problem(kind: .idempotencyKeyReused, detail: ProblemDetail.idempotencyKeyReused)
                        .with([FieldError("Idempotency-Key", FieldMessage.usedWithAnotherBody)])
                }
                var replay = StoredResponse(
                    status: HTTPResponse.Status(code: status),
                    headers: (try? JSONDecoder().decode([String: String].self, from: Data(headers.utf8))) ?? [:],
                    body: storedBody)
                replay.headers["Idempotent-Replayed"] = "true"
                return replay.response
            }
            throw IdempotencyKeyVanished()
        }
    }
}
