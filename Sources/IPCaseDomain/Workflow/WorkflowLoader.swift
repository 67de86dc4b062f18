import Foundation
import Yams

extension WorkflowDefinition {
    /// Reads and validates a workflow file of `Policies/workflows/`; every problem is reported with its
    /// line, at once.
    /// Deadlines in working days are counted on `calendar`.
    public static func load(
        _ source: PolicySource, calendar: WorkingDayCalendar = WorkingDayCalendar(years: [])
    ) throws(PolicyValidationError) -> WorkflowDefinition {
        var reader = WorkflowReader<Rules>(file: PolicyYAMLFile(path: source.path))
        guard let root = reader.file.parse(source.text), var definition = reader.read(root) else {
            throw PolicyValidationError(problems: reader.file.problems)
        }
        definition.calendar = calendar
        var problems = reader.file.problems
        problems += WorkflowValidation<Rules>(definition: definition, lines: reader.lines, path: source.path).problems()
        guard problems.isEmpty else { throw PolicyValidationError(problems: problems) }
        return definition
    }
}

/// Turns the YAML tree into a definition, reporting shape problems; meaning is checked by `WorkflowValidation`.
struct WorkflowReader<Rules: WorkflowRules> {
    var file: PolicyYAMLFile
    /// The line of each state, action and deadline, for the validation's messages.
    var lines: [String: Int] = [:]

    mutating func read(_ root: Node) -> WorkflowDefinition<Rules>? {
        guard let entries = file.mapping(
            root, "the workflow",
            allowedKeys: ["subject", "numberPrefix", "timeZone", "initialState", "start", "documents", "states", "deadlines", "actions"])
        else { return nil }
        var subject: String?, numberPrefix = Rules.defaultNumberPrefix, timeZone: TimeZone?, initialState: String?
        var states: [WorkflowState] = [], actions: [WorkflowAction<Rules>] = [], deadlines: [WorkflowDeadline] = []
        var startNotifications: [WorkflowNotification] = [], documentKinds: [String] = []
        for (key, keyNode, value) in entries {
            switch key {
            case "subject":
                subject = file.string(value, "subject")
                if let subject, subject != Rules.subjectType {
                    file.report("this file is read as the workflow of '\(Rules.subjectType)', but says subject: \(subject)", at: value)
                }
            case "documents":
                for (_, _, kinds) in file.mapping(value, "documents", allowedKeys: ["kinds"]) ?? [] {
                    for (kind, item) in file.stringList(kinds, "documents.kinds") ?? [] {
                        if kind.range(of: "^[a-z][a-z_]{0,31}$", options: .regularExpression) == nil {
                            file.report("document kind '\(kind)' must be 1 to 32 lower-case letters or underscores", at: item)
                        } else { documentKinds.append(kind) }
                    }
                }
            case "numberPrefix":
                if let text = file.string(value, "numberPrefix") {
                    if text.range(of: "^[A-Z]{2,8}$", options: .regularExpression) == nil {
                        file.report("numberPrefix must be 2 to 8 capital letters", at: value)
                    } else { numberPrefix = text }
                }
            case "timeZone":
                if let text = file.string(value, "timeZone") {
                    timeZone = TimeZone(identifier: text)
                    if timeZone == nil { file.report("unknown time zone '\(text)'", at: value) }
                }
            case "initialState": initialState = file.string(value, "initialState")
            case "start":
                for (_, _, notify) in file.mapping(value, "start", allowedKeys: ["notify"]) ?? [] {
                    startNotifications = readNotifications(notify, "start")
                }
            case "states": states = readStates(value)
            case "deadlines": deadlines = readDeadlines(value)
            case "actions": actions = readActions(value)
            default: file.report("unknown key \(key)", at: keyNode)
            }
        }
        guard let initialState else {
            file.report("initialState is required", line: 1)
            return nil
        }
        return WorkflowDefinition(
            numberPrefix: numberPrefix, timeZone: timeZone ?? TimeZone(identifier: "Asia/Shanghai")!,
            initialState: initialState, startNotifications: startNotifications, states: states, actions: actions,
            deadlines: deadlines, documentKinds: documentKinds)
    }

    private mutating func readStates(_ node: Node) -> [WorkflowState] {
        guard let entries = file.mapping(node, "states") else { return [] }
        return entries.compactMap { name, keyNode, value in
            lines["state \(name)"] = PolicyYAMLFile.line(of: keyNode)
            guard let fields = file.mapping(value, "state \(name)", allowedKeys: ["description", "terminal", "outcomes"]) else {
                return nil
            }
            var description = name, terminal = false, outcomes: [String] = []
            for (key, _, value) in fields {
                switch key {
                case "description": description = file.string(value, "description of state \(name)") ?? name
                case "terminal": terminal = (file.bool(value, "terminal of state \(name)") ?? false)
                default: outcomes = file.stringList(value, "outcomes of state \(name)")?.map(\.0) ?? []
                }
            }
            return WorkflowState(name: name, description: description, terminal: terminal, outcomes: outcomes)
        }
    }

