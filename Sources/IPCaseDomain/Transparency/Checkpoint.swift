public import Foundation

/// A C2SP tlog-checkpoint (https://c2sp.org/tlog-checkpoint): the log's origin, its size in decimal and its
/// root hash in base64, one per line. Signed, it is what anyone keeps to hold the operator to one history.
public struct Checkpoint: Sendable, Equatable {
    public let origin: String
    public let size: UInt64
    public let root: [UInt8]

    public init(origin: String, size: UInt64, root: [UInt8]) {
        self.origin = origin
        self.size = size
        self.root = root
    }

    /// The note text a signature covers.
    public var text: String {
        "\(origin)\n\(size)\n\(Data(root).base64EncodedString())\n"
    }

    /// Reads a checkpoint's text (the signed note's body, extension lines allowed and ignored).
    public init(text: String) throws(SignedNote.Failure) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count >= 4, lines.last == "", !lines[0].isEmpty,
              let size = UInt64(lines[1]), String(size) == lines[1],
              let root = Data(base64Encoded: String(lines[2])), root.count == MerkleHash.size
        else { throw .malformedNote("a checkpoint is an origin, a decimal size and a base64 SHA-256 root, one per line") }
        self.init(origin: String(lines[0]), size: size, root: Array(root))
    }

    /// Opens a signed checkpoint with `verifier`, whose name must be the checkpoint's origin.
    public init(signed note: String, verifier: SignedNote.Verifier) throws(SignedNote.Failure) {
        try self.init(text: SignedNote.open(note, verifier: verifier))
        guard origin == verifier.name else { throw .malformedNote("the origin \(origin) is not the key's name \(verifier.name)") }
    }
}
