import Crypto

/// SHA-256 over a random salt and a SHA-256: a commitment that reveals nothing of what it commits to, and
/// proves it to whoever is given the salt. The event chain records a confidential document this way (the
/// other party learns that evidence was lodged but cannot test a guess of its content), and the
/// transparency log holds every entry this way (deleting the salt shreds the entry; the tree stays whole).
public enum SaltedCommitment {
    public static let saltLength = 16

    public static func commit(sha256: [UInt8], salt: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: salt)
        hasher.update(data: sha256)
        return Array(hasher.finalize())
    }
}
