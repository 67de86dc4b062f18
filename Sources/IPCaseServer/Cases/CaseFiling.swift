import Foundation
import IPCaseDomain

/// The body of `POST /v1/cases`, and its validation into a new case's snapshot. Missing members and
/// wrong types are all named at once when it is read (`BodyFaults`); what the values mean is checked here.
struct CaseFiling: Decodable, Sendable {
    struct Respondent: Decodable, Sendable {
        let creditCode: String
        let name: String
    }

    struct IPRight: Decodable, Sendable {
        let type: String
        let identifier: String
        let title: String
    }

    /// The kinds of IP right a case can be about.
    enum IPType: String, CaseIterable {
        case patent, trademark, copyright, trade_secret, other
    }

    let respondent: Respondent
    let mediationBodyId: String
    let ipRight: IPRight
    let claims: String
    let amountClaimed: String?

    /// What the filing says, checked field by field; every problem is named at once.
    struct Checked: Sendable {
        let respondentCreditCode: String
        let respondentName: String
        let mediationBodyId: UUID
        let ipRight: CaseSnapshot.IPRight
        let claims: String
        let amountClaimed: String?
    }

    func check(complainantCreditCode: String?, mediationBodyKind: (UUID) async throws -> OrganizationKind?) async throws -> Checked {
        var validation = FieldValidation()
        /// A text member, trimmed and within `range`.
        func text(_ value: String, _ field: String, _ range: ClosedRange<Int>) -> String {
            let trimmed = FieldValidation.trimmed(value)
            validation.check(FieldValidation.fits(trimmed, range), field, FieldMessage.length(range))
            return trimmed
        }
        var creditCode = ""
        if let valid = try? UnifiedSocialCreditCode(respondent.creditCode).description {
            creditCode = valid
            validation.check(creditCode != complainantCreditCode, "respondent.creditCode", FieldMessage.ownCreditCode)
        } else {
            validation.add("respondent.creditCode", FieldMessage.invalidCreditCode)
        }
        let name = text(respondent.name, "respondent.name", 1...200)
        let bodyId = UUID(uuidString: mediationBodyId)
        if let bodyId {
            let kind = try await mediationBodyKind(bodyId)
            validation.check(kind == .mediationBody, "mediationBodyId", FieldMessage.notAnOrganization(of: "mediation_body"))
        } else {
            validation.add("mediationBodyId", FieldMessage.mustBeUUID)
        }
        validation.check(
            IPType(rawValue: ipRight.type) != nil, "ipRight.type", FieldMessage.oneOf(IPType.allCases.map(\.rawValue)))
        let identifier = text(ipRight.identifier, "ipRight.identifier", 1...100)
        let title = text(ipRight.title, "ipRight.title", 1...200)
        let claims = text(self.claims, "claims", 1...10_000)
        var amount: String?
        if let raw = amountClaimed {
            amount = Self.normalisedAmount(raw)
            validation.check(amount != nil, "amountClaimed", FieldMessage.amount)
        }
        try validation.throwIfInvalid()
        return Checked(
            respondentCreditCode: creditCode, respondentName: name, mediationBodyId: bodyId!,
            ipRight: .init(type: ipRight.type, identifier: identifier, title: title), claims: claims, amountClaimed: amount)
    }

    /// A decimal string kept as text, so no amount is ever rounded: "1200.5" stays "1200.5".
    static func normalisedAmount(_ raw: String) -> String? {
        guard raw.range(of: #"^(0|[1-9][0-9]{0,14})(\.[0-9]{1,2})?$"#, options: .regularExpression) != nil,
              raw.contains(where: { $0 != "0" && $0 != "." })
        else { return nil }
        return raw
    }
}