    private mutating func readDeadlines(_ node: Node) -> [WorkflowDeadline] {
        guard let entries = file.mapping(node, "deadlines") else { return [] }
        return entries.compactMap { name, keyNode, value in
            lines["deadline \(name)"] = PolicyYAMLFile.line(of: keyNode)
            let what = "deadline \(name)"
            guard let fields = file.mapping(
                value, what,
                allowedKeys: ["state", "days", "workingDays", "months", "onExpiry", "extension", "pausedWhile", "window", "description", "remind"])
            else { return nil }
            var state: String?, days: Int?, onExpiry: String?, window = false, description: LocalizedText?
            var extensionRule: WorkflowDeadline.Extension?, pausedWhile: String?, unit = WorkflowDeadline.Unit.days
            var reminder: WorkflowDeadline.Reminder?
            for (key, keyNode, value) in fields {
                switch key {
                case "state": state = file.string(value, "state of \(what)")
                case "days", "workingDays", "months":
                    if days != nil { file.report("\(what) has more than one of days, workingDays and months; give one", at: keyNode) }
                    days = positive(value, "\(key) of \(what)")
                    unit = WorkflowDeadline.Unit(rawValue: key) ?? .days
                case "remind":
                    guard let parts = file.mapping(value, "remind of \(what)", allowedKeys: ["before", "notify"]) else { continue }
                    var before: Int?, notifications: [WorkflowNotification] = []
                    for (part, _, partValue) in parts {
                        if part == "before" { before = positive(partValue, "remind.before of \(what)") }
                        else { notifications = readNotifications(partValue, "remind of \(what)") }
                    }
                    if let before, !notifications.isEmpty { reminder = .init(before: before, notifications: notifications) }
                    else { file.report("remind of \(what) needs before and notify", at: value) }
                case "onExpiry": onExpiry = file.string(value, "onExpiry of \(what)")
                case "window": window = (file.bool(value, "window of \(what)") ?? false)
                case "description": description = file.localized(value, "description of \(what)")
                case "pausedWhile":
                    if let text = file.string(value, "pausedWhile of \(what)") {
                        if Rules.pauseConditions.contains(text) { pausedWhile = text } else {
                            let known = Rules.pauseConditions.sorted().joined(separator: ", ")
                            file.report("unknown pause condition '\(text)' (known: \(known))", at: value)
                        }
                    }
                default:
                    guard let parts = file.mapping(value, "extension of \(what)", allowedKeys: ["days", "times"]) else { continue }
                    var extensionDays: Int?, times: Int?
                    for (part, _, partValue) in parts {
                        if part == "days" { extensionDays = positive(partValue, "extension days of \(what)") }
                        else { times = positive(partValue, "extension times of \(what)") }
                    }
                    if let extensionDays, let times { extensionRule = .init(days: extensionDays, times: times) }
                    else { file.report("extension of \(what) needs days and times", at: value) }
                }
            }
            guard let state, let days else {
                file.report("\(what) needs a state and days (or workingDays, or months)", at: keyNode)
                return nil
            }
            if unit != .days, pausedWhile != nil {
                file.report("\(what) counts \(unit.rawValue) and cannot pause; only deadlines in days pause", at: keyNode)
            }
            if let reminder, unit != .months, reminder.before >= days {
                file.report("the reminder of \(what) comes before the deadline starts (before: \(reminder.before) ≥ \(days))", at: keyNode)
            }
            guard let description else {
                file.report("\(what) needs a description with zh and en", at: keyNode)
                return nil
            }
            return WorkflowDeadline(
                name: name, state: state, days: days, unit: unit, description: description, onExpiry: onExpiry,
                extension: extensionRule, pausedWhile: pausedWhile, window: window, reminder: reminder)
        }
    }

