import Foundation
import IPCaseDomain
import Testing

/// The RFC 6962 proof vectors of transparency-dev/merkle (Fixtures/merkle, Apache-2.0): every proof the
/// vectors accept is accepted, and every one they reject (a flipped index, a proof with garbage before or
/// after, a wrong root, an empty leaf) is rejected.
@Suite("Merkle proof vectors")
struct MerkleVectorTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/merkle")

    struct Inclusion: Decodable {
        let leafIdx: UInt64
        let treeSize: UInt64
        let root: String?
        let leafHash: String?
        let proof: [String]?
        let desc: String
        let wantErr: Bool
    }

    struct Consistency: Decodable {
        let size1: UInt64
        let size2: UInt64
        let root1: String?
        let root2: String?
        let proof: [String]?
        let desc: String
        let wantErr: Bool
    }

    static func cases<Case: Decodable>(_ kind: String, as type: Case.Type) throws -> [(String, Case)] {
        let root = folder.appendingPathComponent(kind)
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "json" } ?? []
        return try files.sorted { $0.path < $1.path }.map { file in
            (String(file.path.dropFirst(root.path.count + 1)), try JSONDecoder().decode(Case.self, from: Data(contentsOf: file)))
        }
    }

    static func bytes(_ base64: String?) -> [UInt8] { base64.flatMap { Data(base64Encoded: $0) }.map(Array.init) ?? [] }

    @Test("inclusion proofs: the accepted are accepted, the rejected rejected")
    func inclusion() throws {
        let cases = try Self.cases("inclusion", as: Inclusion.self)
        #expect(cases.count > 50)
        #expect(cases.contains { !$0.1.wantErr } && cases.contains { $0.1.wantErr })
        for (file, vector) in cases {
            let accepted = (try? MerkleVerification.verifyInclusion(
                index: vector.leafIdx, size: vector.treeSize, leafHash: Self.bytes(vector.leafHash),
                proof: (vector.proof ?? []).map(Self.bytes), root: Self.bytes(vector.root))) != nil
            #expect(accepted == !vector.wantErr, "\(file): \(vector.desc)")
        }
    }

    @Test("consistency proofs: the accepted are accepted, the rejected rejected")
    func consistency() throws {
        let cases = try Self.cases("consistency", as: Consistency.self)
        #expect(cases.count > 50)
        #expect(cases.contains { !$0.1.wantErr } && cases.contains { $0.1.wantErr })
        for (file, vector) in cases {
            let accepted = (try? MerkleVerification.verifyConsistency(
                oldSize: vector.size1, newSize: vector.size2, oldRoot: Self.bytes(vector.root1), newRoot: Self.bytes(vector.root2),
                proof: (vector.proof ?? []).map(Self.bytes))) != nil
            #expect(accepted == !vector.wantErr, "\(file): \(vector.desc)")
        }
    }
}
