import Foundation

extension WorkflowDefinition {
    /// Checks the request's fields against the action's, and returns them normalised: text trimmed,
    /// ids lower-case. Every problem is reported at once, each naming its field.
    func validateFields(
        _ fields: [String: JSONValue], for action: WorkflowAction<Rules>, context: TransitionContext
    ) throws(TransitionRefusal) -> [String: JSONValue] {
        var problems: [FieldProblem] = []
        var valid: [String: JSONValue] = [:]
        for name in fields.keys.sorted() where !action.fields.contains(where: { $0.name == name }) {
            problems.append(FieldProblem(name, "is not a field of \(action.name)"))
        }
        for field in action.fields {
            let value = fields[field.name]
            guard let value, value != .null else {
                if field.required { problems.append(FieldProblem(field.name, "is required")) }
                continue
            }
            switch (field.type, value) {
            case (.text(let maxLength), .string(let text)):
                let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
                if trimmed.isEmpty, field.required {
                    problems.append(FieldProblem(field.name, "must not be empty"))
                } else if trimmed.unicodeScalars.count > maxLength || trimmed.unicodeScalars.contains("\0") {
                    problems.append(FieldProblem(field.name, "must be at most \(maxLength) characters, without NUL"))
                } else if !trimmed.isEmpty {
                    valid[field.name] = .string(trimmed)
                }
            case (.boolean, .bool):
                valid[field.name] = value
            case (.user, .string(let text)):
                if let id = UUID(uuidString: text), context.users[id] != nil {
                    valid[field.name] = .string(id.uuidString.lowercased())
                } else {
                    problems.append(FieldProblem(field.name, "is not the id of a user"))
                }
            case (.organization(let kind), .string(let text)):
                if let id = UUID(uuidString: text), let organization = context.organizations[id], organization.kind == kind {
                    valid[field.name] = .string(id.uuidString.lowercased())
                } else {
                    problems.append(FieldProblem(field.name, "is not the id of an organisation of kind \(kind)"))
                }
            case (.text, _): problems.append(FieldProblem(field.name, "must be a string"))
            case (.boolean, _): problems.append(FieldProblem(field.name, "must be true or false"))
            case (.user, _), (.organization, _): problems.append(FieldProblem(field.name, "must be an id (a UUID string)"))
            }
        }
        if !problems.isEmpty { throw .invalidFields(problems) }
        return valid
    }
}
