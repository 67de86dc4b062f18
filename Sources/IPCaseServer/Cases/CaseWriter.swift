import Foundation
import IPCaseDomain
import Logging
import PostgresNIO

/// The case capability's writer: the one workflow writer over the case store, plus what only cases
/// have, their yearly numbers.
typealias CaseWriter = WorkflowWriter<CaseStore>

extension WorkflowWriter where Store == CaseStore {
    /// Files a complaint: the next number of the district's year, the initial state and its first event.
    /// The API and the demo seed both file through here.
    func file(
        by userId: UUID, for complainant: (id: UUID, creditCode: String, name: String), against respondent: CaseSnapshot.Party,
        mediationBodyId: UUID, ipRight: CaseSnapshot.IPRight, claims: String, amountClaimed: String?,
        workflow: CaseWorkflow, now: Date, on connection: PostgresConnection, logger: Logger
    ) async throws -> CaseSnapshot {
        let number = try await store.nextNumber(
            prefix: workflow.numberPrefix, year: CalendarDay(now, in: workflow.timeZone).year, on: connection, logger: logger)
        let snapshot = CaseSnapshot(
            id: UUID(), number: number, filedAt: now, filedBy: userId, state: workflow.initialState,
            complainant: .init(organizationId: complainant.id, creditCode: complainant.creditCode, name: complainant.name),
            respondent: respondent, mediationBodyId: mediationBodyId, ipRight: ipRight, claims: claims,
            amountClaimed: amountClaimed)
        let outcome = try workflow.file(
            snapshot, payload: Self.filingPayload(snapshot),
            context: TransitionContext(
                actor: .user(id: userId, organizationId: complainant.id), now: now, timeZone: workflow.timeZone))
        try await insert(outcome, workflow: workflow, now: now, on: connection, logger: logger)
        return outcome.subject
    }

    /// What the first event of a case records of the filing.
    static func filingPayload(_ snapshot: CaseSnapshot) -> [String: JSONValue] {
        var payload: [String: JSONValue] = [
            "number": .string(snapshot.number),
            "respondentCreditCode": .string(snapshot.respondent.creditCode),
            "respondentName": .string(snapshot.respondent.name),
            "mediationBodyId": .string(snapshot.mediationBodyId.uuidString.lowercased()),
            "ipRight": .object([
                "type": .string(snapshot.ipRight.type), "identifier": .string(snapshot.ipRight.identifier),
                "title": .string(snapshot.ipRight.title),
            ]),
            "claims": .string(snapshot.claims),
        ]
        if let amount = snapshot.amountClaimed { payload["amountClaimed"] = .string(amount) }
        return payload
    }
}
