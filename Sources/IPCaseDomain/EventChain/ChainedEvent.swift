import Crypto
public import Foundation

/// One event in a subject's append-only log (a case today; credit records later). Each event's hash
/// covers the previous event's hash and the canonical encoding of everything the event says, so that
/// changing, removing or reordering any event breaks every link after it.
public struct ChainedEvent: Sendable, Equatable {
    public static let genesisHash = [UInt8](repeating: 0, count: 32)

    public var subjectType: String
    public var subjectId: UUID
    /// 1, 2, 3 … within the subject.
    public var seq: Int
    /// Whole microseconds since 1970, the precision PostgreSQL keeps.
    public var atMicroseconds: Int64
    /// A user's id, or nil for `system`.
    public var actorUserId: UUID?
    public var actorOrganizationId: UUID?
    public var action: String
    public var fromState: String?
    public var toState: String?
    public var payload: JSONValue
    public var prevHash: [UInt8]
    public var hash: [UInt8]

    public init(
        subjectType: String, subjectId: UUID, seq: Int, atMicroseconds: Int64, actorUserId: UUID?,
        actorOrganizationId: UUID?, action: String, fromState: String?, toState: String?, payload: JSONValue,
        prevHash: [UInt8], hash: [UInt8] = []
    ) {
        self.subjectType = subjectType
        self.subjectId = subjectId
        self.seq = seq
        self.atMicroseconds = atMicroseconds
        self.actorUserId = actorUserId
        self.actorOrganizationId = actorOrganizationId
        self.action = action
        self.fromState = fromState
        self.toState = toState
        self.payload = payload
        self.prevHash = prevHash
        self.hash = hash
    }

    /// What the hash covers, as canonical JSON.
    public var canonicalContent: [UInt8] {
        CanonicalJSON.encode(.object([
            "subjectType": .string(subjectType),
            "subjectId": .string(subjectId.uuidString.lowercased()),
            "seq": .number(Double(seq)),
            "at": .string(String(atMicroseconds)),
            "actor": actorUserId.map { .string($0.uuidString.lowercased()) } ?? .string("system"),
            "actorOrganizationId": actorOrganizationId.map { .string($0.uuidString.lowercased()) } ?? .null,
            "action": .string(action),
            "from": fromState.map(JSONValue.string) ?? .null,
            "to": toState.map(JSONValue.string) ?? .null,
            "payload": payload,
        ]))
    }

    /// SHA-256 over the previous hash and the canonical content.
    public func computedHash() -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: prevHash)
        hasher.update(data: canonicalContent)
        return Array(hasher.finalize())
    }

    /// Fills in `hash`, after `prevHash` is set to the previous event's hash.
    public func sealed() -> ChainedEvent {
        var event = self
        event.hash = computedHash()
        return event
    }
}

/// The first place a chain does not hold.
public struct ChainBreak: Sendable, Equatable, CustomStringConvertible {
    public let seq: Int
    public let reason: String

    public init(seq: Int, reason: String) {
        self.seq = seq
        self.reason = reason
    }

    public var description: String { "event \(seq): \(reason)" }

    /// Walks one subject's events in `seq` order.
    public static func first(in events: [ChainedEvent]) -> ChainBreak? {
        var verifier = Verifier()
        for event in events {
            if let found = verifier.check(event) { return found }
        }
        return nil
    }

    /// Checks a chain one event at a time, so a long one can be read in pages.
    public struct Verifier: Sendable {
        private var previous = ChainedEvent.genesisHash
        private var expectedSeq = 1

        public init() {}

        public mutating func check(_ event: ChainedEvent) -> ChainBreak? {
            if event.seq != expectedSeq {
                return ChainBreak(seq: event.seq, reason: "expected seq \(expectedSeq): an event is missing")
            }
            if event.prevHash != previous {
                return ChainBreak(seq: event.seq, reason: "prevHash does not match the hash of the event before it")
            }
            if event.computedHash() != event.hash {
                return ChainBreak(seq: event.seq, reason: "hash does not match the event's content: it was altered")
            }
            previous = event.hash
            expectedSeq += 1
            return nil
        }
    }
}

extension Array where Element == UInt8 {
    public var hexString: String { map { String(format: "%02x", $0) }.joined() }

    /// The bytes of a hex string such as `hexString` writes; nil when it is not one.
    public init?(hex: String) {
        guard hex.count.isMultiple(of: 2) else { return nil }
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        self = bytes
    }
}
