import Foundation
import HTTPTypes
import Hummingbird
import IPCaseDomain
import NIOCore

/// Cases: the list (a queue for neutrals, one's own for an enterprise), filing a complaint, and a case's page
/// with its deadlines, its timeline and chain badge, its documents and the actions the API offers.
struct CasePages: Sendable {
    let console: Console

    func register(on router: Router<AppRequestContext>) {
        router.get("/cases", use: console.page(list))
        router.get("/cases/new", use: console.page(newCase))
        router.post("/cases", use: console.form(file))
        router.get("/cases/{id}", use: console.page(show))
        router.post("/cases/{id}/actions", use: console.form(act))
        router.post("/cases/{id}/documents", use: console.page(upload))
        router.get("/cases/{id}/documents/{documentId}", use: console.page(download))
    }

    // MARK: The list

    static let filters = ["state", "relation", "overdue", "ipType", "q"]

    @Sendable func list(_ visit: ConsoleVisit) async throws -> Response {
        let query = visit.request.uri.queryParameters
        var parameters = ["limit=25"]
        var chosen: [String: Any] = [:]
        for name in Self.filters + ["cursor"] {
            guard let value = query[Substring(name)].map(String.init), !value.isEmpty else { continue }
            parameters.append("\(name)=\(value.addingPercentEncoding(withAllowedCharacters: .urlQueryValue) ?? "")")
            chosen[name] = value
        }
        let page = try await visit.require("/v1/cases?" + parameters.joined(separator: "&"))
        var items = visit.items(page)
        // Overdue first: the queue a mediator works down.
        items = items.filter { $0["overdue"] as? Bool == true } + items.filter { $0["overdue"] as? Bool != true }
        for index in items.indices { decorate(&items[index], visit) }
        let workflow = console.policies.loaded.caseWorkflow
        let states = workflow.states.map { state in
            ["value": state.name, "label": visit.text("state.case.\(state.name)"), "selected": chosen["state"] as? String == state.name]
        }
        // Filed or received for an enterprise; served in person for a neutral.
        let relations = visit.has("enterprise") ? ["complainant", "respondent"] : ["neutral"]
        let relationChoices = relations.map {
            ["value": $0, "label": visit.text("cases.relation.\($0)"), "selected": chosen["relation"] as? String == $0]
        }
        var model: [String: Any] = [
            "items": items, "states": states, "relations": relationChoices, "chosen": chosen, "empty": items.isEmpty,
        ]
        if let next = visit.model(page)["nextCursor"] as? String {
            var keep = parameters.filter { !$0.hasPrefix("cursor=") && !$0.hasPrefix("limit=") }
            keep.append("cursor=\(next)")
            model["nextPage"] = "/cases?" + keep.joined(separator: "&")
        }
        model["overdueChosen"] = chosen["overdue"] as? String == "true"
        let week = try await weekOfDeadlines(visit)
        model["deadlines"] = week
        model["hasDeadlines"] = !week.isEmpty
        model["isNeutral"] = visit.has("mediator") || visit.has("arbitrator") || visit.has("judge")
        return visit.page("cases", model, title: visit.text("cases.title"))
    }

    /// A neutral's week at a glance: the deadlines of its open cases falling due in the next seven days (or
    /// already overdue), and the mediation sessions in them.
    private func weekOfDeadlines(_ visit: ConsoleVisit) async throws -> [[String: Any]] {
        guard visit.has("mediator") || visit.has("arbitrator") || visit.has("judge") else { return [] }
        let answer = try await visit.get("/v1/cases?limit=100&relation=neutral")
        let candidates = visit.items(answer.json).filter { $0["state"] as? String != "closed" }
        let today = CalendarDay(Date(), in: ConsoleModel.shanghai)
        let horizon = today.adding(days: 7).description
        let first = today.description
        var week: [[String: Any]] = []
        for item in candidates.prefix(30) {
            guard let id = item["id"] as? String else { continue }
            let detail = visit.model(try await visit.get("/v1/cases/\(id)").json)
            for deadline in detail["deadlines"] as? [[String: Any]] ?? [] {
                guard let due = deadline["dueOn"] as? String, due <= horizon, deadline["window"] as? Bool != true else { continue }
                week.append(["number": item["number"] ?? "", "id": id, "dueOn": due, "what": deadline["description"] ?? "",
                             "overdue": deadline["overdue"] as? Bool ?? false])
            }
            for session in detail["sessions"] as? [[String: Any]] ?? [] {
                // `startsAt` is already Shanghai's local time, `YYYY-MM-DD HH:MM`.
                guard let starts = session["startsAt"] as? String, String(starts.prefix(10)) >= first, String(starts.prefix(10)) <= horizon
                else { continue }
                let place = (session["place"] as? String) ?? (session["link"] as? String) ?? ""
                week.append(["number": item["number"] ?? "", "id": id, "dueOn": starts, "what": "\(visit.text("cases.session")) \(place)",
                             "overdue": false])
            }
        }
        return week.sorted { ($0["dueOn"] as? String ?? "") < ($1["dueOn"] as? String ?? "") }
    }

