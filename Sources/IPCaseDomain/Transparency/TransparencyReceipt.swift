import Crypto
public import Foundation

/// What anyone needs to check, offline, that an entry is in the log the operator signed: in the spirit of
/// C2SP tlog-proof. The log holds SHA-256(salt ‖ content hash), never the content; the receipt gives the
/// salt to those who may read the entry, and a shredded entry (its salt deleted) has none to give.
public struct TransparencyReceipt: Codable, Sendable, Equatable {
    /// `event` (a chain's event: the content hash is the event's own hash), `audit` (a row of the security
    /// audit log) or `credit-feed` (an entry of the public credit list and partner feed).
    public var kind: String
    /// What the entry is, for people: e.g. `case/5b0…/3`, `credit-feed/42`.
    public var entry: String
    /// The hash the entry commits to, base64: an event's own hash (hex in the chain's listing), or for a row
    /// the SHA-256 of `content`.
    public var contentHash: String
    /// For a row of the public credit list and feed: the exact text whose SHA-256 is `contentHash`.
    public var content: String?
    /// The commitment's salt, base64; nil once the entry is shredded.
    public var salt: String?
    public var leafIndex: UInt64
    public var treeSize: UInt64
    /// Base64 hashes, from the leaf upwards.
    public var inclusionProof: [String]
    /// The signed checkpoint (C2SP tlog-checkpoint in a signed note) of `treeSize` leaves.
    public var checkpoint: String

    public init(kind: String, entry: String, contentHash: [UInt8], salt: [UInt8]?, leafIndex: UInt64, treeSize: UInt64,
                inclusionProof: [[UInt8]], checkpoint: String) {
        self.kind = kind
        self.entry = entry
        self.contentHash = Data(contentHash).base64EncodedString()
        self.salt = salt.map { Data($0).base64EncodedString() }
        self.leafIndex = leafIndex
        self.treeSize = treeSize
        self.inclusionProof = inclusionProof.map { Data($0).base64EncodedString() }
        self.checkpoint = checkpoint
    }

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case shredded
        case malformed(String)
        case contentDiffers
        case checkpoint(SignedNote.Failure)
        case proof(MerkleVerification.Failure)

        public var description: String {
            switch self {
            case .shredded: "the entry is shredded: its salt is gone, so it no longer proves any content"
            case let .malformed(why): "malformed receipt: \(why)"
            case .contentDiffers: "the receipt is for other content than the one given"
            case let .checkpoint(failure): "checkpoint: \(failure)"
            case let .proof(failure): "inclusion proof: \(failure)"
            }
        }
    }

    /// The leaf this receipt proves: SHA-256(0x00 ‖ SHA-256(salt ‖ content hash)).
    public static func leafHash(contentHash: [UInt8], salt: [UInt8]) -> [UInt8] {
        MerkleHash.leaf(SaltedCommitment.commit(sha256: contentHash, salt: salt))
    }

    /// Checks the receipt with nothing but the log's verifier key: the checkpoint's signature, and that the
    /// entry's leaf is in the tree the checkpoint signs. `expectedContentHash`, when given, must be the one
    /// the receipt commits to. Returns the checkpoint.
    @discardableResult
    public func verify(with verifier: SignedNote.Verifier, expectedContentHash: [UInt8]? = nil) throws(Failure) -> Checkpoint {
        guard let content = Data(base64Encoded: contentHash), content.count == MerkleHash.size else {
            throw .malformed("contentHash is not a base64 SHA-256")
        }
        if let expectedContentHash, expectedContentHash != Array(content) { throw .contentDiffers }
        if let text = self.content, Array(SHA256.hash(data: Array(text.utf8))) != Array(content) { throw .contentDiffers }
        guard let saltText = salt else { throw .shredded }
        guard let salt = Data(base64Encoded: saltText) else { throw .malformed("salt is not base64") }
        var proof: [[UInt8]] = []
        for hash in inclusionProof {
            guard let bytes = Data(base64Encoded: hash) else { throw .malformed("a proof hash is not base64") }
            proof.append(Array(bytes))
        }
        let signed: Checkpoint
        do { signed = try Checkpoint(signed: checkpoint, verifier: verifier) } catch { throw .checkpoint(error) }
        guard signed.size == treeSize else { throw .malformed("treeSize \(treeSize) is not the checkpoint's \(signed.size)") }
        do {
            try MerkleVerification.verifyInclusion(
                index: leafIndex, size: treeSize, leafHash: Self.leafHash(contentHash: Array(content), salt: Array(salt)),
                proof: proof, root: signed.root)
        } catch { throw .proof(error) }
        return signed
    }
}
