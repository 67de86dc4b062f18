import Foundation

/// What the compliance endpoints need.
struct ComplianceModule: Sendable {
    let policies: PolicyStore
    let authorizer: Authorizer
}
