import IPCaseDomain
import Testing

/// Every text a person reads exists in Chinese and in English: a message whose two texts are equal was
/// most likely never translated.
@Suite("Message catalogue")
struct MessageCatalogueTests {
    /// Every `FieldMessage`, the parameterised ones with an example argument. A new message belongs here.
    static let fieldMessages: [String: LocalizedText] = [
        "required": FieldMessage.required,
        "mustNotBeNull": FieldMessage.mustNotBeNull,
        "mustNotBeEmpty": FieldMessage.mustNotBeEmpty,
        "notValid": FieldMessage.notValid,
        "alreadyRegistered": FieldMessage.alreadyRegistered,
        "mustBeUUID": FieldMessage.mustBeUUID,
        "mustBeID": FieldMessage.mustBeID,
        "mustBeObject": FieldMessage.mustBeObject,
        "mustBeString": FieldMessage.mustBeString,
        "mustBeBoolean": FieldMessage.mustBeBoolean,
        "mustBeInteger": FieldMessage.mustBeInteger,
        "mustBeNumber": FieldMessage.mustBeNumber,
        "mustBeArray": FieldMessage.mustBeArray,
        "trueOrFalse": FieldMessage.trueOrFalse,
        "unreadable": FieldMessage.unreadable("expected an RFC 3339 time"),
        "length": FieldMessage.length(1...200),
        "atMostCharactersWithoutNUL": FieldMessage.atMostCharactersWithoutNUL(2000),
        "atMostBytes": FieldMessage.atMostBytes(1024),
        "wholeNumber": FieldMessage.wholeNumber(1...100),
        "visibleASCII": FieldMessage.visibleASCII(1...255),
        "oneOf": FieldMessage.oneOf(["patent", "trademark"]),
        "either": FieldMessage.either(["active", "disabled"]),
        "eitherOfThree": FieldMessage.either(["complainant", "respondent", "neutral"]),
        "notAnOrganization": FieldMessage.notAnOrganization(of: "mediation_body"),
        "notAnOrganizationOfKind": FieldMessage.notAnOrganizationOfKind("court"),
        "notAnOrganizationKind": FieldMessage.notAnOrganizationKind,
        "namesNoOrganization": FieldMessage.namesNoOrganization,
        "requiredForEnterprise": FieldMessage.requiredForEnterprise,
        "onlyEnterprisesFile": FieldMessage.onlyEnterprisesFile,
        "mustBeEmail": FieldMessage.mustBeEmail,
        "notCurrentPassword": FieldMessage.notCurrentPassword,
        "atLeastOneRole": FieldMessage.atLeastOneRole,
        "notARole": FieldMessage.notARole("king", roles: ["admin", "judge"]),
        "roleMisfit": FieldMessage.roleMisfit("mediator", kind: "court"),
        "ownCreditCode": FieldMessage.ownCreditCode,
        "invalidCreditCode": FieldMessage.invalidCreditCode,
        "amount": FieldMessage.amount,
        "notAState": FieldMessage.notAState,
        "notACaseNumber": FieldMessage.notACaseNumber,
        "actionRequired": FieldMessage.actionRequired,
        "notAUserAction": FieldMessage.notAUserAction(state: "filed", possible: ["accept", "reject"]),
        "notAFieldOf": FieldMessage.notAFieldOf("reject"),
        "mustBeCaseMediator": FieldMessage.mustBeCaseMediator,
        "mustBeCaseArbitrator": FieldMessage.mustBeCaseArbitrator,
        "termsWithOwnershipFlag": FieldMessage.termsWithOwnershipFlag,
        "actionNamesNoUser": FieldMessage.actionNamesNoUser,
        "usedWithAnotherBody": FieldMessage.usedWithAnotherBody,
        "belongsToAnotherList": FieldMessage.belongsToAnotherList,
        "needsBoundary": FieldMessage.needsBoundary,
        "notMultipart": FieldMessage.notMultipart,
        "belongsInMultipartBody": FieldMessage.belongsInMultipartBody,
        "filename": FieldMessage.filename,
        "notAMediaType": FieldMessage.notAMediaType,
    ]

    @Test("every field message differs between zh and en, and neither is empty")
    func fieldMessagesAreTranslated() {
        for (name, text) in Self.fieldMessages {
            #expect(!text.zh.isEmpty && !text.en.isEmpty, "\(name)")
            #expect(text.zh != text.en, "FieldMessage.\(name) is the same in both languages: \(text.en)")
        }
    }

    @Test("guard reasons, password rules and credit code errors are translated, keeping the English")
    func otherMessagesAreTranslated() {
        let reasons: [LocalizedText] = [
            GuardReason.candidateIsParty, GuardReason.candidateServesOtherwise, GuardReason.noMediator,
            GuardReason.noArbitrator, GuardReason.noJudge, GuardReason.noAgreement, GuardReason.alreadySigned,
            GuardReason.signatureMissing, GuardReason.decidesOwnershipOrValidity, GuardReason.nothingToExtend,
            GuardReason.ownProposal, GuardReason.onlyAPartySigns, GuardReason.onlyAPartyProposes,
            GuardReason.onlyAPartyConsents, GuardReason.onlyAPartyReports,
            GuardReason.windowClosed(on: CalendarDay(year: 2026, month: 4, day: 11)), GuardReason.alreadyExtended(times: 1),
        ] + ProposalTopic.allCases.flatMap { [GuardReason.noPendingProposal($0), GuardReason.notAgreed($0)] }
        let violations = PasswordRule.allCases.map { PasswordRuleViolation(rule: $0).message }
        let codes: [UnifiedSocialCreditCodeError] = [
            .wrongLength, .invalidCharacter(position: 3), .invalidDivisionCode, .invalidOrganizationCodeCheck,
            .invalidCheckCharacter(expected: "T"),
        ]
        for text in reasons + violations + codes.map(\.message) {
            #expect(!text.zh.isEmpty && text.zh != text.en, "\(text.en)")
        }
        #expect(codes.allSatisfy { $0.message.en == $0.description })
        #expect(PasswordRuleViolation(rule: .common).message.zh.hasPrefix("not_common: "))
    }
}
