import Foundation
import IPCaseDomain
import Testing

/// The tree's own arithmetic against RFC 9162's definition, written out the slow way: the frontier's root,
/// the ranges a proof is made of, and the proofs built from them, for every size up to 70.
@Suite("Merkle tree")
struct MerkleTreeTests {
    static let leaves: [[UInt8]] = (0..<70).map { MerkleHash.leaf(Array("entry \($0)".utf8)) }

    /// MTH(D[lo, hi)) as RFC 9162 §2.1.1 defines it.
    static func mth(_ range: Range<Int>) -> [UInt8] {
        if range.isEmpty { return MerkleHash.emptyRoot }
        if range.count == 1 { return leaves[range.lowerBound] }
        var k = 1
        while k * 2 < range.count { k *= 2 }
        return MerkleHash.node(mth(range.lowerBound..<range.lowerBound + k), mth(range.lowerBound + k..<range.upperBound))
    }

    /// Every perfect subtree's hash, as the stored tree keeps them.
    static let nodes: [MerkleNode: [UInt8]] = {
        var nodes: [MerkleNode: [UInt8]] = [:]
        var frontier = MerkleFrontier()
        for leaf in leaves { for (node, hash) in frontier.append(leafHash: leaf) { nodes[node] = hash } }
        return nodes
    }()

    static func hashes(_ ranges: [Range<UInt64>]) -> [[UInt8]] {
        ranges.map { MerkleProofPlan.hash(of: $0, nodes: { nodes[$0] })! }
    }

    @Test("the frontier's root is RFC 9162's tree hash at every size, and each completed node its subtree's")
    func frontierRoot() {
        var frontier = MerkleFrontier()
        #expect(frontier.root == MerkleHash.emptyRoot)
        for (n, leaf) in Self.leaves.enumerated() {
            for (node, hash) in frontier.append(leafHash: leaf) {
                #expect(hash == Self.mth(Int(node.leaves.lowerBound)..<Int(node.leaves.upperBound)), "\(node)")
            }
            #expect(frontier.root == Self.mth(0..<n + 1), "size \(n + 1)")
            #expect(frontier.nodes.count == (n + 1).nonzeroBitCount)
            // A frontier read back from stored nodes is the same frontier.
            #expect(MerkleFrontier(size: UInt64(n + 1), hashes: Self.nodes) == frontier)
        }
    }

    @Test("any range's hash from the stored nodes is its tree hash")
    func rangeHashes() {
        for size in 1...70 {
            #expect(MerkleProofPlan.hash(of: 0..<UInt64(size), nodes: { Self.nodes[$0] }) == Self.mth(0..<size))
        }
    }

    @Test("every inclusion proof of every leaf, at every size, verifies; at another index it does not")
    func inclusionProofs() throws {
        for size in 1...70 {
            let root = Self.mth(0..<size)
            for index in 0..<size {
                let proof = Self.hashes(MerkleProofPlan.inclusion(index: UInt64(index), size: UInt64(size))!)
                try MerkleVerification.verifyInclusion(
                    index: UInt64(index), size: UInt64(size), leafHash: Self.leaves[index], proof: proof, root: root)
                if size > 1 {
                    let other = (index + 1) % size
                    #expect(throws: MerkleVerification.Failure.self) {
                        try MerkleVerification.verifyInclusion(
                            index: UInt64(other), size: UInt64(size), leafHash: Self.leaves[index], proof: proof, root: root)
                    }
                }
            }
            #expect(MerkleProofPlan.inclusion(index: UInt64(size), size: UInt64(size)) == nil)
        }
    }

    @Test("every consistency proof between two sizes verifies; against a changed old tree it does not")
    func consistencyProofs() throws {
        for new in 1...70 {
            for old in 1...new {
                let proof = Self.hashes(MerkleProofPlan.consistency(from: UInt64(old), to: UInt64(new))!)
                try MerkleVerification.verifyConsistency(
                    oldSize: UInt64(old), newSize: UInt64(new), oldRoot: Self.mth(0..<old), newRoot: Self.mth(0..<new), proof: proof)
                if old > 0 && old < new {
                    // The old tree with its last leaf replaced: what a rewritten history would have signed.
                    var forged = MerkleFrontier()
                    for leaf in Self.leaves[0..<old - 1] { forged.append(leafHash: leaf) }
                    forged.append(leafHash: MerkleHash.leaf(Array("forged".utf8)))
                    #expect(throws: MerkleVerification.Failure.self) {
                        try MerkleVerification.verifyConsistency(
                            oldSize: UInt64(old), newSize: UInt64(new), oldRoot: forged.root, newRoot: Self.mth(0..<new), proof: proof)
                    }
                }
            }
        }
        #expect(MerkleProofPlan.consistency(from: 3, to: 2) == nil)
    }
}
