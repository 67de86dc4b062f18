/// Checks proofs against roots, as RFC 9162 §2.1.3.2 and §2.1.4.2 describe, in the form of the
/// transparency-dev/merkle verifier whose test vectors the tests run: a proof of the wrong length is
/// refused before any hashing, so trailing or preceding garbage never passes.
public enum MerkleVerification {
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case indexBeyondSize(index: UInt64, size: UInt64)
        case sizesDecrease(from: UInt64, to: UInt64)
        case wrongHashLength
        case wrongProofLength(got: Int, want: Int)
        case rootMismatch
        case emptyOldTree

        public var description: String {
            switch self {
            case let .indexBeyondSize(index, size): "leaf \(index) is not in a tree of \(size)"
            case let .sizesDecrease(from, to): "a tree of \(to) cannot extend one of \(from)"
            case .wrongHashLength: "a hash is not 32 bytes"
            case let .wrongProofLength(got, want): "the proof has \(got) hashes, not \(want)"
            case .rootMismatch: "the proof does not lead to the root"
            case .emptyOldTree: "every tree extends the empty tree: there is nothing to prove"
            }
        }
    }

    /// Throws unless `proof` shows the leaf with `leafHash` at `index` in the tree of `size` with `root`.
    public static func verifyInclusion(
        index: UInt64, size: UInt64, leafHash: [UInt8], proof: [[UInt8]], root: [UInt8]
    ) throws(Failure) {
        let computed = try rootFromInclusion(index: index, size: size, leafHash: leafHash, proof: proof)
        guard computed == root else { throw .rootMismatch }
    }

    /// The root that `proof` leads to from the leaf at `index` in a tree of `size`.
    public static func rootFromInclusion(
        index: UInt64, size: UInt64, leafHash: [UInt8], proof: [[UInt8]]
    ) throws(Failure) -> [UInt8] {
        guard index < size else { throw .indexBeyondSize(index: index, size: size) }
        guard leafHash.count == MerkleHash.size, proof.allSatisfy({ $0.count == MerkleHash.size }) else {
            throw .wrongHashLength
        }
        let (inner, border) = decomposition(index: index, size: size)
        guard proof.count == inner + border else { throw .wrongProofLength(got: proof.count, want: inner + border) }
        let hash = chainInner(leafHash, proof[..<inner], index: index)
        return chainBorderRight(hash, proof[inner...])
    }

    /// Throws unless `proof` shows that the tree of `newSize` with `newRoot` extends, unchanged, the tree of
    /// `oldSize` with `oldRoot`.
    public static func verifyConsistency(
        oldSize: UInt64, newSize: UInt64, oldRoot: [UInt8], newRoot: [UInt8], proof: [[UInt8]]
    ) throws(Failure) {
        guard oldSize <= newSize else { throw .sizesDecrease(from: oldSize, to: newSize) }
        // As the vectors have it: a proof from the empty tree proves nothing, so it is no proof (callers that
        // hold a checkpoint of size 0 need none).
        guard oldSize > 0 else { throw .emptyOldTree }
        guard proof.allSatisfy({ $0.count == MerkleHash.size }) else { throw .wrongHashLength }
        if oldSize == newSize {
            guard proof.isEmpty else { throw .wrongProofLength(got: proof.count, want: 0) }
            guard oldRoot == newRoot else { throw .rootMismatch }
            return
        }
        guard !proof.isEmpty else { throw .wrongProofLength(got: 0, want: 1) }

        var (inner, border) = decomposition(index: oldSize - 1, size: newSize)
        let shift = oldSize.trailingZeroBitCount
        inner -= shift
        // The proof opens with the hash of the old tree's last complete subtree of 2^shift leaves, unless the
        // old tree is that very subtree, whose hash is its root.
        var seed = proof[0]
        var start = 1
        if oldSize == UInt64(1) << UInt64(shift) {
            seed = oldRoot
            start = 0
        }
        guard proof.count == start + inner + border else {
            throw .wrongProofLength(got: proof.count, want: start + inner + border)
        }
        let path = proof[start...]
        let innerPath = path.prefix(inner)
        let borderPath = path.dropFirst(inner)
        let mask = (oldSize - 1) >> UInt64(shift)
        let old = chainBorderRight(chainInnerRight(seed, innerPath, index: mask), borderPath)
        guard old == oldRoot else { throw .rootMismatch }
        let new = chainBorderRight(chainInner(seed, innerPath, index: mask), borderPath)
        guard new == newRoot else { throw .rootMismatch }
    }

    /// How many of an inclusion proof's hashes lie below the point where the leaf's path leaves the
    /// tree's right border (inner), and how many lie on that border.
    private static func decomposition(index: UInt64, size: UInt64) -> (inner: Int, border: Int) {
        let inner = 64 - (index ^ (size - 1)).leadingZeroBitCount
        let border = (inner >= 64 ? 0 : index >> UInt64(inner)).nonzeroBitCount
        return (inner, border)
    }

    private static func chainInner(_ seed: [UInt8], _ proof: ArraySlice<[UInt8]>, index: UInt64) -> [UInt8] {
        var hash = seed
        for (level, sibling) in proof.enumerated() {
            hash = (index >> UInt64(level)) & 1 == 0 ? MerkleHash.node(hash, sibling) : MerkleHash.node(sibling, hash)
        }
        return hash
    }

    private static func chainInnerRight(_ seed: [UInt8], _ proof: ArraySlice<[UInt8]>, index: UInt64) -> [UInt8] {
        var hash = seed
        for (level, sibling) in proof.enumerated() where (index >> UInt64(level)) & 1 == 1 {
            hash = MerkleHash.node(sibling, hash)
        }
        return hash
    }

    private static func chainBorderRight(_ seed: [UInt8], _ proof: ArraySlice<[UInt8]>) -> [UInt8] {
        proof.reduce(seed) { MerkleHash.node($1, $0) }
    }
}
