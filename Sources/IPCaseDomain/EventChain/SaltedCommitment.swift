import Crypto

/// What the event chain records for a confidential document: SHA-256 over a random salt and the
/// document's SHA-256. The other party, who may read the chain, learns that evidence was lodged but cannot
/// test a guess of its content; whoever may read the document gets the salt and can check the link.
public enum DocumentCommitment {
    public static let saltLength = 16

    public static func commit(sha256: [UInt8], salt: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: salt)
        hasher.update(data: sha256)
        return Array(hasher.finalize())
    }
}
