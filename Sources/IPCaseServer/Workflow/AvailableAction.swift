import Foundation
import IPCaseDomain

/// An action the caller may take now, as every capability's representation offers it: its name, what it
/// does in both languages, and the fields its body takes.
struct AvailableAction: Encodable, Sendable {
    struct Field: Encodable, Sendable {
        let name: String
        /// `text`, `boolean`, `user` or `organization:<kind>`.
        let type: String
        let required: Bool
    }

    let name: String
    let description: LocalizedText
    let fields: [Field]

    init<Rules: WorkflowRules>(_ action: WorkflowAction<Rules>) {
        name = action.name
        description = action.description
        fields = action.fields.map { field in
            let type = switch field.type {
            case .text: "text"
            case .boolean: "boolean"
            case .user: "user"
            case .list: "list"
            case .organization(let kind): "organization:\(kind)"
            }
            return Field(name: field.name, type: type, required: field.required)
        }
    }
}
