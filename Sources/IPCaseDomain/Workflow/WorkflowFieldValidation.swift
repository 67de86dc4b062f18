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
            problems.append(FieldProblem(name, FieldMessage.notAFieldOf(action.name)))
        }
        for field in action.fields {
            let value = fields[field.name]
            guard let value, value != .null else {
                if field.required { problems.append(FieldProblem(field.name, FieldMessage.required)) }
                continue
            }
            switch (field.type, value) {
            case (.text(let maxLength), .string(let text)):
                let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
                if trimmed.isEmpty, field.required {
                    problems.append(FieldProblem(field.name, FieldMessage.mustNotBeEmpty))
                } else if trimmed.unicodeScalars.count > maxLength || trimmed.unicodeScalars.contains("\0") {
                    problems.append(FieldProblem(field.name, FieldMessage.atMostCharactersWithoutNUL(maxLength)))
                } else if !trimmed.isEmpty {
                    valid[field.name] = .string(trimmed)
                }
            case (.boolean, .bool):
                valid[field.name] = value
            case (.user, .string(let text)):
                // Whether such a user exists is for the effect that uses it to say, in the same words as for a
                // user who may not serve: a field is no way to learn who has an account.
                if let id = UUID(uuidString: text) {
                    valid[field.name] = .string(id.uuidString.lowercased())
                } else {
                    problems.append(FieldProblem(field.name, FieldMessage.mustBeID))
                }
            case (.organization(let kind), .string(let text)):
                if let id = UUID(uuidString: text), let organization = context.organizations[id], organization.kind == kind {
                    valid[field.name] = .string(id.uuidString.lowercased())
                } else {
                    problems.append(FieldProblem(field.name, FieldMessage.notAnOrganizationOfKind(kind)))
                }
            case (.list, .array(let entries)):
                if entries.isEmpty, field.required { problems.append(FieldProblem(field.name, FieldMessage.mustNotBeEmpty)) }
                else { valid[field.name] = value }
            case (.list, _): problems.append(FieldProblem(field.name, FieldMessage.mustBeList))
            case (.text, _): problems.append(FieldProblem(field.name, FieldMessage.mustBeString))
            case (.boolean, _): problems.append(FieldProblem(field.name, FieldMessage.trueOrFalse))
            case (.user, _), (.organization, _): problems.append(FieldProblem(field.name, FieldMessage.mustBeID))
            }
        }
        if !problems.isEmpty { throw .invalidFields(problems) }
        return valid
    }
}
