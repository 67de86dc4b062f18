/// What a workflow file must mean, beyond its shape: every name points at something, every state can be
/// reached and left, and every deadline runs an action that can run in its state.
struct WorkflowValidation<Rules: WorkflowRules> {
    let definition: WorkflowDefinition<Rules>
    let lines: [String: Int]
    let path: String

    func problems() -> [PolicyProblem] {
        var problems: [PolicyProblem] = []
        func report(_ subject: String, _ message: String) {
            problems.append(PolicyProblem(path: path, line: lines[subject] ?? 1, message: "\(subject): \(message)"))
        }
        let states = Dictionary(definition.states.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })

        if let initial = states[definition.initialState] {
            if initial.terminal { problems.append(PolicyProblem(path: path, line: 1, message: "the initial state is terminal")) }
        } else {
            problems.append(PolicyProblem(path: path, line: 1, message: "initialState '\(definition.initialState)' is not a state"))
        }
        for state in definition.states {
            if state.terminal, state.outcomes.isEmpty { report("state \(state.name)", "a terminal state needs outcomes") }
            if !state.terminal, !state.outcomes.isEmpty { report("state \(state.name)", "only terminal states have outcomes") }
        }

        for action in definition.actions {
            let subject = "action \(action.name)"
            if action.from.isEmpty { report(subject, "starts from nowhere: from is empty") }
            for from in action.from.sorted() {
                if let state = states[from] {
                    if state.terminal { report(subject, "starts from terminal state '\(from)', which has no way out") }
                } else {
                    report(subject, "starts from unknown state '\(from)'")
                }
            }
            if let to = action.to {
                if let target = states[to] {
                    if target.terminal {
                        if let outcome = action.outcome {
                            if !target.outcomes.contains(outcome) { report(subject, "outcome '\(outcome)' is not an outcome of '\(to)'") }
                        } else {
                            report(subject, "leads to terminal state '\(to)' without an outcome")
                        }
                    } else if action.outcome != nil {
                        report(subject, "only actions to a terminal state have an outcome")
                    }
                } else {
                    report(subject, "leads to unknown state '\(to)'")
                }
            } else if action.outcome != nil {
                report(subject, "only actions to a terminal state have an outcome")
            }
            if action.trigger != .manual, action.fields.contains(where: \.required) {
                report(subject, "\(action.trigger.rawValue) actions are taken by the system, which sends no fields")
            }
            if action.trigger == .automatic, action.guards.isEmpty {
                report(subject, "an automatic action needs guards, or it would fire on every step")
            }
            if action.trigger == .deadline, !definition.deadlines.contains(where: { $0.onExpiry == action.name }) {
                report(subject, "no deadline runs this action")
            }
            for problem in Rules.problems(of: action, in: definition) { report(subject, problem) }
        }

        for deadline in definition.deadlines {
            let subject = "deadline \(deadline.name)"
            guard let state = states[deadline.state] else {
                report(subject, "belongs to unknown state '\(deadline.state)'")
                continue
            }
            if state.terminal { report(subject, "belongs to terminal state '\(deadline.state)'") }
            if deadline.window, deadline.onExpiry != nil { report(subject, "a window runs no action when it passes") }
            if let name = deadline.onExpiry {
                if let action = definition.action(name) {
                    if action.trigger != .deadline { report(subject, "onExpiry action '\(name)' must have trigger: deadline") }
                    if !action.from.contains(deadline.state) {
                        report(subject, "onExpiry action '\(name)' cannot start from '\(deadline.state)'")
                    }
                } else {
                    report(subject, "onExpiry names unknown action '\(name)'")
                }
            }
        }

        // Every state can be reached from the initial one, and every non-terminal state can be left.
        var reached: Set<String> = [definition.initialState]
        var frontier = [definition.initialState]
        while let state = frontier.popLast() {
            for action in definition.actions where action.from.contains(state) {
                let next = action.target(from: state)
                if reached.insert(next).inserted { frontier.append(next) }
            }
        }
        for state in definition.states {
            if !reached.contains(state.name) { report("state \(state.name)", "cannot be reached from '\(definition.initialState)'") }
            let leaves = definition.actions.contains { $0.from.contains(state.name) && $0.target(from: state.name) != state.name }
            if !state.terminal, !leaves { report("state \(state.name)", "is not terminal but no action leads out of it") }
        }
        return problems
    }
}