    private func decorate(_ item: inout [String: Any], _ visit: ConsoleVisit) {
        if let state = item["state"] as? String { item["stateLabel"] = visit.text("state.case.\(state)") }
        if let type = item["ipType"] as? String { item["ipTypeLabel"] = visit.text("ipType.\(type)") }
        if let type = (item["ipRight"] as? [String: Any])?["type"] as? String { item["ipTypeLabel"] = visit.text("ipType.\(type)") }
        if let outcome = item["outcome"] as? String { item["outcomeLabel"] = visit.text("outcome.\(outcome)") }
    }

    // MARK: Filing

    @Sendable func newCase(_ visit: ConsoleVisit) async throws -> Response {
        try await filingForm(visit, values: [:], problem: nil)
    }

    private func filingForm(_ visit: ConsoleVisit, values: [String: String], problem: ConsoleProblem?) async throws -> Response {
        let bodies = visit.items(try await visit.require("/v1/directory/organizations?kind=mediation_body&limit=100"))
        let chosenBody = values["mediationBodyId"]
        let types = ["patent", "trademark", "copyright", "trade_secret", "other"].map {
            ["value": $0, "label": visit.text("ipType.\($0)"), "selected": values["ipRight.type"] == $0]
        }
        var fields: [String: Any] = [:]
        for (name, message) in problem?.fields ?? [:] { fields[name.replacingOccurrences(of: ".", with: "_")] = message }
        var model: [String: Any] = [
            "bodies": bodies.map { body in body.merging(["selected": body["id"] as? String == chosenBody]) { $1 } },
            "types": types, "values": Dictionary(uniqueKeysWithValues: values.map { ($0.key.replacingOccurrences(of: ".", with: "_"), $0.value) }),
            "errors": fields,
        ]
        if let problem { model["problem"] = problem.model }
        return visit.page("case-new", model, title: visit.text("file.title"), status: problem?.status ?? .ok)
    }

    @Sendable func file(_ visit: ConsoleVisit, _ form: ConsoleForm) async throws -> Response {
        let names = ["respondent.creditCode", "respondent.name", "mediationBodyId", "ipRight.type", "ipRight.identifier", "ipRight.title", "claims", "amountClaimed"]
        var values: [String: String] = [:]
        for name in names { values[name] = form[name] ?? "" }
        func text(_ name: String) -> JSONValue { form.text(name).map(JSONValue.string) ?? .null }
        // Empty fields are left out, so that the API names them as missing, exactly as it would for any client.
        func object(_ pairs: [(String, JSONValue)]) -> JSONValue {
            .object(Dictionary(uniqueKeysWithValues: pairs.filter { $0.1 != .null }))
        }
        let filing = object([
            ("respondent", object([("creditCode", text("respondent.creditCode")), ("name", text("respondent.name"))])),
            ("mediationBodyId", text("mediationBodyId")),
            ("ipRight", object([("type", text("ipRight.type")), ("identifier", text("ipRight.identifier")), ("title", text("ipRight.title"))])),
            ("claims", text("claims")), ("amountClaimed", text("amountClaimed")),
        ])
        let answer = try await visit.send(.post, "/v1/cases", filing)
        if let problem = answer.problem { return try await filingForm(visit, values: values, problem: problem) }
        guard case .object(let created)? = answer.json, case .string(let id)? = created["id"] else { throw Problem.internalError }
        return ConsoleResponse.redirect(to: "/cases/\(id)")
    }

    // MARK: A case

    @Sendable func show(_ visit: ConsoleVisit) async throws -> Response {
        try await casePage(visit, id: try visit.context.pathID(), failed: nil)
    }

