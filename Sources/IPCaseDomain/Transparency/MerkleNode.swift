/// A perfect subtree of the log: the 2^level leaves from `index << level` on. The log stores the hash of
/// every perfect subtree once it is complete (as tile-based logs do), so that any range's hash, and so any
/// proof, is a few stored hashes away.
public struct MerkleNode: Hashable, Sendable, CustomStringConvertible {
    public let level: Int
    public let index: UInt64

    public init(level: Int, index: UInt64) {
        self.level = level
        self.index = index
    }

    public var leaves: Range<UInt64> { (index << UInt64(level))..<((index + 1) << UInt64(level)) }
    public var description: String { "\(level)/\(index)" }

    /// The perfect subtrees that cover `range`, left to right: each as large as its alignment allows.
    /// A range that starts at 0 is decomposed into at most log₂ n of them (the tree's right frontier).
    public static func covering(_ range: Range<UInt64>) -> [MerkleNode] {
        var nodes: [MerkleNode] = []
        var begin = range.lowerBound
        while begin < range.upperBound {
            // The largest level at which `begin` is aligned and the subtree still fits.
            var level = begin == 0 ? 63 : begin.trailingZeroBitCount
            while level > 0 && (UInt64(1) << UInt64(level)) > range.upperBound - begin { level -= 1 }
            nodes.append(MerkleNode(level: level, index: begin >> UInt64(level)))
            begin += UInt64(1) << UInt64(level)
        }
        return nodes
    }
}

/// What a proof is made of: the hashes of ranges of leaves, each the Merkle tree hash of that range
/// (RFC 9162 §2.1.1), in the order the proof lists them.
public enum MerkleProofPlan {
    /// The ranges of an inclusion proof for leaf `index` in a tree of `size` (RFC 9162 §2.1.3.1, PATH),
    /// from the leaf upwards. Nil when the leaf is not in the tree.
    public static func inclusion(index: UInt64, size: UInt64) -> [Range<UInt64>]? {
        guard index < size else { return nil }
        return path(index, 0..<size)
    }

    /// The ranges of a consistency proof from a tree of `from` leaves to one of `to` (RFC 9162 §2.1.4.1,
    /// PROOF). Empty when the sizes are equal or the first tree is empty; nil when `from` > `to`.
    public static func consistency(from old: UInt64, to new: UInt64) -> [Range<UInt64>]? {
        guard old <= new else { return nil }
        guard old > 0, old < new else { return [] }
        return subproof(old, 0..<new, complete: true)
    }

    private static func path(_ index: UInt64, _ range: Range<UInt64>) -> [Range<UInt64>] {
        let count = UInt64(range.count)
        guard count > 1 else { return [] }
        let split = range.lowerBound + largestPowerOfTwo(below: count)
        if index < split {
            return path(index, range.lowerBound..<split) + [split..<range.upperBound]
        }
        return path(index, split..<range.upperBound) + [range.lowerBound..<split]
    }

    private static func subproof(_ old: UInt64, _ range: Range<UInt64>, complete: Bool) -> [Range<UInt64>] {
        let count = UInt64(range.count)
        if old == count { return complete ? [] : [range] }
        let k = largestPowerOfTwo(below: count)
        let split = range.lowerBound + k
        if old <= k {
            return subproof(old, range.lowerBound..<split, complete: complete) + [split..<range.upperBound]
        }
        return subproof(old - k, split..<range.upperBound, complete: false) + [range.lowerBound..<split]
    }

    /// The largest power of two strictly smaller than `n` (n > 1).
    static func largestPowerOfTwo(below n: UInt64) -> UInt64 {
        UInt64(1) << UInt64(63 - (n - 1).leadingZeroBitCount)
    }

    /// The hash of `range` from the hashes of the perfect subtrees that cover it (`MerkleNode.covering`):
    /// folded from the right, as RFC 9162 splits a range at its largest power of two.
    public static func hash(of range: Range<UInt64>, nodes: (MerkleNode) -> [UInt8]?) -> [UInt8]? {
        let covering = MerkleNode.covering(range)
        guard var hash = covering.last.flatMap(nodes) else { return range.isEmpty ? MerkleHash.emptyRoot : nil }
        for node in covering.dropLast().reversed() {
            guard let left = nodes(node) else { return nil }
            hash = MerkleHash.node(left, hash)
        }
        return hash
    }
}
