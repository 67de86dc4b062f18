import Foundation
public import NIOPosix

/// Argon2id on a thread pool: a hash takes tens of milliseconds of CPU and must never run on an event
/// loop, where it would stall every other request on that loop.
public struct PasswordHashing: Sendable {
    public let hasher: Argon2idHasher
    let pool: NIOThreadPool

    /// A hash of a random password, verified against when an email is unknown, so that a wrong email
    /// costs the same time as a wrong password and timing does not reveal which emails exist.
    let decoy: String

    public init(parameters: Argon2Parameters, pool: NIOThreadPool = .singleton) throws {
        guard parameters.isAtLeast(.owaspMinimum) else { throw WeakParameters(parameters: parameters) }
        hasher = Argon2idHasher(parameters: parameters)
        self.pool = pool
        decoy = try hasher.hash(password: UUID().uuidString)
    }

    public struct WeakParameters: Error, CustomStringConvertible {
        let parameters: Argon2Parameters
        public var description: String {
            "Argon2id parameters \(parameters) are weaker than OWASP's minimum \(Argon2Parameters.owaspMinimum); refusing to start"
        }
    }

    public func hash(_ password: String) async throws -> String {
        try await pool.runIfActive { [hasher] in try hasher.hash(password: password) }
    }

    public func verify(_ password: String, against phc: String?) async throws -> Bool {
        try await pool.runIfActive { [hasher, decoy] in
            let matches = hasher.verify(password: password, phc: phc ?? decoy)
            return phc != nil && matches
        }
    }

    public func needsRehash(_ phc: String) -> Bool {
        hasher.needsRehash(phc: phc)
    }
}
