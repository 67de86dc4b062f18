import Foundation
import IPCaseDomain

extension NotificationIntent {
    /// Who, concretely, the workflow's recipient is on this case. A party without an account, or a
    /// neutral not yet assigned, receives nothing; the case itself still shows the deadline.
    func audiences(on snapshot: CaseSnapshot) -> [NotificationStore.Audience] {
        func party(_ side: PartySide) -> [NotificationStore.Audience] {
            snapshot.party(side).organizationId.map { [.organization($0, role: .enterprise)] } ?? []
        }
        switch recipient {
        case .complainant: return party(.complainant)
        case .respondent: return party(.respondent)
        case .parties: return party(.complainant) + party(.respondent)
        case .otherParty: return actingSide.map { party($0.other) } ?? party(.complainant) + party(.respondent)
        case .mediationBody: return [.organization(snapshot.mediationBodyId, role: .mediator)]
        case .mediator: return snapshot.mediatorUserId.map { [.user($0)] } ?? []
        case .arbitrationCommission: return snapshot.arbitrationCommissionId.map { [.organization($0, role: .arbitrator)] } ?? []
        case .arbitrator: return snapshot.arbitratorUserId.map { [.user($0)] } ?? []
        case .court: return snapshot.courtId.map { [.organization($0, role: .judge)] } ?? []
        }
    }
}
