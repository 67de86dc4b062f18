import ArgumentParser
import Foundation
import IPCaseServer

struct PolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Validate the access policies in Policies/ and run their test files.",
        subcommands: [Check.self, Test.self]
    )

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate Policies/schema.yaml and Policies/access/*.yaml; print each problem with file and line.")

        @Option(help: "The policies folder (default: Policies/ of the project).")
        var policies: String?

        func run() throws {
            let folder = try policies.map { URL(fileURLWithPath: $0) } ?? ProjectFiles.locate().policies
            let summary = try PolicyFiles.check(folder: folder)
            for warning in summary.warnings { print("warning: \(warning)") }
            print("ok: \(summary.rules) rules, \(summary.actions) actions, hash \(summary.hash)")
        }
    }

    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run Policies/tests/*.yaml against the policies; exit 1 on any failing case.")

        @Option(help: "The policies folder (default: Policies/ of the project).")
        var policies: String?

        func run() throws {
            let folder = try policies.map { URL(fileURLWithPath: $0) } ?? ProjectFiles.locate().policies
            let results = try PolicyFiles.test(folder: folder)
            let failures = results.filter { !$0.passed }
            for failure in failures { print("FAIL \(failure.message)") }
            print("\(results.count - failures.count) passed, \(failures.count) failed")
            if !failures.isEmpty { throw ExitCode.failure }
        }
    }
}
