public import Foundation

/// A credit record another capability proposes (a case's refusal to perform, later a compliance
/// assessment at demonstration level), for a regulator to confirm or dismiss: docs/domain.md#credit-proposals-from-cases.
public struct CreditProposal: Sendable, Equatable {
    /// A kind of `Policies/credit-model.yaml`: one of art. 6's (\"6\"), or a positive one.
    public let kind: String
    public let organizationId: UUID?
    public let creditCode: String
    public let reason: String

    public init(kind: String, organizationId: UUID?, creditCode: String, reason: String) {
        self.kind = kind
        self.organizationId = organizationId
        self.creditCode = creditCode
        self.reason = reason
    }
}
