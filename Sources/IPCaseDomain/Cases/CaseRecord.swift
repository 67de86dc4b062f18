import Crypto
import Foundation

/// What goes on a case's record besides its moves: the respondent's answer (答辩), the court's ruling number and
/// date, the hash of the exact agreement text each party signs, and mediation sessions with their minutes.
enum CaseRecord {
    /// SHA-256 of a text's UTF-8 bytes, in hex: what a signature names.
    static func sha256(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    static func failure(_ check: CaseGuard, _ snapshot: CaseSnapshot, _ context: TransitionContext) -> LocalizedText? {
        switch check {
        case .signsCurrentTerms:
            guard let terms = snapshot.agreement?.terms else { return GuardReason.noAgreement }
            return context.text("termsSha256")?.lowercased() == sha256(terms) ? nil : GuardReason.termsChanged(sha256(terms))
        case .validDates:
            if context.fields["performanceDueOn"] != nil {
                guard let due = context.day("performanceDueOn") else { return GuardReason.notADay("performanceDueOn") }
                if due < context.today { return GuardReason.dayInPast("performanceDueOn") }
            }
            if context.fields["rulingDate"] != nil {
                guard let day = context.day("rulingDate") else { return GuardReason.notADay("rulingDate") }
                if day > context.today { return GuardReason.dayInFuture("rulingDate") }
            }
            if context.fields["startsAt"] != nil {
                guard let starts = context.text("startsAt").flatMap(Self.instant) else { return GuardReason.notAnInstant("startsAt") }
                if starts < context.now { return GuardReason.dayInPast("startsAt") }
                if context.text("place") == nil, context.text("link") == nil { return GuardReason.sessionNeedsPlace }
            }
            return nil
        case .knownSession:
            guard let id = context.id("sessionId"), snapshot.sessions?.contains(where: { $0.id == id }) == true else {
                return GuardReason.unknownSession
            }
            return nil
        default:
            return nil
        }
    }

    static func apply(
        _ effect: CaseEffect, of action: WorkflowAction<CaseRules>, to outcome: inout TransitionOutcome<CaseSnapshot>,
        context: TransitionContext
    ) throws(TransitionRefusal) {
        switch effect {
        case .recordAnswer:
            if let text = context.text("answer") {
                outcome.subject.respondentAnswer = .init(text: text, by: context.actor.userId, at: context.now)
            }
        case .recordRuling:
            guard let number = context.text("rulingNumber"), let date = context.day("rulingDate") else { return }
            outcome.subject.ruling = .init(
                decision: action.to == "confirmed" ? "confirmed" : "denied", number: number, date: date,
                judgeUserId: context.actor.userId)
        case .scheduleSession:
            guard let starts = context.text("startsAt").flatMap(Self.instant) else { return }
            let session = CaseSnapshot.Session(
                id: UUID(), startsAt: starts, place: context.text("place"), link: context.text("link"),
                scheduledBy: context.actor.userId, minutes: [])
            outcome.subject.sessions = (outcome.subject.sessions ?? []) + [session]
            outcome.recorded["sessionId"] = .string(session.id.uuidString.lowercased())
        case .recordMinutes:
            guard let sessionId = context.id("sessionId"), let documentId = context.id("documentId"),
                  let index = outcome.subject.sessions?.firstIndex(where: { $0.id == sessionId })
            else { return }
            outcome.subject.sessions?[index].minutes.append(documentId)
        default:
            break
        }
    }

    /// An ISO 8601 date-time with its offset (`2026-12-10T09:30:00+08:00`).
    static func instant(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }
}
