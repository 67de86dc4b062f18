import Foundation
import IPCaseServer
import Testing

@Suite("Argon2id")
struct Argon2idTests {
    private let hasher = Argon2idHasher()

    // RFC 9106 §5.3: Argon2id, version 0x13.
    @Test func rfc9106TestVector() throws {
        let tag = try Argon2idHasher.rawArgon2id(
            password: [UInt8](repeating: 0x01, count: 32),
            salt: [UInt8](repeating: 0x02, count: 16),
            secret: [UInt8](repeating: 0x03, count: 8),
            associatedData: [UInt8](repeating: 0x04, count: 12),
            memoryKiB: 32, iterations: 3, parallelism: 4, tagLength: 32)
        let expected: [UInt8] = [
            0x0d, 0x64, 0x0d, 0xf5, 0x8d, 0x78, 0x76, 0x6c, 0x08, 0xc0, 0x37, 0xa3, 0x4a, 0x8b, 0x53, 0xc9,
            0xd0, 0x1e, 0xf0, 0x45, 0x2d, 0x75, 0xb6, 0x5e, 0xb5, 0x25, 0x20, 0xe9, 0x6b, 0x01, 0xe6, 0x59,
        ]
        #expect(tag == expected)
    }

    @Test func rawArgon2idReportsLibraryErrors() {
        // libargon2 requires at least 8 bytes of salt.
        #expect(throws: Argon2Error.self) {
            try Argon2idHasher.rawArgon2id(
                password: [1], salt: [2, 2, 2], memoryKiB: 32, iterations: 3, parallelism: 1, tagLength: 32)
        }
    }

    @Test func hashThenVerify() throws {
        let phc = try hasher.hash(password: "granite-orchid-7-lantern")
        #expect(hasher.verify(password: "granite-orchid-7-lantern", phc: phc))
    }

    @Test func wrongPasswordDoesNotVerify() throws {
        let phc = try hasher.hash(password: "granite-orchid-7-lantern")
        #expect(!hasher.verify(password: "granite-orchid-7-lanterN", phc: phc))
        #expect(!hasher.verify(password: "", phc: phc))
    }

    @Test func phcFormat() throws {
        let phc = try hasher.hash(password: "granite-orchid-7-lantern")
        let fields = phc.split(separator: "$", omittingEmptySubsequences: false)
        #expect(fields.count == 6)
        #expect(phc.hasPrefix("$argon2id$v=19$m=19456,t=2,p=1$"))
        // 16 bytes of salt and 32 of hash in base64 without padding.
        #expect(fields[4].count == 22)
        #expect(fields[5].count == 43)
        #expect(!fields[4].contains("=") && !fields[5].contains("="))
    }

    @Test func twoHashesOfOnePasswordDifferBySalt() throws {
        let first = try hasher.hash(password: "granite-orchid-7-lantern")
        let second = try hasher.hash(password: "granite-orchid-7-lantern")
        #expect(first != second)
        #expect(hasher.verify(password: "granite-orchid-7-lantern", phc: first))
        #expect(hasher.verify(password: "granite-orchid-7-lantern", phc: second))
    }

    @Test func composedAndDecomposedAccentsVerifyAlike() throws {
        let composed = "caf\u{E9} au lait, s'il vous pla\u{EE}t"
        let decomposed = "cafe\u{301} au lait, s'il vous plai\u{302}t"
        #expect(Array(composed.utf8) != Array(decomposed.utf8))
        let phc = try hasher.hash(password: composed)
        #expect(hasher.verify(password: decomposed, phc: phc))
    }

    @Test func nonASCIIPasswordRoundTrips() throws {
        let phc = try hasher.hash(password: "知识产权纠纷案件信用评价")
        #expect(hasher.verify(password: "知识产权纠纷案件信用评价", phc: phc))
        #expect(!hasher.verify(password: "知识产权纠纷案件信用评分", phc: phc))
    }

    @Test func parametersOfPHC() throws {
        let phc = try Argon2idHasher(parameters: .init(memoryKiB: 8192, iterations: 3, parallelism: 2))
            .hash(password: "granite-orchid-7-lantern")
        #expect(Argon2idHasher.parameters(ofPHC: phc) == Argon2Parameters(memoryKiB: 8192, iterations: 3, parallelism: 2))
        #expect(Argon2idHasher.parameters(ofPHC: try hasher.hash(password: "x")) == .owaspMinimum)
    }

    @Test("not an Argon2id v19 PHC string", arguments: [
        "",
        "plaintext",
        "$argon2i$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
        "$argon2id$v=16$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
        "$argon2id$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
        "$argon2id$v=19$t=2,m=19456,p=1$c29tZXNhbHRzb21lc2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
        "$argon2id$v=19$m=+19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
        "$argon2id$v=19$m=99999999999,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
        "$argon2id$v=19$m=19456,t=2,p=1$$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
        "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$aGFz*GhhNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
        "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA",
        "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW",
    ])
    func rejectsForeignPHC(_ phc: String) {
        #expect(Argon2idHasher.parameters(ofPHC: phc) == nil)
        #expect(!hasher.verify(password: "x", phc: phc))
        #expect(hasher.needsRehash(phc: phc))
    }

    @Test func weakerStoredHashNeedsRehash() throws {
        let weak = try Argon2idHasher(parameters: .init(memoryKiB: 4096, iterations: 2, parallelism: 1))
            .hash(password: "granite-orchid-7-lantern")
        #expect(hasher.needsRehash(phc: weak))
        #expect(!hasher.needsRehash(phc: try hasher.hash(password: "granite-orchid-7-lantern")))
    }

    @Test func isAtLeastComparesMemoryAndPasses() {
        let minimum = Argon2Parameters.owaspMinimum
        #expect(minimum.isAtLeast(minimum))
        #expect(Argon2Parameters(memoryKiB: 47104, iterations: 1, parallelism: 1).isAtLeast(minimum) == false)
        #expect(Argon2Parameters(memoryKiB: 19456, iterations: 2, parallelism: 4).isAtLeast(minimum))
        #expect(Argon2Parameters(memoryKiB: 65536, iterations: 3, parallelism: 1).isAtLeast(minimum))
        #expect(!Argon2Parameters(memoryKiB: 19455, iterations: 9, parallelism: 1).isAtLeast(minimum))
        #expect(minimum.description == "m=19456,t=2,p=1")
    }

    @Test func hasherIsSendable() async throws {
        let hasher = self.hasher
        let phc = try await Task.detached { try hasher.hash(password: "granite-orchid-7-lantern") }.value
        #expect(hasher.verify(password: "granite-orchid-7-lantern", phc: phc))
    }
}
