import Foundation
import IPCaseDomain

/// The body of `POST /v1/cases`, and its validation into a new case's snapshot.
/// Every member is optional when decoding, so that one answer can name every field that is missing,
/// not only the first the decoder meets.
struct CaseFiling: Decodable, Sendable {
    struct Respondent: Decodable, Sendable {
        let creditCode: String?
        let name: String?
    }

    struct IPRight: Decodable, Sendable {
        let type: String?
        let identifier: String?
        let title: String?
    }

    /// The kinds of IP right a case can be about.
    enum IPType: String, CaseIterable {
        case patent, trademark, copyright, trade_secret, other
    }

    let respondent: Respondent?
    let mediationBodyId: String?
    let ipRight: IPRight?
    let claims: String?
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
        /// A required text member, trimmed, within `range`; its absence and its length are named alike.
        func text(_ value: String?, _ field: String, _ range: ClosedRange<Int>) -> String {
            guard let value else {
                validation.add(field, FieldMessage.required)
                return ""
            }
            let trimmed = FieldValidation.trimmed(value)
            validation.check(FieldValidation.fits(trimmed, range), field, FieldMessage.length(range))
            return trimmed
        }
        var creditCode = ""
        if respondent == nil {
            validation.add("respondent", FieldMessage.required)
        } else if let code = respondent?.creditCode {
            if let valid = try? UnifiedSocialCreditCode(code).description {
                creditCode = valid
                validation.check(creditCode != complainantCreditCode, "respondent.creditCode", FieldMessage.ownCreditCode)
            } else {
                validation.add("respondent.creditCode", FieldMessage.invalidCreditCode)
            }
        } else {
            validation.add("respondent.creditCode", FieldMessage.required)
        }
        let name = respondent == nil ? "" : text(respondent?.name, "respondent.name", 1...200)
        var bodyId: UUID?
        if let mediationBodyId {
            bodyId = UUID(uuidString: mediationBodyId)
            if let bodyId {
                let kind = try await mediationBodyKind(bodyId)
                validation.check(kind == .mediationBody, "mediationBodyId", FieldMessage.notAnOrganization(of: "mediation_body"))
            } else {
                validation.add("mediationBodyId", FieldMessage.mustBeUUID)
            }
        } else {
            validation.add("mediationBodyId", FieldMessage.required)
        }
        var type = "", identifier = "", title = ""
        if let ipRight {
            type = ipRight.type ?? ""
            if ipRight.type == nil { validation.add("ipRight.type", FieldMessage.required) } else {
                validation.check(IPType(rawValue: type) != nil, "ipRight.type", FieldMessage.oneOf(IPType.allCases.map(\.rawValue)))
            }
            identifier = text(ipRight.identifier, "ipRight.identifier", 1...100)
            title = text(ipRight.title, "ipRight.title", 1...200)
        } else {
            validation.add("ipRight", FieldMessage.required)
        }
        let claims = text(self.claims, "claims", 1...10_000)
        var amount: String?
        if let raw = amountClaimed {
            amount = Self.normalisedAmount(raw)
            validation.check(amount != nil, "amountClaimed", FieldMessage.amount)
        }
        try validation.throwIfInvalid()
        return Checked(
            respondentCreditCode: creditCode, respondentName: name, mediationBodyId: bodyId!,
            ipRight: .init(type: type, identifier: identifier, title: title), claims: claims, amountClaimed: amount)
    }

    /// A decimal string kept as text, so no amount is ever rounded: "1200.5" stays "1200.5".
    static func normalisedAmount(_ raw: String) -> String? {
        guard raw.range(of: #"^(0|[1-9][0-9]{0,14})(\.[0-9]{1,2})?$"#, options: .regularExpression) != nil,
              raw.contains(where: { $0 != "0" && $0 != "." })
        else { return nil }
        return raw
    }
}
