import CArgon2
import Foundation

/// The cost of one Argon2id evaluation.
public struct Argon2Parameters: Sendable, Codable, Hashable, CustomStringConvertible {
    public var memoryKiB: UInt32
    public var iterations: UInt32
    public var parallelism: UInt32

    public init(memoryKiB: UInt32, iterations: UInt32, parallelism: UInt32) {
        self.memoryKiB = memoryKiB
        self.iterations = iterations
        self.parallelism = parallelism
    }

    /// OWASP Password Storage Cheat Sheet's first Argon2id configuration: 19 MiB, 2 passes, 1 lane.
    public static let owaspMinimum = Argon2Parameters(memoryKiB: 19456, iterations: 2, parallelism: 1)

    /// Whether these parameters cost an attacker at least as much as `other`.
    ///
    /// Only memory and passes count: lanes split the same memory-times-passes work into parallel
    /// pieces, which an attacker can run in parallel anyway, so parallelism neither adds nor removes cost.
    /// Not `Comparable`, because two parameter sets may each be stronger in one dimension.
    public func isAtLeast(_ other: Argon2Parameters) -> Bool {
        memoryKiB >= other.memoryKiB && iterations >= other.iterations
    }

    /// The PHC parameter segment, e.g. "m=19456,t=2,p=1".
    public var description: String { "m=\(memoryKiB),t=\(iterations),p=\(parallelism)" }
}

/// A failure reported by libargon2, with its own message.
public struct Argon2Error: Error, Sendable, Hashable, CustomStringConvertible {
    /// libargon2's `Argon2_ErrorCodes` value.
    public let code: Int32

    public init(code: Int32) { self.code = code }

    init(_ code: Argon2_ErrorCodes) { self.code = code.rawValue }

    public var description: String {
        "argon2 error \(code): " + String(cString: argon2_error_message(code))
    }
}

/// Argon2id password hashing (RFC 9106) through the reference C implementation, stored as PHC strings:
/// `$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`, base64 without padding.
///
/// Every call is synchronous CPU- and memory-bound work (tens of milliseconds at the OWASP minimum):
/// run it on a thread pool, never on an event loop.
public struct Argon2idHasher: Sendable {
    public static let saltLength = 16
    public static let hashLength = 32

    /// The parameters new hashes are made with.
    public let parameters: Argon2Parameters

    public init(parameters: Argon2Parameters = .owaspMinimum) {
        self.parameters = parameters
    }