    /// The case page; after a refused action, with the API's words beside that action's fields.
    private func casePage(
        _ visit: ConsoleVisit, id: UUID, failed: (action: String, problem: ConsoleProblem, values: ConsoleForm)?
    ) async throws -> Response {
        let path = "/v1/cases/\(id.uuidString.lowercased())"
        var model = visit.model(try await visit.require(path))
        decorate(&model, visit)
        let workflow = console.policies.loaded.caseWorkflow
        var events: [[String: Any]] = []
        var cursor: String? = nil
        repeat {
            let page = try await visit.require("\(path)/events?limit=100" + (cursor.map { "&cursor=\($0)" } ?? ""))
            events += visit.items(page)
            cursor = visit.model(page)["nextCursor"] as? String
        } while cursor != nil && events.count < 2000
        for index in events.indices {
            let action = events[index]["action"] as? String ?? ""
            events[index]["actionLabel"] = workflow.action(action)?.description.text(in: visit.language) ?? visit.text("event.\(action)")
            if let to = events[index]["to"] as? String { events[index]["toLabel"] = visit.text("state.case.\(to)") }
            events[index]["bySystem"] = (events[index]["actor"] as? [String: Any])?["type"] as? String == "system"
        }
        let report = try await ChainVerification.verify(
            ChainVerification.Selection(subjectType: CaseRules.subjectType, subject: id.uuidString.lowercased()),
            on: console.database, logger: visit.context.logger)
        let documents = visit.items(try await visit.require("\(path)/documents?limit=100"))
        let forms = try await ActionForms(console: console, visit: visit).forms(
            model["availableActions"] as? [[String: Any]] ?? [], subject: model, postTo: "/cases/\(id.uuidString.lowercased())/actions",
            failed: failed)
        model["actions"] = forms
        model["events"] = events
        model["chainIntact"] = report.isIntact
        model["documents"] = documents.map { document in
            var document = document
            if let kind = document["kind"] as? String { document["kindLabel"] = visit.text("documentKind.\(kind)") }
            return document
        }
        let open = workflow.state(model["state"] as? String ?? "")?.terminal != true
        model["canUpload"] = open
        model["documentKinds"] = workflow.documentKinds.filter { $0 != "minutes" }.map { ["value": $0, "label": visit.text("documentKind.\($0)")] }
        if let failed, failed.action == "upload" { model["uploadProblem"] = failed.problem.model }
        model["deadlines"] = model["deadlines"] ?? []
        let status = failed?.problem.status ?? .ok
        return visit.page("case", ["case": model], title: "\(model["number"] ?? "")", status: status)
    }

    @Sendable func act(_ visit: ConsoleVisit, _ form: ConsoleForm) async throws -> Response {
        let id = try visit.context.pathID()
        let name = form["action"] ?? ""
        let body = ActionForms.body(for: name, fields: console.policies.loaded.caseWorkflow.action(name)?.fields ?? [], form: form)
        let answer = try await visit.send(.post, "/v1/cases/\(id.uuidString.lowercased())/transitions", body, ifMatch: form["version"])
        if let problem = answer.problem { return try await casePage(visit, id: id, failed: (name, problem, form)) }
        return ConsoleResponse.redirect(to: "/cases/\(id.uuidString.lowercased())")
    }

    // MARK: Documents

    /// The browser's multipart form, its token checked, passed to the API as it came: the API reads the file,
    /// its kind and its confidentiality exactly as from any client.
    @Sendable func upload(_ visit: ConsoleVisit) async throws -> Response {
        let id = try visit.context.pathID()
        guard let answer = try await visit.forwardUpload(
            to: "/v1/cases/\(id.uuidString.lowercased())/documents", maxSize: DocumentUpload.bodyLimit(maxDocumentSize: console.maxDocumentSize))
        else { return console.refusedForm(visit) }
        if let problem = answer.problem { return try await casePage(visit, id: id, failed: ("upload", problem, ConsoleForm(""))) }
        return ConsoleResponse.redirect(to: "/cases/\(id.uuidString.lowercased())#documents")
    }

    /// A document's content, as the API gives it to this user (or its refusal).
    @Sendable func download(_ visit: ConsoleVisit) async throws -> Response {
        let id = try visit.context.pathID()
        let documentId = try visit.context.pathID("documentId")
        let answer = try await visit.get("/v1/cases/\(id.uuidString.lowercased())/documents/\(documentId.uuidString.lowercased())/content")
        if let problem = answer.problem { return visit.problemPage(problem) }
        var headers = HTTPFields()
        for name in [HTTPField.Name.contentType, .contentDisposition, .contentLength] { headers[name] = answer.headers[name] }
        headers[.cacheControl] = "private, no-store"
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        headers[HTTPField.Name("Content-Security-Policy")!] = "default-src 'none'; sandbox"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: answer.body))
    }
}

/// The small text parts of a multipart form the console itself reads (its token, a version), before the form
/// goes on to the API as it came.
enum MultipartToken {
    static func texts(in body: ByteBuffer, contentType: String, names: Set<String>) async throws -> [String: String] {
        guard let boundary = MultipartForm<RequestBody.AsyncIterator>.boundary(of: contentType) else { return [:] }
        var form = MultipartForm(body: RequestBody(buffer: body).makeAsyncIterator(), boundary: boundary)
        var texts: [String: String] = [:]
        do {
            while let part = try await form.nextPart() {
                if names.contains(part.name), texts[part.name] == nil {
                    texts[part.name] = String(decoding: try await form.collectBody(), as: UTF8.self)
                } else {
                    try await form.streamBody { _ in }
                }
            }
        } catch is MultipartForm<RequestBody.AsyncIterator>.ParseError {
            return [:]
        }
        return texts
    }
}

extension CharacterSet {
    static let urlQueryValue = CharacterSet.urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&=+#"))
}
