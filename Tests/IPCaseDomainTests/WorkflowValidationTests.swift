import Foundation
import Testing
@testable import IPCaseDomain

@Suite("Workflow load-time validation")
struct WorkflowValidationTests {
    private let path = "Policies/workflows/cases.yaml"

    /// A small valid workflow. Line numbers (1-based) of what the tests point at:
    ///  4 `open:`, 5 `working:`, 6 `done:`, 11 `reply:` (deadline), 13 its `days:`,
    /// 17 `start:`, 21 `finish:`, 23 its `from:`, 26 `lapse:`. Each argument replaces its section.
    private func workflow(
        states: String = """
          open: { description: "Open" }
          working: { description: "Working" }
          done:
            description: "Done"
            terminal: true
            outcomes: [finished, dropped]
        """,
        deadlines: String = """
          reply:
            state: open
            days: 10
            onExpiry: lapse
            description: { zh: "答复", en: "Reply" }
        """,
        actions: String = """
          start:
            description: { zh: "开始", en: "Start" }
            from: [open]
            to: working
          finish:
            description: { zh: "完成", en: "Finish" }
            from: [working]
            to: done
            outcome: finished
          lapse:
            description: { zh: "逾期", en: "Lapse" }
            trigger: deadline
            from: [open]
            to: done
            outcome: dropped
        """
    ) -> String {
        """
        timeZone: Asia/Shanghai
        initialState: open
        states:
        \(states)
        deadlines:
        \(deadlines)
        actions:
        \(actions)
        """
    }

    private func problems(_ text: String) -> [String] {
        WorkflowFixtures.problems(text, path: path).map(\.description)
    }

    @Test func theBaseWorkflowLoads() throws {
        #expect(problems(workflow()) == [])
        let definition = try CaseWorkflow.load(PolicySource(path: path, text: workflow()))
        #expect(definition.numberPrefix == "MED")  // the default
        #expect(definition.states.map(\.name) == ["open", "working", "done"])
        #expect(definition.actions.map(\.name) == ["start", "finish", "lapse"])
    }

    @Test func reportsAnActionFromAnUnknownState() {
        let text = workflow().replacingOccurrences(of: "from: [working]", with: "from: [working, wroking]")
        #expect(problems(text) == ["\(path):21: action finish: starts from unknown state 'wroking'"])
    }

    @Test func reportsAnActionToAnUnknownState() {
        let text = workflow().replacingOccurrences(of: "to: working", with: "to: wroking")
        let found = problems(text)
        #expect(found.contains("\(path):17: action start: leads to unknown state 'wroking'"))
        // Nothing else leads to `working`, so it is unreachable as a consequence.
        #expect(found.contains("\(path):5: state working: cannot be reached from 'open'"))
        #expect(found.count == 2)
    }

    @Test func reportsAnActionWithoutFrom() {
        // `from` left out: the action starts nowhere.
        let omitted = workflow().replacingOccurrences(of: "    from: [working]\n", with: "")
        let found = problems(omitted)
        #expect(found.contains("\(path):21: action finish: starts from nowhere: from is empty"))
        #expect(found.contains("\(path):5: state working: is not terminal but no action leads out of it"))
        #expect(found.count == 2)
    }

    @Test func reportsAnEmptyFromList() {
        let empty = workflow().replacingOccurrences(of: "from: [working]", with: "from: []")
        let found = problems(empty)
        #expect(found.contains("\(path):23: from of action finish must not be empty"))
        #expect(found.contains("\(path):21: action finish: starts from nowhere: from is empty"))
    }

    @Test func reportsAnUnreachableState() {
        let text = workflow(states: """
          open: { description: "Open" }
          working: { description: "Working" }
          limbo: { description: "Nobody gets here" }
          done:
            description: "Done"
            terminal: true
            outcomes: [finished, dropped]
        """).replacingOccurrences(of: "from: [working]", with: "from: [working, limbo]")
        #expect(problems(text) == ["\(path):6: state limbo: cannot be reached from 'open'"])
    }

