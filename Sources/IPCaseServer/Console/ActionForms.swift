import Foundation
import IPCaseDomain

/// The forms of the actions the API offers on a subject: one per `availableActions` entry, with an input for
/// each field the workflow declares, labelled in the page's language. The console adds no action and drops
/// none: what the API offers is what the page shows.
struct ActionForms {
    let console: Console
    let visit: ConsoleVisit

    /// Texts long enough for a text area rather than a line.
    static let longTexts: Set<String> = ["terms", "award", "answer", "reason", "facts", "justification", "note", "legalBasis", "result"]
    /// Days (`YYYY-MM-DD`) and instants, which get the browser's own pickers.
    static let days: Set<String> = ["performanceDueOn", "rulingDate", "effectiveOn", "expiresOn"]
    static let instants: Set<String> = ["startsAt"]

    /// `idPrefix` keeps the ids of the inputs apart where a page lists several subjects, each with its forms.
    func forms(
        _ actions: [[String: Any]], subject: [String: Any], postTo: String, idPrefix: String = "", failed: (action: String, problem: ConsoleProblem, values: ConsoleForm)?
    ) async throws -> [[String: Any]] {
        var directory: [String: [[String: Any]]] = [:]
        var forms: [[String: Any]] = []
        for action in actions {
            let name = action["name"] as? String ?? ""
            let failure = failed?.action == name ? failed : nil
            var fields: [[String: Any]] = []
            for field in action["fields"] as? [[String: Any]] ?? [] {
                let fieldName = field["name"] as? String ?? ""
                let type = field["type"] as? String ?? "text"
                var input: [String: Any] = [
                    "name": fieldName, "input": "f.\(fieldName)", "id": "\(idPrefix)\(name)-\(fieldName)",
                    "label": console.templates.text.has("field.\(fieldName)") ? visit.text("field.\(fieldName)") : fieldName,
                    "required": field["required"] as? Bool ?? false,
                    "value": failure?.values["f.\(fieldName)"] ?? "",
                ]
                if let message = failure?.problem.fields[fieldName] { input["error"] = message }
                switch type {
                case "boolean": input["checkbox"] = true
                case "user", _ where type.hasPrefix("organization:"):
                    let path = type == "user"
                        ? "/v1/directory/colleagues?limit=100"
                        : "/v1/directory/organizations?limit=100&kind=\(Self.snakeCase(String(type.dropFirst("organization:".count))))"
                    if directory[path] == nil { directory[path] = visit.items(try await visit.get(path).json) }
                    input["select"] = true
                    input["options"] = (directory[path] ?? []).map { ["value": $0["id"] ?? "", "label": $0["name"] ?? ""] }
                case "list": input["line"] = true
                default:
                    if fieldName == "termsSha256", let hash = (subject["agreement"] as? [String: Any])?["termsSha256"] {
                        // One signs the terms the page shows: their hash goes back with the signature.
                        input["hidden"] = true
                        input["value"] = hash
                    } else if Self.days.contains(fieldName) {
                        input["date"] = true
                        // Today is the likeliest day: a ruling given now, an agreement to perform from now.
                        if (input["value"] as? String ?? "").isEmpty { input["value"] = CalendarDay(Date(), in: ConsoleModel.shanghai).description }
                    } else if Self.instants.contains(fieldName) {
                        input["datetime"] = true
                    } else if Self.longTexts.contains(fieldName) {
                        input["area"] = true
                    } else {
                        input["line"] = true
                    }
                }
                fields.append(input)
            }
            var form: [String: Any] = [
                "name": name, "formId": "action-\(idPrefix)\(name)", "label": action["description"] ?? name, "actionPath": postTo,
                "csrf": visit.formToken, "fields": fields, "version": subject["version"] ?? "",
                "hasFields": fields.contains { $0["hidden"] as? Bool != true },
            ]
            if let failure { form["problem"] = failure.problem.model }
            forms.append(form)
        }
        return forms
    }

    /// The transition body from the posted form, each value typed as the workflow declares its field.
    static func body(for action: String, fields: [WorkflowField], form: ConsoleForm) -> JSONValue {
        var body: [String: JSONValue] = ["action": .string(action)]
        for field in fields {
            let input = "f.\(field.name)"
            switch field.type {
            case .boolean:
                body[field.name] = .bool(form.isChecked(input))
            case .list:
                guard let text = form.text(input) else { continue }
                body[field.name] = .array(text.split(separator: ",").map { .string($0.trimmingCharacters(in: .whitespaces)) })
            case .text, .user, .organization:
                guard let text = form.text(input) else { continue }
                // A browser's local date and time is Shanghai's: it is sent with its offset.
                body[field.name] = .string(instants.contains(field.name) && text.count == 16 ? "\(text):00+08:00" : text)
            }
        }
        return .object(body)
    }

    static func snakeCase(_ name: String) -> String {
        name.reduce(into: "") { result, character in
            if character.isUppercase { result += "_" + character.lowercased() } else { result.append(character) }
        }
    }
}
