public import Foundation
import IPCaseDomain

/// What `ipcase policy check` and `ipcase policy test` do, also run by `swift test`.
public enum PolicyFiles {
    public struct Summary: Sendable {
        public let rules: Int
        public let actions: Int
        public let hash: String
        /// Valid, but needing an operator soon: each with file and line.
        public let warnings: [String]
    }

    public struct TestOutcome: Sendable {
        public let passed: Bool
        public let message: String
    }

    /// Throws the validation problems, each with file and line.
    public static func check(folder: URL) throws -> Summary {
        let loaded = try PolicyStore.load(from: folder)
        return Summary(
            rules: loaded.set.ruleCount, actions: loaded.set.actions.count, hash: loaded.hash,
            warnings: loaded.warnings.map { "\($0.path):\($0.line): \($0.message)" })
    }

    public static func test(folder: URL) throws -> [TestOutcome] {
        let policies = try PolicyStore.load(from: folder).set
        return try PolicyStore.tests(in: folder).run(against: policies).map {
            TestOutcome(passed: $0.passed, message: $0.failureMessage ?? $0.description)
        }
    }
}