    @Test func reportsANonTerminalStateWithNoWayOut() {
        // `finish` now stays in `working`: the state can be reached but not left, and `done` only by lapsing.
        let text = workflow().replacingOccurrences(
            of: "    from: [working]\n    to: done\n    outcome: finished\n", with: "    from: [working]\n")
        #expect(problems(text) == ["\(path):5: state working: is not terminal but no action leads out of it"])
    }

    @Test func reportsAnUnknownGuardOnItsLine() throws {
        let text = workflow().replacingOccurrences(
            of: "    from: [working]\n", with: "    from: [working]\n    guards:\n      - mediatorAssigned\n      - mediatorAsigned\n")
        let found = problems(text)
        #expect(found.count == 1)
        let message = try #require(found.first)
        #expect(message.hasPrefix("\(path):26: unknown guard 'mediatorAsigned' in action finish (known: "))
        #expect(message.contains("mediatorAssigned"))
    }

    @Test func reportsAnUnknownEffect() {
        let text = workflow().replacingOccurrences(
            of: "    from: [working]\n", with: "    from: [working]\n    effects: [signAgreement, notarise]\n")
        let found = problems(text)
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("\(path):24: unknown effect 'notarise' in action finish (known: ") == true)
    }

    @Test func reportsAnExtendEffectNamingAnUnknownDeadline() {
        let text = workflow().replacingOccurrences(
            of: "    from: [working]\n", with: "    from: [working]\n    effects: [extend.replay]\n")
        #expect(problems(text) == ["\(path):21: action finish: effect extend.replay names an unknown deadline"])
    }

    @Test func reportsAMisspelledKey() {
        let text = workflow().replacingOccurrences(
            of: "    from: [working]\n", with: "    from: [working]\n    gaurds: [mediatorAssigned]\n")
        let found = problems(text)
        #expect(found == [
            "\(path):24: unknown key 'gaurds' in action finish "
                + "(expected one of: description, effects, fields, from, guards, notify, outcome, to, trigger)",
        ])
    }

    @Test func reportsAMisspelledTopLevelKeyAndDeadlineKey() {
        let text = workflow().replacingOccurrences(of: "    days: 10\n", with: "    dayz: 10\n")
            + "\nnumberPrefx: MED\n"
        let found = problems(text)
        #expect(found.contains { $0.hasPrefix("\(path):13: unknown key 'dayz' in deadline reply (expected one of: ") })
        #expect(found.contains("\(path):11: deadline reply needs a state and days (or workingDays, or months)"))
        #expect(found.contains { $0.hasPrefix("\(path):32: unknown key 'numberPrefx' in the workflow") })
    }

    @Test func reportsADeadlineRunningAnUnknownAction() {
        let text = workflow().replacingOccurrences(of: "onExpiry: lapse", with: "onExpiry: lapsed")
        let found = problems(text)
        #expect(found.contains("\(path):11: deadline reply: onExpiry names unknown action 'lapsed'"))
        // `lapse` is now a deadline action no deadline runs.
        #expect(found.contains("\(path):26: action lapse: no deadline runs this action"))
        #expect(found.count == 2)
    }

    @Test func reportsADeadlineRunningAnActionThatCannotStartInItsState() {
        let text = workflow().replacingOccurrences(of: "    from: [open]\n    to: done", with: "    from: [working]\n    to: done")
        #expect(problems(text) == ["\(path):11: deadline reply: onExpiry action 'lapse' cannot start from 'open'"])
    }

    @Test func reportsADeadlineRunningAManualAction() {
        let text = workflow().replacingOccurrences(of: "onExpiry: lapse", with: "onExpiry: start")
        let found = problems(text)
        #expect(found.contains("\(path):11: deadline reply: onExpiry action 'start' must have trigger: deadline"))
        #expect(found.contains("\(path):26: action lapse: no deadline runs this action"))
    }

    @Test func reportsAWindowThatRunsAnAction() {
        let text = workflow().replacingOccurrences(of: "    days: 10\n", with: "    days: 10\n    window: true\n")
        #expect(problems(text) == ["\(path):11: deadline reply: a window runs no action when it passes"])
    }

    @Test func reportsAnActionToATerminalStateWithoutOutcome() {
        let text = workflow().replacingOccurrences(of: "    outcome: finished\n", with: "")
        #expect(problems(text) == ["\(path):21: action finish: leads to terminal state 'done' without an outcome"])
    }

    @Test func reportsAnOutcomeTheTerminalStateDoesNotHave() {
        let text = workflow().replacingOccurrences(of: "outcome: finished", with: "outcome: abandoned")
        #expect(problems(text) == ["\(path):21: action finish: outcome 'abandoned' is not an outcome of 'done'"])
    }

    @Test func reportsAnOutcomeOnANonTerminalMove() {
        let text = workflow().replacingOccurrences(of: "    to: working\n", with: "    to: working\n    outcome: finished\n")
        #expect(problems(text) == ["\(path):17: action start: only actions to a terminal state have an outcome"])
    }

    @Test func reportsATerminalStateWithoutOutcomes() {
        let text = workflow().replacingOccurrences(of: "    outcomes: [finished, dropped]\n", with: "")
        let found = problems(text)
        #expect(found.contains("\(path):6: state done: a terminal state needs outcomes"))
    }

    @Test func reportsAnUnknownInitialState() {
        let text = workflow().replacingOccurrences(of: "initialState: open", with: "initialState: opened")
        let found = problems(text)
        #expect(found.first == "\(path):1: initialState 'opened' is not a state")
        #expect(found.contains("\(path):4: state open: cannot be reached from 'opened'"))
    }

    @Test func reportsAnAutomaticActionWithoutGuards() {
        let text = workflow().replacingOccurrences(of: "    from: [working]\n", with: "    trigger: automatic\n    from: [working]\n")
        #expect(problems(text) == ["\(path):21: action finish: an automatic action needs guards, or it would fire on every step"])
    }

    @Test func reportsASystemActionWithARequiredField() {
        let text = workflow().replacingOccurrences(
            of: "    trigger: deadline\n", with: "    trigger: deadline\n    fields:\n      reason: { type: text, required: true }\n")
        #expect(problems(text) == ["\(path):26: action lapse: deadline actions are taken by the system, which sends no fields"])
    }

    @Test func reportsAnOrganisationFieldOfUnknownKind() {
        let text = workflow().replacingOccurrences(
            of: "    from: [working]\n", with: "    from: [working]\n    fields:\n      courtId: { type: organization, kind: tribunal }\n")
        #expect(problems(text) == ["\(path):25: field courtId of action finish names unknown organisation kind 'tribunal'"])
    }

    @Test func reportsAnUnknownTriggerAndPauseCondition() {
        let text = workflow()
            .replacingOccurrences(of: "trigger: deadline", with: "trigger: timer")
            .replacingOccurrences(of: "    days: 10\n", with: "    days: 10\n    pausedWhile: holidays\n")
        let found = problems(text)
        #expect(found.contains("\(path):14: unknown pause condition 'holidays' (known: awaitingSignatures)"))
        #expect(found.contains("\(path):29: unknown trigger 'timer' (manual, automatic or deadline)"))
    }

    @Test func reportsAnAssignEffectWithoutAUserField() {
        let text = workflow().replacingOccurrences(
            of: "    from: [working]\n", with: "    from: [working]\n    effects: [assignMediator]\n")
        #expect(problems(text) == ["\(path):21: action finish: its assign effect needs a required field of type user"])
    }

    @Test func reportsEveryProblemAtOnce() {
        let text = workflow()
            .replacingOccurrences(of: "from: [working]", with: "from: [wroking]")
            .replacingOccurrences(of: "onExpiry: lapse", with: "onExpiry: lapsed")
        let found = problems(text)
        #expect(found.contains("\(path):21: action finish: starts from unknown state 'wroking'"))
        #expect(found.contains("\(path):11: deadline reply: onExpiry names unknown action 'lapsed'"))
        #expect(found.count >= 2)
    }

    @Test func reportsInvalidYAMLWithItsLine() {
        let found = problems("initialState: open\nstates: [unclosed\n")
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("\(path):") == true)
        #expect(found.first?.contains("invalid YAML") == true)
    }
}
