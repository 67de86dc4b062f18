import Foundation
import Testing
@testable import IPCaseDomain

@Suite("Hash-chained events")
struct EventChainTests {
    typealias F = WorkflowFixtures

    /// 2026-03-02T02:00:00Z in microseconds.
    private let start: Int64 = 1_772_416_800_000_000

    private func event(_ seq: Int, action: String, from: String?, to: String?, actor: WorkflowActor, payload: JSONValue) -> ChainedEvent {
        ChainedEvent(
            subjectType: "case", subjectId: F.id("ca5e"), seq: seq, atMicroseconds: start + Int64(seq - 1),
            actorUserId: actor.userId, actorOrganizationId: actor.organizationId, action: action, fromState: from, toState: to,
            payload: payload, prevHash: [])
    }

    /// Seals events in order, each linked to the one before.
    private func chain(_ events: [ChainedEvent]) -> [ChainedEvent] {
        var previous = ChainedEvent.genesisHash
        return events.map { unsealed in
            var event = unsealed
            event.prevHash = previous
            let sealed = event.sealed()
            previous = sealed.hash
            return sealed
        }
    }

    private func threeEvents() -> [ChainedEvent] {
        chain([
            event(1, action: "accept", from: "filed", to: "awaiting_respondent", actor: F.body, payload: .object(["reason": "Complete file"])),
            event(2, action: "respondentConsents", from: "awaiting_respondent", to: "in_mediation", actor: F.respondent, payload: .object([:])),
            event(3, action: "assignMediator", from: "in_mediation", to: "in_mediation", actor: F.body,
                  payload: .object(["mediatorUserId": .string(F.mediator.uuidString.lowercased())])),
        ])
    }

    @Test func aSealedChainVerifies() {
        let events = threeEvents()
        #expect(ChainBreak.first(in: events) == nil)
        #expect(ChainBreak.first(in: []) == nil)
        #expect(events[0].prevHash == ChainedEvent.genesisHash)
        #expect(events[1].prevHash == events[0].hash)
        #expect(events[2].prevHash == events[1].hash)
        #expect(events.allSatisfy { $0.hash.count == 32 && $0.hash == $0.computedHash() })
        #expect(Set(events.map(\.hash)).count == 3)
        #expect(ChainedEvent.genesisHash == [UInt8](repeating: 0, count: 32))
    }

    @Test func anAlteredPayloadIsReportedAtItsEvent() {
        var events = threeEvents()
        events[1].payload = .object(["reason": "inserted later"])
        #expect(ChainBreak.first(in: events) == ChainBreak(seq: 2, reason: "hash does not match the event's content: it was altered"))
        #expect(ChainBreak.first(in: events)?.description == "event 2: hash does not match the event's content: it was altered")
    }

    @Test func anAlteredAndResealedEventBreaksTheNextLink() {
        var events = threeEvents()
        events[1].payload = .object(["reason": "inserted later"])
        events[1] = events[1].sealed()
        #expect(ChainBreak.first(in: events)
            == ChainBreak(seq: 3, reason: "prevHash does not match the hash of the event before it"))
    }

    @Test func aRemovedEventIsReportedAsMissing() {
        var events = threeEvents()
        events.remove(at: 1)
        #expect(ChainBreak.first(in: events) == ChainBreak(seq: 3, reason: "expected seq 2: an event is missing"))
        #expect(ChainBreak.first(in: Array(threeEvents().dropFirst())) == ChainBreak(seq: 2, reason: "expected seq 1: an event is missing"))
    }

    @Test func aChangedPrevHashBreaksTheLink() {
        var events = threeEvents()
        events[1].prevHash[0] ^= 0x01
        #expect(ChainBreak.first(in: events) == ChainBreak(seq: 2, reason: "prevHash does not match the hash of the event before it"))
        // Resealing with the false link does not help.
        events[1] = events[1].sealed()
        #expect(ChainBreak.first(in: events)?.seq == 2)
        #expect(ChainBreak.first(in: events)?.reason.contains("prevHash") == true)
    }

    @Test func swappedEventsAreReported() {
        var events = threeEvents()
        events.swapAt(1, 2)
        #expect(ChainBreak.first(in: events)?.seq == 3)
    }

    @Test func aChangedStoredHashIsReported() {
        var events = threeEvents()
        events[2].hash[31] ^= 0xff
        #expect(ChainBreak.first(in: events) == ChainBreak(seq: 3, reason: "hash does not match the event's content: it was altered"))
    }

    @Test(arguments: ["at", "actor", "actorOrganization", "action", "from", "to", "seq", "subjectId", "subjectType"])
    func theHashCoversEveryField(field: String) {
        let original = threeEvents()[1]
        var changed = original
        switch field {
        case "at": changed.atMicroseconds += 1
        case "actor": changed.actorUserId = nil
        case "actorOrganization": changed.actorOrganizationId = F.complainantOrg
        case "action": changed.action = "respondentDeclines"
        case "from": changed.fromState = nil
        case "to": changed.toState = "closed"
        case "seq": changed.seq = 7
        case "subjectId": changed.subjectId = F.id("ca5f")
        default: changed.subjectType = "credit_record"
        }
        #expect(changed.computedHash() != original.computedHash())
    }

    /// Pins the format: a hash computed today must be recomputable years later, so any change here is a break.
    @Test func theCanonicalContentAndHashAreFixed() {
        let first = event(1, action: "accept", from: "filed", to: "awaiting_respondent", actor: F.complainant,
                          payload: .object(["reason": "Complete file"]))
        let content = String(decoding: first.canonicalContent, as: UTF8.self)
        #expect(content == #"{"action":"accept","actor":"00000000-0000-0000-0000-0000000001a1","#
            + #""actorOrganizationId":"00000000-0000-0000-0000-0000000000a1","at":"1772416800000000","from":"filed","#
            + #""payload":{"reason":"Complete file"},"seq":1,"subjectId":"00000000-0000-0000-0000-00000000ca5e","#
            + #""subjectType":"case","to":"awaiting_respondent"}"#)
        var linked = first
        linked.prevHash = ChainedEvent.genesisHash
        let sealedFirst = linked.sealed()
        #expect(sealedFirst.hash.hexString == "25db8aefffcbd9fe29561300c241ffabb4055ca1948ad2b060547dd1c7310aec")

        var second = event(2, action: "respondentSilent", from: "awaiting_respondent", to: "closed", actor: .system, payload: .object([:]))
        second.prevHash = sealedFirst.hash
        #expect(String(decoding: second.canonicalContent, as: UTF8.self).contains(#""actor":"system","actorOrganizationId":null"#))
        #expect(second.sealed().hash.hexString == "dc7fcef0a4cc9f37d845623d0b1d491ccf63be44ffecf863511970c673494fc4")
        #expect(ChainBreak.first(in: [sealedFirst, second.sealed()]) == nil)
    }

    @Test func hexStringIsLowerCaseAndPadded() {
        #expect([UInt8]([0x00, 0x0f, 0xab, 0xff]).hexString == "000fabff")
        #expect([UInt8]().hexString == "")
    }
}
