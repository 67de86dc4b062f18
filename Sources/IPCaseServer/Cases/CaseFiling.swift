import Foundation
import IPCaseDomain

/// The body of `POST /v1/cases`, and its validation into a new case's snapshot.
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
        var creditCode = ""
        do {
            creditCode = try UnifiedSocialCreditCode(respondent.creditCode).description
            validation.check(creditCode != complainantCreditCode, "respondent.creditCode", "is the complainant's own code")
        } catch {
            validation.add("respondent.creditCode", error.description)
        }
        let name = FieldValidation.trimmed(respondent.name)
        validation.check(FieldValidation.fits(name, 1...200), "respondent.name", "must be 1 to 200 characters")
        let bodyId = UUID(uuidString: mediationBodyId)
        if let bodyId {
            let kind = try await mediationBodyKind(bodyId)
            validation.check(kind == .mediationBody, "mediationBodyId", "is not the id of a mediation body")
        } else {
            validation.add("mediationBodyId", "must be a UUID")
        }
        validation.check(
            IPType(rawValue: ipRight.type) != nil, "ipRight.type",
            "must be one of \(IPType.allCases.map(\.rawValue).joined(separator: ", "))")
        let identifier = FieldValidation.trimmed(ipRight.identifier)
        validation.check(FieldValidation.fits(identifier, 1...100), "ipRight.identifier", "must be 1 to 100 characters")
        let title = FieldValidation.trimmed(ipRight.title)
        validation.check(FieldValidation.fits(title, 1...200), "ipRight.title", "must be 1 to 200 characters")
        let claims = FieldValidation.trimmed(self.claims)
        validation.check(FieldValidation.fits(claims, 1...10_000), "claims", "must be 1 to 10000 characters")
        var amount: String?
        if let raw = amountClaimed {
            amount = Self.normalisedAmount(raw)
            validation.check(
                amount != nil, "amountClaimed",
                "must be a positive amount in CNY with at most 2 decimals and 15 digits before the point, e.g. \"120000.50\"")
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