    /// Hashes `password` with a fresh random salt.
    public func hash(password: String) throws(Argon2Error) -> String {
        var generator = SystemRandomNumberGenerator()
        let salt = (0 ..< Self.saltLength).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let passwordBytes = Self.bytes(of: password)
        let encodedLength = argon2_encodedlen(
            parameters.iterations, parameters.memoryKiB, parameters.parallelism,
            UInt32(Self.saltLength), UInt32(Self.hashLength), Argon2_id)
        var encoded = [CChar](repeating: 0, count: encodedLength)
        let status = encoded.withUnsafeMutableBufferPointer { encoded in
            argon2id_hash_encoded(
                parameters.iterations, parameters.memoryKiB, parameters.parallelism,
                passwordBytes, passwordBytes.count, salt, salt.count, Self.hashLength,
                encoded.baseAddress, encoded.count)
        }
        guard status == ARGON2_OK.rawValue else { throw Argon2Error(code: status) }
        return encoded.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    /// Whether `password` produces `phc`. False for anything that is not an Argon2id v19 PHC string.
    /// libargon2 compares the hashes in constant time.
    public func verify(password: String, phc: String) -> Bool {
        guard Self.parameters(ofPHC: phc) != nil else { return false }
        let passwordBytes = Self.bytes(of: password)
        return argon2id_verify(phc, passwordBytes, passwordBytes.count) == ARGON2_OK.rawValue
    }

    /// Whether a stored hash should be replaced, after a successful login, by one made with `parameters`.
    public func needsRehash(phc: String) -> Bool {
        guard let stored = Self.parameters(ofPHC: phc) else { return true }
        return !stored.isAtLeast(parameters)
    }

    /// The parameters a PHC string was made with, or nil if it is not an Argon2id version 19 PHC string.
    public static func parameters(ofPHC phc: String) -> Argon2Parameters? {
        let fields = phc.split(separator: "$", omittingEmptySubsequences: false)
        guard fields.count == 6, fields[0].isEmpty, fields[1] == "argon2id", fields[2] == "v=19",
              fields[4].isNonEmptyBase64, fields[5].isNonEmptyBase64
        else { return nil }
        // libargon2 accepts the three in this order only, so anything else would fail to verify.
        let settings = fields[3].split(separator: ",", omittingEmptySubsequences: false)
        guard settings.count == 3,
              let memory = settings[0].decimal(after: "m="),
              let iterations = settings[1].decimal(after: "t="),
              let parallelism = settings[2].decimal(after: "p=")
        else { return nil }
        return Argon2Parameters(memoryKiB: memory, iterations: iterations, parallelism: parallelism)
    }

    /// Argon2id (version 0x13) over raw bytes with every RFC 9106 input, for the RFC's test vectors
    /// and for callers that need the secret (pepper) or associated data.
    public static func rawArgon2id(
        password: [UInt8],
        salt: [UInt8],
        secret: [UInt8] = [],
        associatedData: [UInt8] = [],
        memoryKiB: UInt32,
        iterations: UInt32,
        parallelism: UInt32,
        tagLength: Int
    ) throws(Argon2Error) -> [UInt8] {
        // The context takes 32-bit lengths; refuse rather than truncate.
        let limit = Int(UInt32.max)
        if password.count > limit { throw Argon2Error(ARGON2_PWD_TOO_LONG) }
        if salt.count > limit { throw Argon2Error(ARGON2_SALT_TOO_LONG) }
        if secret.count > limit { throw Argon2Error(ARGON2_SECRET_TOO_LONG) }
        if associatedData.count > limit { throw Argon2Error(ARGON2_AD_TOO_LONG) }
        if tagLength > limit { throw Argon2Error(ARGON2_OUTPUT_TOO_LONG) }

        // argon2_context holds non-const pointers, so each input needs a mutable copy.
        var password = password, salt = salt, secret = secret, associatedData = associatedData
        var tag = [UInt8](repeating: 0, count: max(tagLength, 0))
        let status = tag.withUnsafeMutableBufferPointer { tag in
            password.withUnsafeMutableBufferPointer { password in
                salt.withUnsafeMutableBufferPointer { salt in
                    secret.withUnsafeMutableBufferPointer { secret in
                        associatedData.withUnsafeMutableBufferPointer { associatedData in
                            var context = argon2_context(
                                out: tag.baseAddress, outlen: UInt32(tag.count),
                                pwd: password.baseAddress, pwdlen: UInt32(password.count),
                                salt: salt.baseAddress, saltlen: UInt32(salt.count),
                                secret: secret.baseAddress, secretlen: UInt32(secret.count),
                                ad: associatedData.baseAddress, adlen: UInt32(associatedData.count),
                                t_cost: iterations, m_cost: memoryKiB,
                                lanes: parallelism, threads: parallelism,
                                version: UInt32(ARGON2_VERSION_13.rawValue),
                                allocate_cbk: nil, free_cbk: nil,
                                flags: 0)
                            return argon2_ctx(&context, Argon2_id)
                        }
                    }
                }
            }
        }
        guard status == ARGON2_OK.rawValue else { throw Argon2Error(code: status) }
        return tag
    }

    /// The bytes that are hashed: the UTF-8 of the NFKC form, so the same password typed on systems
    /// that compose accents differently (é as one scalar or as e plus a combining mark) still matches,
    /// as NIST SP 800-63B recommends. Changing this would invalidate every stored hash.
    static func bytes(of password: String) -> [UInt8] {
        Array(password.precomposedStringWithCompatibilityMapping.utf8)
    }
}

extension Substring {
    fileprivate var isNonEmptyBase64: Bool {
        !isEmpty && utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "A") ... UInt8(ascii: "Z"), UInt8(ascii: "a") ... UInt8(ascii: "z"),
                 UInt8(ascii: "0") ... UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "/"):
                true
            default:
                false
            }
        }
    }

    /// The decimal number after `prefix`, digits only (no sign, no spaces), within UInt32.
    fileprivate func decimal(after prefix: String) -> UInt32? {
        guard hasPrefix(prefix) else { return nil }
        let digits = dropFirst(prefix.count)
        guard !digits.isEmpty, digits.utf8.allSatisfy({ (UInt8(ascii: "0") ... UInt8(ascii: "9")).contains($0) })
        else { return nil }
        return UInt32(digits)
    }
}