    private mutating func readActions(_ node: Node) -> [WorkflowAction<Rules>] {
        guard let entries = file.mapping(node, "actions") else { return [] }
        return entries.compactMap { name, keyNode, value in
            lines["action \(name)"] = PolicyYAMLFile.line(of: keyNode)
            let what = "action \(name)"
            guard let fields = file.mapping(
                value, what,
                allowedKeys: ["description", "trigger", "from", "to", "outcome", "fields", "guards", "effects", "notify"])
            else { return nil }
            var description: LocalizedText?, trigger = WorkflowTrigger.manual, from: [String] = []
            var to: String?, outcome: String?, actionFields: [WorkflowField] = [], guards: [Rules.Guard] = []
            var effects: [Rules.Effect] = [], notifications: [WorkflowNotification] = []
            for (key, _, value) in fields {
                switch key {
                case "description": description = file.localized(value, "description of \(what)")
                case "trigger":
                    if let text = file.string(value, "trigger of \(what)") {
                        if let parsed = WorkflowTrigger(rawValue: text) { trigger = parsed } else {
                            file.report("unknown trigger '\(text)' (manual, automatic or deadline)", at: value)
                        }
                    }
                case "from": from = file.stringList(value, "from of \(what)")?.map(\.0) ?? []
                case "to": to = file.string(value, "to of \(what)")
                case "outcome": outcome = file.string(value, "outcome of \(what)")
                case "fields": actionFields = readFields(value, what)
                case "guards":
                    for (text, item) in file.stringList(value, "guards of \(what)") ?? [] {
                        if let known = Rules.guards[text] { guards.append(known) } else {
                            file.report(
                                "unknown guard '\(text)' in \(what) (known: \(Rules.guards.keys.sorted().joined(separator: ", ")))",
                                at: item)
                        }
                    }
                case "effects":
                    for (text, item) in file.stringList(value, "effects of \(what)") ?? [] {
                        if let known = Rules.effect(named: text) { effects.append(known) } else {
                            file.report(
                                "unknown effect '\(text)' in \(what) (known: \(Rules.effectNames.joined(separator: ", ")))",
                                at: item)
                        }
                    }
                default: notifications = readNotifications(value, what)
                }
            }
            guard let description else {
                file.report("\(what) needs a description with zh and en", at: keyNode)
                return nil
            }
            return WorkflowAction(
                name: name, description: description, trigger: trigger, from: Set(from), to: to, outcome: outcome,
                fields: actionFields, guards: guards, effects: effects, notifications: notifications)
        }
    }

    private mutating func readFields(_ node: Node, _ what: String) -> [WorkflowField] {
        guard let entries = file.mapping(node, "fields of \(what)") else { return [] }
        return entries.compactMap { name, _, value in
            guard let parts = file.mapping(
                value, "field \(name) of \(what)", allowedKeys: ["type", "required", "maxLength", "kind"])
            else { return nil }
            var typeName: String?, required = false, maxLength = 2000, kind: String?
            for (key, _, partValue) in parts {
                switch key {
                case "type": typeName = file.string(partValue, "type of field \(name)")
                case "required": required = (file.bool(partValue, "required of field \(name)") ?? false)
                case "maxLength": maxLength = positive(partValue, "maxLength of field \(name)") ?? maxLength
                default: kind = file.string(partValue, "kind of field \(name)")
                }
            }
            let type: WorkflowField.FieldType
            switch (typeName, kind) {
            case ("text", nil): type = .text(maxLength: maxLength)
            case ("boolean", nil): type = .boolean
            case ("user", nil): type = .user
            case ("list", nil): type = .list
            case ("organization", let kind?):
                guard OrganizationKind(rawValue: kind) != nil else {
                    file.report("field \(name) of \(what) names unknown organisation kind '\(kind)'", at: value)
                    return nil
                }
                type = .organization(kind: kind)
            default:
                file.report(
                    "field \(name) of \(what) needs a type: text, boolean, user, list, or organization with a kind", at: value)
                return nil
            }
            return WorkflowField(name: name, type: type, required: required)
        }
    }

    private mutating func readNotifications(_ node: Node, _ what: String) -> [WorkflowNotification] {
        guard case .sequence(let items) = node else {
            file.report("notify of \(what) must be a list", at: node)
            return []
        }
        return items.compactMap { item in
            guard let parts = file.mapping(item, "a notification of \(what)", allowedKeys: ["to", "text"]) else { return nil }
            var recipient: String?, text: LocalizedText?
            for (key, _, value) in parts {
                if key == "to" {
                    if let name = file.string(value, "to of a notification") {
                        if Rules.recipients.contains(name) { recipient = name } else {
                            let known = Rules.recipients.sorted().joined(separator: ", ")
                            file.report("unknown recipient '\(name)' (known: \(known))", at: value)
                        }
                    }
                } else {
                    text = file.localized(value, "text of a notification of \(what)")
                }
            }
            guard let recipient, let text else {
                file.report("a notification of \(what) needs to and text", at: item)
                return nil
            }
            return WorkflowNotification(recipient: recipient, text: text)
        }
    }

    private mutating func positive(_ node: Node, _ what: String) -> Int? {
        guard case .scalar(let scalar) = node, let value = Int(scalar.string), value > 0 else {
            file.report("\(what) must be a positive whole number", at: node)
            return nil
        }
        return value
    }
}
