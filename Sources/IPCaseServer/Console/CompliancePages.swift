import Foundation
import HTTPTypes
import Hummingbird
import IPCaseDomain
import NIOCore

/// Trade-secret compliance: an enterprise's self-assessments (answering items, evidence, submitting, what the
/// reviewer returned, the gap report), and a regulator's review item by item and the park's summary.
struct CompliancePages: Sendable {
    let console: Console

    static let results = ["compliant", "partial", "non_compliant", "not_applicable"]

    func register(on router: Router<AppRequestContext>) {
        router.get("/compliance", use: console.page(list))
        router.post("/compliance", use: console.form(start))
        router.get("/compliance/{id}", use: console.page(show))
        router.post("/compliance/{id}/answers", use: console.form(answer))
        router.post("/compliance/{id}/submit", use: console.form(submit))
        router.post("/compliance/{id}/review", use: console.form(review))
        router.post("/compliance/{id}/evidence", use: console.page(evidence))
    }

    // MARK: The list and the park

    @Sendable func list(_ visit: ConsoleVisit) async throws -> Response {
        try await listPage(visit, problem: nil)
    }

    private func listPage(_ visit: ConsoleVisit, problem: ConsoleProblem?) async throws -> Response {
        let query = visit.request.uri.queryParameters
        var parameters = ["limit=50"]
        if let state = query["state"].map(String.init), !state.isEmpty { parameters.append("state=\(state)") }
        if let cursor = query["cursor"].map(String.init) { parameters.append("cursor=\(cursor)") }
        let page = try await visit.require("/v1/compliance/assessments?" + parameters.joined(separator: "&"))
        var items = visit.items(page)
        // Submitted ones first: what waits for a reviewer, or for the enterprise's answer.
        items.sort { ($0["state"] as? String == "submitted" ? 0 : 1) < ($1["state"] as? String == "submitted" ? 0 : 1) }
        for index in items.indices { label(&items[index], visit) }
        var model: [String: Any] = ["items": items, "isEnterprise": visit.has("enterprise"), "isRegulator": visit.has("regulator")]
        if let next = visit.model(page)["nextCursor"] as? String { model["nextPage"] = "/compliance?cursor=\(next)" }
        if visit.has("enterprise") {
            let templates = visit.items(try await visit.require("/v1/compliance/templates"))
            model["templates"] = templates
            // The groups of every checklist once each: they are named alike across checklists (basic, advanced).
            var seen: Set<String> = []
            model["groups"] = templates.flatMap { $0["groups"] as? [[String: Any]] ?? [] }.filter { seen.insert($0["id"] as? String ?? "").inserted }
        }
        if visit.has("regulator") {
            let park = query["park"].map(String.init) ?? "南山智园"
            model["park"] = park
            let answer = try await visit.get("/v1/compliance/summary?park=\(park.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")")
            if answer.isSuccess { model["summary"] = summary(visit.model(answer.json), visit) }
        }
        if let problem { model["problem"] = problem.model }
        return visit.page("compliance-list", model, title: visit.text("compliance.title"), status: problem?.status ?? .ok)
    }

    /// The park's figures, with a chart of each: levels reached, states, and the items most often not met.
    private func summary(_ summary: [String: Any], _ visit: ConsoleVisit) -> [String: Any] {
        var model = summary
        let levels = summary["levels"] as? [String: Any] ?? [:]
        model["levelChart"] = SVGChart.bars(
            levels.sorted { $0.key < $1.key }.map { SVGChart.Bar(label: visit.text("compliance.level.\($0.key)"), value: Double($0.value as? Int ?? 0)) },
            title: visit.text("compliance.levelChart"))
        let states = summary["states"] as? [String: Any] ?? [:]
        model["stateChart"] = SVGChart.bars(
            states.sorted { $0.key < $1.key }.map { SVGChart.Bar(label: visit.text("state.complianceAssessment.\($0.key)"), value: Double($0.value as? Int ?? 0)) },
            title: visit.text("compliance.stateChart"))
        let gaps = (summary["frequentGaps"] as? [[String: Any]] ?? []).prefix(8)
        model["gapChart"] = SVGChart.bars(
            gaps.map { SVGChart.Bar(label: "\($0["itemId"] ?? "") \($0["text"] ?? "")", value: Double($0["nonCompliant"] as? Int ?? 0), tone: "bad") },
            title: visit.text("compliance.gapChart"))
        model["frequentGaps"] = Array(gaps)
        return model
    }

    private func label(_ item: inout [String: Any], _ visit: ConsoleVisit) {
        if let state = item["state"] as? String { item["stateLabel"] = visit.text("state.complianceAssessment.\(state)") }
        if let level = (item["score"] as? [String: Any])?["level"] as? String { item["levelLabel"] = visit.text("compliance.level.\(level)") }
    }

