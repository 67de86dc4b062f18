/// The right edge of a log of `size` leaves: the hashes of the perfect subtrees that cover [0, size), at
/// most one per level, largest first. Appending a leaf completes the subtrees it closes, and the root is
/// their fold: so a log grows in O(log n) hashing with only its frontier in memory.
public struct MerkleFrontier: Sendable, Equatable {
    public private(set) var size: UInt64
    public private(set) var nodes: [(node: MerkleNode, hash: [UInt8])]

    public init() {
        size = 0
        nodes = []
    }

    /// A frontier from stored hashes: `hashes` must hold every node of `MerkleNode.covering(0..<size)`.
    public init?(size: UInt64, hashes: [MerkleNode: [UInt8]]) {
        var nodes: [(node: MerkleNode, hash: [UInt8])] = []
        for node in MerkleNode.covering(0..<size) {
            guard let hash = hashes[node] else { return nil }
            nodes.append((node, hash))
        }
        self.size = size
        self.nodes = nodes
    }

    /// Appends a leaf's hash; returns every subtree it completed, the leaf's own node first, so that the
    /// caller stores each once.
    @discardableResult
    public mutating func append(leafHash: [UInt8]) -> [(node: MerkleNode, hash: [UInt8])] {
        var completed = [(node: MerkleNode(level: 0, index: size), hash: leafHash)]
        nodes.append(completed[0])
        while nodes.count >= 2, nodes[nodes.count - 1].node.level == nodes[nodes.count - 2].node.level {
            let right = nodes.removeLast()
            let left = nodes.removeLast()
            let merged = (node: MerkleNode(level: left.node.level + 1, index: left.node.index >> 1),
                          hash: MerkleHash.node(left.hash, right.hash))
            nodes.append(merged)
            completed.append(merged)
        }
        size += 1
        return completed
    }

    /// The tree's root (RFC 9162 §2.1.1): the empty hash for no leaves.
    public var root: [UInt8] {
        guard var hash = nodes.last?.hash else { return MerkleHash.emptyRoot }
        for (_, left) in nodes.dropLast().reversed() {
            hash = MerkleHash.node(left, hash)
        }
        return hash
    }

    public static func == (lhs: MerkleFrontier, rhs: MerkleFrontier) -> Bool {
        lhs.size == rhs.size && lhs.nodes.elementsEqual(rhs.nodes) { $0.node == $1.node && $0.hash == $1.hash }
    }
}
