import Foundation
import Testing
@testable import IPCaseServer
import Logging
import IPCaseDomain

/// Settings come from the environment through one reader, shared by the command line, the tests and
/// the container image.
@Suite("Settings from the environment")
struct EnvironmentSettingsTests {
    @Test("every setting is read, and the defaults hold when none is set")
    func readsEverySetting() throws {
        let defaults = try ServerConfiguration(environment: [:], projectFiles: TestPostgres.projectFiles)
        #expect(defaults.host == "127.0.0.1" && defaults.port == 8080 && defaults.databaseURL == nil)
        #expect(defaults.maxDocumentSize == 20 << 20 && defaults.timerInterval == .seconds(30))

        let set = try ServerConfiguration(
            environment: [
                "IPCASE_HOST": "0.0.0.0", "IPCASE_PORT": "9090", "DATABASE_URL": "postgres://u@h/db", "IPCASE_LOG_LEVEL": "DEBUG",
                "IPCASE_ARGON2_MEMORY_KIB": "65536", "IPCASE_SESSION_IDLE_MINUTES": "5", "IPCASE_LOGIN_MAX_FAILURES": "3",
                "IPCASE_MAX_DOCUMENT_BYTES": "1024", "IPCASE_TIMER_INTERVAL_SECONDS": "7",
                "IPCASE_CHECKPOINT_INTERVAL_SECONDS": "15", "IPCASE_LOG_SIGNING_KEY": "/etc/ipcase/log.key",
                "IPCASE_LOG_ORIGIN": "ipcase.nanshan.example/log",
            ],
            projectFiles: TestPostgres.projectFiles)
        #expect(set.host == "0.0.0.0" && set.port == 9090 && set.databaseURL == "postgres://u@h/db")
        #expect(set.logLevel == .debug && set.argon2.memoryKiB == 65536 && set.sessionIdleTimeout == 300)
        #expect(set.loginThrottlePerAccount.maximumFailures == 3 && set.maxDocumentSize == 1024)
        #expect(set.timerInterval == .seconds(7))
        #expect(set.checkpointInterval == .seconds(15) && set.transparencySigningKeyFile?.path == "/etc/ipcase/log.key")
        #expect(set.transparencyOriginPrefix == "ipcase.nanshan.example/log")
        #expect(defaults.checkpointInterval == .seconds(60) && defaults.transparencySigningKeyFile == nil)
        #expect(EnvironmentSettings.helpText.contains("IPCASE_TIMER_INTERVAL_SECONDS"))
        #expect(EnvironmentSettings.helpText.contains("IPCASE_LOG_SIGNING_KEY"))
    }

    @Test("a wrong value is refused, naming the variable and what it takes")
    func namesTheWrongValue() {
        for (name, value) in [
            ("IPCASE_PORT", "70000"), ("IPCASE_SESSION_IDLE_MINUTES", "0"), ("IPCASE_LOG_LEVEL", "loud"),
            ("IPCASE_CHECKPOINT_INTERVAL_SECONDS", "0"), ("IPCASE_LOG_ORIGIN", "two words"), ("IPCASE_LOG_ORIGIN", "a+b"),
        ] {
            do {
                _ = try ServerConfiguration(environment: [name: value], projectFiles: TestPostgres.projectFiles)
                Issue.record("\(name)=\(value) was accepted")
            } catch {
                #expect(error.name == name && error.value == value && !error.expected.isEmpty)
            }
        }
    }
}