    @Sendable func start(_ visit: ConsoleVisit, _ form: ConsoleForm) async throws -> Response {
        var body: [String: JSONValue] = ["templateId": form.text("templateId").map(JSONValue.string) ?? .null]
        if let groups = form.values["groups"], !groups.isEmpty { body["groups"] = .array(groups.map(JSONValue.string)) }
        let answer = try await visit.send(.post, "/v1/compliance/assessments", .object(body))
        if let problem = answer.problem { return try await listPage(visit, problem: problem) }
        guard case .object(let created)? = answer.json, case .string(let id)? = created["id"] else { throw Problem.internalError }
        return ConsoleResponse.redirect(to: "/compliance/\(id)")
    }

    // MARK: An assessment

    @Sendable func show(_ visit: ConsoleVisit) async throws -> Response {
        try await assessmentPage(visit, id: try visit.context.pathID(), problem: nil)
    }

    private func assessmentPage(_ visit: ConsoleVisit, id: UUID, problem: ConsoleProblem?) async throws -> Response {
        let path = "/v1/compliance/assessments/\(id.uuidString.lowercased())"
        var model = visit.model(try await visit.require(path))
        label(&model, visit)
        let templateId = model["templateId"] as? String ?? ""
        let template = visit.model(try await visit.require("/v1/compliance/templates/\(templateId)"))
        let groups = Set(model["groups"] as? [String] ?? [])
        let answers = model["answers"] as? [String: Any] ?? [:]
        let findings = model["findings"] as? [String: Any] ?? [:]
        let returned = Set(model["returnedItems"] as? [String] ?? [])
        let evidence = model["evidence"] as? [[String: Any]] ?? []
        let covered = Set(evidence.filter { $0["inForce"] as? Bool == true }.flatMap { $0["itemIds"] as? [String] ?? [] })
        let actions = Set((model["availableActions"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String })
        let canAnswer = actions.contains("answer")
        let canReview = actions.contains("returnItems") || actions.contains("approve")
        var needEvidence: [String] = []
        var sections: [[String: Any]] = []
        for section in template["sections"] as? [[String: Any]] ?? [] {
            var items: [[String: Any]] = []
            for var item in section["items"] as? [[String: Any]] ?? [] {
                let itemId = item["id"] as? String ?? ""
                guard groups.isEmpty || !(Set(item["groups"] as? [String] ?? []).isDisjoint(with: groups)) else { continue }
                let own = answers[itemId] as? [String: Any]
                let result = own?["result"] as? String
                item["answer"] = own
                item["ownLabel"] = result.map { visit.text("compliance.result.\($0)") }
                if let finding = findings[itemId] as? [String: Any] {
                    var finding = finding
                    finding["resultLabel"] = (finding["result"] as? String).map { visit.text("compliance.result.\($0)") }
                    item["finding"] = finding
                }
                item["returned"] = returned.contains(itemId)
                item["mandatory"] = item["importance"] as? String == "mandatory"
                item["hasEvidence"] = covered.contains(itemId)
                if item["mandatory"] as? Bool == true, item["evidenceRequired"] as? Bool == true, result == "compliant", !covered.contains(itemId) {
                    needEvidence.append(itemId)
                }
                // In `returned`, only the items sent back may be answered again.
                let editable = canAnswer && (model["state"] as? String != "returned" || returned.contains(itemId))
                item["editable"] = editable
                item["choices"] = Self.results.map { ["value": $0, "label": visit.text("compliance.result.\($0)"), "selected": $0 == result] }
                item["reviewChoices"] = Self.results.map { ["value": $0, "label": visit.text("compliance.result.\($0)")] }
                item["field"] = itemId.replacingOccurrences(of: ".", with: "_")
                items.append(item)
            }
            if !items.isEmpty { sections.append(["id": section["id"] ?? "", "title": section["title"] ?? "", "items": items]) }
        }
        model["sections"] = sections
        model["scoreValue"] = (model["score"] as? [String: Any])?["score"]
        model["canAnswer"] = canAnswer
        model["canSubmit"] = actions.contains("submit")
        model["canReview"] = canReview
        model["canApprove"] = actions.contains("approve")
        model["canReturn"] = actions.contains("returnItems")
        model["canAddEvidence"] = actions.contains("attachEvidence")
        model["needEvidence"] = needEvidence.joined(separator: ",")
        model["today"] = CalendarDay(Date(), in: ConsoleModel.shanghai).description
        model["templateTitle"] = template["title"] ?? templateId
        let report = try await visit.get("\(path)/gap-report")
        if report.isSuccess {
            var gapReport = visit.model(report.json)
            let sectionScores = (gapReport["sections"] as? [[String: Any]] ?? []).map {
                SVGChart.Bar(label: "\($0["sectionId"] ?? "") \($0["title"] ?? "")", value: ($0["score"] as? Double) ?? Double($0["score"] as? Int ?? 0))
            }
            // Its own name: a missing `score` would find the assessment's in the template's context.
            gapReport["reportScore"] = gapReport["score"]
            gapReport["chart"] = SVGChart.bars(sectionScores, title: visit.text("compliance.sectionChart"), maximum: 100)
            model["gapReport"] = gapReport
        }
        if let problem { model["problem"] = problem.model }
        return visit.page("compliance", ["assessment": model], title: visit.text("compliance.assessment"), status: problem?.status ?? .ok)
    }

    /// The answer form: every editable item whose answer changed is put, one after another, each with the
    /// version the previous one left.
    @Sendable func answer(_ visit: ConsoleVisit, _ form: ConsoleForm) async throws -> Response {
        let id = try visit.context.pathID()
        let path = "/v1/compliance/assessments/\(id.uuidString.lowercased())"
        var version = form["version"]
        for itemId in form.values["item"] ?? [] {
            let field = itemId.replacingOccurrences(of: ".", with: "_")
            guard let result = form.text("result.\(field)") else { continue }
            let note = form.text("note.\(field)")
            let justification = form.text("justification.\(field)")
            if form["was.\(field)"] == result && form["wasNote.\(field)"] == (note ?? "") && justification == nil { continue }
            var body: [String: JSONValue] = ["result": .string(result)]
            if let note { body["note"] = .string(note) }
            if let justification { body["justification"] = .string(justification) }
            let answer = try await visit.send(.put, "\(path)/items/\(itemId.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: ".-_"))) ?? "")", .object(body), ifMatch: version)
            if let problem = answer.problem {
                return try await assessmentPage(visit, id: id, problem: ConsoleProblem(status: problem.status, title: "\(itemId): \(problem.title)", detail: problem.detail))
            }
            version = answer.headers[.eTag].map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"W/")) } ?? version
        }
        return ConsoleResponse.redirect(to: "/compliance/\(id.uuidString.lowercased())")
    }

    @Sendable func submit(_ visit: ConsoleVisit, _ form: ConsoleForm) async throws -> Response {
        let id = try visit.context.pathID()
        let answer = try await visit.send(.post, "/v1/compliance/assessments/\(id.uuidString.lowercased())/submit", ifMatch: form["version"])
        if let problem = answer.problem { return try await assessmentPage(visit, id: id, problem: problem) }
        return ConsoleResponse.redirect(to: "/compliance/\(id.uuidString.lowercased())")
    }

    /// The reviewer's findings, item by item, then the whole returned or approved.
    @Sendable func review(_ visit: ConsoleVisit, _ form: ConsoleForm) async throws -> Response {
        let id = try visit.context.pathID()
        var findings: [JSONValue] = []
        for itemId in form.values["item"] ?? [] {
            let field = itemId.replacingOccurrences(of: ".", with: "_")
            let result = form.text("finding.\(field)")
            let comment = form.text("comment.\(field)")
            let sendBack = form.isChecked("return.\(field)")
            guard result != nil || comment != nil || sendBack else { continue }
            var finding: [String: JSONValue] = ["itemId": .string(itemId)]
            if sendBack { finding["return"] = .bool(true) }
            if let result { finding["result"] = .string(result) }
            if let comment { finding["comment"] = .string(comment) }
            findings.append(.object(finding))
        }
        let body: JSONValue = .object(["decision": form.text("decision").map(JSONValue.string) ?? .null, "findings": .array(findings)])
        let answer = try await visit.send(.post, "/v1/compliance/assessments/\(id.uuidString.lowercased())/review", body, ifMatch: form["version"])
        if let problem = answer.problem { return try await assessmentPage(visit, id: id, problem: problem) }
        return ConsoleResponse.redirect(to: "/compliance/\(id.uuidString.lowercased())")
    }

    /// Evidence: the browser's multipart form passed to the API as it came, with the version it names.
    @Sendable func evidence(_ visit: ConsoleVisit) async throws -> Response {
        let id = try visit.context.pathID()
        guard let answer = try await visit.forwardUpload(
            to: "/v1/compliance/assessments/\(id.uuidString.lowercased())/evidence",
            maxSize: DocumentUpload.bodyLimit(maxDocumentSize: console.maxDocumentSize))
        else { return console.refusedForm(visit) }
        if let problem = answer.problem { return try await assessmentPage(visit, id: id, problem: problem) }
        return ConsoleResponse.redirect(to: "/compliance/\(id.uuidString.lowercased())#evidence")
    }
}
