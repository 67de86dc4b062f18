import Foundation

/// A named change an action makes to the case, beyond moving it to its next state.
public enum CaseEffect: Sendable, Hashable {
    /// The user in the action's user field becomes the mediator; it must be a mediator of the case's body.
    case assignMediator
    /// The user in the action's user field becomes the arbitrator; it must be an arbitrator of the commission.
    case assignArbitrator
    /// The acting judge takes the case.
    case assignJudge
    case draftAgreement
    /// The action's `award` field becomes the case's award.
    case recordAward
    case signAgreement
    /// The agreement takes effect on the day of its last signature.
    case agreementTakesEffect
    case clearAgreement
    /// The acting party proposes; the action's organisation field, if any, is what it proposes.
    case propose(ProposalTopic)
    case consent(ProposalTopic)
    /// The named deadline moves by its extension.
    case extend(deadline: String)
    case referToArbitrationCommission
    case referToCourt
    /// A credit record of kind 6 is proposed against the party reported as not performing (refusal to perform).
    case proposeCreditRecord
    /// The respondent's answer (答辩) goes on the record with its consent or refusal.
    case recordAnswer
    /// The court's ruling number and date go on the record with its decision.
    case recordRuling
    /// A party reports the other's non-performance; the other may answer; the neutral decides.
    case reportNonPerformance
    case answerNonPerformance
    /// The assigned mediator hands the case to a colleague of the body.
    case handOver
    /// A party asks for the neutral's recusal; the body grants it (replacing the neutral) or dismisses it.
    case requestRecusal
    case grantRecusal
    case dismissRecusal
    /// A mediation session is scheduled; its minutes are documents tied to it.
    case scheduleSession
    case recordMinutes

    /// Parses the names a workflow file uses: `assignMediator`, `propose.extension`, `extend.mediation`.
    public init?(name: String) {
        let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
        switch (parts.first, parts.count) {
        case ("propose", 2): guard let topic = ProposalTopic(rawValue: parts[1]) else { return nil }; self = .propose(topic)
        case ("consent", 2): guard let topic = ProposalTopic(rawValue: parts[1]) else { return nil }; self = .consent(topic)
        case ("extend", 2): self = .extend(deadline: parts[1])
        case (_, 1):
            guard let simple = Self.simple[name] else { return nil }
            self = simple
        default: return nil
        }
    }

    static let simple: [String: CaseEffect] = [
        "assignMediator": .assignMediator, "assignArbitrator": .assignArbitrator, "assignJudge": .assignJudge,
        "draftAgreement": .draftAgreement, "signAgreement": .signAgreement, "recordAward": .recordAward,
        "agreementTakesEffect": .agreementTakesEffect, "clearAgreement": .clearAgreement,
        "referToArbitrationCommission": .referToArbitrationCommission, "referToCourt": .referToCourt,
        "proposeCreditRecord": .proposeCreditRecord, "recordAnswer": .recordAnswer, "recordRuling": .recordRuling,
        "reportNonPerformance": .reportNonPerformance, "answerNonPerformance": .answerNonPerformance, "handOver": .handOver,
        "requestRecusal": .requestRecusal, "grantRecusal": .grantRecusal, "dismissRecusal": .dismissRecusal,
        "scheduleSession": .scheduleSession, "recordMinutes": .recordMinutes,
    ]

    static var knownNames: [String] {
        simple.keys.sorted() + ProposalTopic.allCases.flatMap { ["propose.\($0.rawValue)", "consent.\($0.rawValue)"] }
            + ["extend.<deadline>"]
    }
}
