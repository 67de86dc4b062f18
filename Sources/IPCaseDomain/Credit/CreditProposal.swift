public import Foundation

/// A credit record another capability proposes (a case's refusal to perform, later a compliance
/// assessment at demonstration level), for a regulator to confirm or dismiss: docs/domain.md#credit-proposals-from-cases.
public struct CreditProposal: Sendable, Equatable {
    /// The kind of dishonest behaviour in 知识产权信用管理规定 art. 6.
    public let kind: Int
    public let organizationId: UUID?
    public let creditCode: String
    public let reason: String

    public init(kind: Int, organizationId: UUID?, creditCode: String, reason: String) {
        self.kind = kind
        self.organizationId = organizationId
        self.creditCode = creditCode
        self.reason = reason
    }
}
