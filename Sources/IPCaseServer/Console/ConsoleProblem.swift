import HTTPTypes
import IPCaseDomain

/// A refusal of the API, as a page shows it: its title and detail on top, and each field's message beside
/// the field it names. The words are the API's own, in the language the page asked it for.
struct ConsoleProblem: Sendable {
    let status: HTTPResponse.Status
    let title: String
    let detail: String?
    let fields: [String: String]

    init(status: HTTPResponse.Status, json: JSONValue?) {
        self.status = status
        guard case .object(let body)? = json else {
            title = "\(status.code) \(status.reasonPhrase)"
            detail = nil
            fields = [:]
            return
        }
        if case .string(let title)? = body["title"] { self.title = title } else { self.title = "\(status.code)" }
        if case .string(let detail)? = body["detail"] { self.detail = detail } else { detail = nil }
        var fields: [String: String] = [:]
        if case .array(let errors)? = body["errors"] {
            for case .object(let error) in errors {
                guard case .string(let field)? = error["field"], case .string(let message)? = error["message"] else { continue }
                // `respondent.creditCode` is shown beside the input named `respondent.creditCode`.
                fields[field] = fields[field].map { "\($0); \(message)" } ?? message
            }
        }
        self.fields = fields
    }

    init(status: HTTPResponse.Status, title: String, detail: String?) {
        self.status = status
        self.title = title
        self.detail = detail
        fields = [:]
    }

    var model: [String: Any] {
        var model: [String: Any] = ["title": title, "status": Int(status.code)]
        if let detail { model["detail"] = detail }
        if !fields.isEmpty {
            model["fields"] = fields.sorted { $0.key < $1.key }.map { ["field": $0.key, "message": $0.value] }
        }
        return model
    }
}
