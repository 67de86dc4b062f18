import Foundation
import HTTPTypes
import Hummingbird
import IPCaseDomain

/// Credit: an enterprise's own profile (its grade with the principal reasons, its records, objections and
/// repairs), and a regulator's desk (proposals to confirm or dismiss, objections to decide, a subject's
/// profile with issuing and approving grades, and supervision by grade).
struct CreditPages: Sendable {
    let console: Console

    func register(on router: Router<AppRequestContext>) {
        router.get("/credit", use: console.page(home))
        router.get("/credit/subjects/{creditCode}", use: console.page(subject))
        router.get("/credit/lookup", use: console.page(lookup))
        router.post("/credit/subjects/{creditCode}/grades", use: console.form(issueGrade))
        router.post("/credit/grades/{id}/approval", use: console.form(approveGrade))
        router.post("/credit/proposals/{id}/confirm", use: console.form(confirm))
        router.post("/credit/proposals/{id}/dismiss", use: console.form(dismiss))
        router.post("/credit/records", use: console.form(record))
        router.post("/credit/records/{id}/objections", use: console.form(object))
        router.post("/credit/records/{id}/repairs", use: console.form(repair))
        router.post("/credit/{collection}/{id}/actions", use: console.form(act))
    }

    @Sendable func home(_ visit: ConsoleVisit) async throws -> Response {
        if visit.has("regulator") { return try await desk(visit, failed: nil) }
        guard let code = visit.organization["creditCode"] as? String else {
            return visit.problemPage(ConsoleProblem(status: .notFound, title: visit.text("credit.noCode"), detail: nil))
        }
        return try await profile(visit, creditCode: code, failed: nil)
    }

    // MARK: A subject's profile

    @Sendable func subject(_ visit: ConsoleVisit) async throws -> Response {
        try await profile(visit, creditCode: visit.context.parameters.get("creditCode") ?? "", failed: nil)
    }

    /// The regulator's search box: the subject of a credit code.
    @Sendable func lookup(_ visit: ConsoleVisit) async throws -> Response {
        let code = (visit.request.uri.queryParameters["creditCode"].map(String.init) ?? "").trimmingCharacters(in: .whitespaces).uppercased()
        return ConsoleResponse.redirect(to: "/credit/subjects/\(code.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")")
    }

    /// What the API shows this user of a subject: its own for an enterprise, any for a regulator.
    private func profile(_ visit: ConsoleVisit, creditCode: String, failed: Failure?) async throws -> Response {
        let code = creditCode.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        var model = visit.model(try await visit.require("/v1/credit/subjects/\(code)"))
        var records = model["records"] as? [[String: Any]] ?? []
        for index in records.indices {
            var record = records[index]["record"] as? [String: Any] ?? [:]
            if let tier = record["tier"] as? String { record["tierLabel"] = visit.text("credit.tier.\(tier)") }
            if let kind = record["kind"] as? String { record["kindLabel"] = kindLabel(kind, visit) }
            record["points"] = records[index]["points"]
            let id = record["id"] as? String ?? ""
            record["objectionFailed"] = failed?.matches("objection", id) == true ? failed?.problem.model : nil
            record["repairFailed"] = failed?.matches("repair", id) == true ? failed?.problem.model : nil
            records[index] = record
        }
        model["records"] = records
        let history = (model["gradeHistory"] as? [[String: Any]] ?? [])
        model["gradeHistory"] = history.map { grade -> [String: Any] in
            var grade = grade
            grade["pending"] = grade["status"] as? String == "pending"
            grade["statusLabel"] = visit.text("credit.gradeStatus.\(grade["status"] as? String ?? "")")
            let id = grade["id"] as? String ?? ""
            grade["approvalFailed"] = failed?.matches("approval", id) == true ? failed?.problem.model : nil
            return grade
        }
        let bars = history.reversed().compactMap { grade -> SVGChart.Bar? in
            guard let score = grade["score"] as? Int else { return nil }
            return SVGChart.Bar(label: "\(grade["asOf"] ?? "") \(grade["grade"] ?? "")", value: Double(score))
        }
        if !bars.isEmpty { model["historyChart"] = SVGChart.bars(bars, title: visit.text("credit.historyChart"), maximum: 100) }
        model["isRegulator"] = visit.has("regulator")
        model["grades"] = ["A+", "A", "B", "C", "D"].map { ["value": $0] }
        if let failed, failed.kind == "grade" { model["gradeFailed"] = failed.problem.model }
        if !visit.has("regulator") {
            model["objections"] = try await withForms(visit.items(try await visit.require("/v1/credit/objections?limit=50")), "objections", visit, failed)
            model["repairs"] = try await withForms(visit.items(try await visit.require("/v1/credit/repairs?limit=50")), "repairs", visit, failed)
        }
        return visit.page("credit-profile", ["subject": model], title: "\(model["name"] ?? creditCode)", status: failed?.problem.status ?? .ok)
    }

    /// Objections or repairs with their state in words and a form for each action the API offers on them.
    private func withForms(_ items: [[String: Any]], _ collection: String, _ visit: ConsoleVisit, _ failed: Failure?) async throws -> [[String: Any]] {
        var labelled: [[String: Any]] = []
        for var item in items {
            let id = item["id"] as? String ?? ""
            if let state = item["state"] as? String { item["stateLabel"] = visit.text("state.\(Self.workflowSubjects[collection] ?? "").\(state)") }
            let failure = failed.flatMap { $0.id == id ? ($0.kind, $0.problem, ConsoleForm("")) : nil }
            item["actions"] = try await ActionForms(console: console, visit: visit).forms(
                item["availableActions"] as? [[String: Any]] ?? [], subject: item, postTo: "/credit/\(collection)/\(id)/actions",
                idPrefix: "\(id)-", failed: failure)
            labelled.append(item)
        }
        return labelled
    }

    private func kindLabel(_ kind: String, _ visit: ConsoleVisit) -> String {
        console.policies.loaded.creditModel.kind(kind)?.name.text(in: visit.language) ?? kind
    }

    // MARK: The regulator's desk

    private func desk(_ visit: ConsoleVisit, failed: Failure?) async throws -> Response {
        var proposals = visit.items(try await visit.require("/v1/credit/proposals?status=proposed&limit=50"))
        for index in proposals.indices {
            let id = proposals[index]["id"] as? String ?? ""
            if let kind = proposals[index]["kind"] as? String { proposals[index]["kindLabel"] = kindLabel(kind, visit) }
            if failed?.matches("confirm", id) == true { proposals[index]["confirmFailed"] = failed?.problem.model }
            if failed?.matches("dismiss", id) == true { proposals[index]["dismissFailed"] = failed?.problem.model }
        }
        let objections = try await withForms(visit.items(try await visit.require("/v1/credit/objections?state=pending&limit=50")), "objections", visit, failed)
        let repairs = try await withForms(visit.items(try await visit.require("/v1/credit/repairs?limit=50")), "repairs", visit, failed)
        var tiers: [[String: Any]] = []
        var bars: [SVGChart.Bar] = []
        for grade in ["A+", "A", "B", "C", "D"] {
            let page = visit.model(try await visit.get("/v1/credit/supervision?grade=\(grade.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")&limit=100").json)
            let items = page["items"] as? [[String: Any]] ?? []
            tiers.append(["grade": grade, "count": items.count, "supervision": (page["supervision"] as? [String: Any])?["text"] ?? "", "items": items])
            bars.append(SVGChart.Bar(label: grade, value: Double(items.count), tone: grade == "D" || grade == "C" ? "bad" : ""))
        }
        var model: [String: Any] = [
            "proposals": proposals, "objections": objections, "repairs": repairs, "tiers": tiers,
            "tierChart": SVGChart.bars(bars, title: visit.text("credit.tierChart")),
            "today": CalendarDay(Date(), in: ConsoleModel.shanghai).description,
            "tierChoices": ["minor", "general", "serious"].map { ["value": $0, "label": visit.text("credit.tier.\($0)")] },
            // A finding is of one of the dishonest kinds; the positive ones come from commitments, assessments and cases.
            "findingKinds": console.policies.loaded.creditModel.kinds.filter { !$0.isPositive }.map {
                ["value": $0.code, "label": "\($0.code) \($0.name.text(in: visit.language))"]
            },
        ]
        if let failed, failed.kind == "record" { model["problem"] = failed.problem.model }
        return visit.page("credit-desk", model, title: visit.text("credit.desk"), status: failed?.problem.status ?? .ok)
    }

    // MARK: Forms

    /// Which form was refused, for which subject: the page shows the API's words beside it.
    struct Failure {
        let kind: String
        let id: String
        let problem: ConsoleProblem
        func matches(_ kind: String, _ id: String) -> Bool { self.kind == kind && self.id == id }
    }

    /// After a form: on to `back`, or the page again with the API's refusal beside the form (`kind`, `id`).
    private func after(
        _ visit: ConsoleVisit, _ answer: ConsoleAPI.Answer, kind: String, id: String, back: String, creditCode: String? = nil
    ) async throws -> Response {
        guard let problem = answer.problem else { return ConsoleResponse.redirect(to: back) }
        let failed = Failure(kind: kind, id: id, problem: problem)
        if let creditCode { return try await profile(visit, creditCode: creditCode, failed: failed) }
        return try await desk(visit, failed: failed)
    }

    /// A regulator's own finding, recorded straight away (not from a proposal).
    @Sendable func record(_ visit: ConsoleVisit, _ form: ConsoleForm) async throws -> Response {
        var body: [String: JSONValue] = [:]
        for name in ["creditCode", "kind", "tier", "decisionNumber", "legalBasis", "facts", "decisionDate"] where form.text(name) != nil {
            body[name] = text(form, name)
        }
        let answer = try await visit.send(.post, "/v1/credit/records", .object(body))
        let code = form.text("creditCode") ?? ""
        return try await after(
            visit, answer, kind: "record", id: "",
            back: "/credit/subjects/\(code.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")")
    }

    private func text(_ form: ConsoleForm, _ name: String) -> JSONValue { form.text(name).map(JSONValue.string) ?? .null }

    @Sendable func confirm(_ visit: ConsoleVisit, _ form: ConsoleForm) async throws -> Response {
        let id = try visit.context.pathID().uuidString.lowercased()
        var body: [String: JSONValue] = [:]
        for name in ["decisionNumber", "legalBasis", "facts", "decisionDate", "tier"] where form.text(name) != nil { body[name] = text(form, name) }
        let answer = try await visit.send(.post, "/v1/credit/proposals/\(id)/confirm", .object(body))
        return try await after(visit, answer, kind: "confirm", id: id, back: "/credit")
    }

    @Sendable func dismiss(_ visit: ConsoleVisit, _ form: ConsoleForm) async throws -> Response {
        let id = try visit.context.pathID().uuidString.lowercased()
        let answer = try await visit.send(.post, "/v1/credit/proposals/\(id)/dismiss", .object(["reason": text(form, "reason")]))
        return try await after(visit, answer, kind: "dismiss", id: id, back: "/credit")
    }

    /// The subjects whose workflow actions a page offers as forms, by the collection in their path.
    static let workflowSubjects = ["objections": "creditObjection", "repairs": "creditRepair", "commitments": "creditCommitment"]

    /// An action the API offered on an objection, a repair or a commitment: its transition, with If-Match.
    @Sendable func act(_ visit: ConsoleVisit, _ form: ConsoleForm) async throws -> Response {
        let collection = visit.context.parameters.get("collection") ?? ""
        guard let subjectType = Self.workflowSubjects[collection] else { throw Problem.notFound() }
        let id = try visit.context.pathID().uuidString.lowercased()
        let name = form["action"] ?? ""
        let fields = console.policies.loaded.workflows.bySubject[subjectType]?.describe(action: name)?.fields ?? []
        let answer = try await visit.send(
            .post, "/v1/credit/\(collection)/\(id)/transitions", ActionForms.body(for: name, fields: fields, form: form), ifMatch: form["version"])
        let back = visit.has("regulator") ? "/credit" : "/credit#\(collection)"
        let code = visit.has("regulator") ? nil : visit.organization["creditCode"] as? String
        return try await after(visit, answer, kind: name, id: id, back: back, creditCode: code)
    }

    @Sendable func issueGrade(_ visit: ConsoleVisit, _ form: ConsoleForm) async throws -> Response {
        let code = visit.context.parameters.get("creditCode") ?? ""
        var body: [String: JSONValue] = [:]
        if let grade = form.text("grade") { body["grade"] = .string(grade) }
        if let reason = form.text("reason") { body["reason"] = .string(reason) }
        let answer = try await visit.send(.post, "/v1/credit/subjects/\(code)/grades", .object(body))
        return try await after(
            visit, answer, kind: "grade", id: code, back: "/credit/subjects/\(code)", creditCode: code)
    }

    @Sendable func approveGrade(_ visit: ConsoleVisit, _ form: ConsoleForm) async throws -> Response {
        let id = try visit.context.pathID().uuidString.lowercased()
        let code = form["creditCode"] ?? ""
        var body: [String: JSONValue] = ["approved": .bool(form["approved"] == "true")]
        if let reason = form.text("reason") { body["reason"] = .string(reason) }
        let answer = try await visit.send(.post, "/v1/credit/grades/\(id)/approval", .object(body))
        return try await after(
            visit, answer, kind: "approval", id: id, back: "/credit/subjects/\(code)", creditCode: code)
    }

    /// Credit repair (信用修复): the enterprise's statement and its commitment, on a record whose repair date came.
    @Sendable func repair(_ visit: ConsoleVisit, _ form: ConsoleForm) async throws -> Response {
        let id = try visit.context.pathID().uuidString.lowercased()
        let code = visit.organization["creditCode"] as? String ?? ""
        let answer = try await visit.send(
            .post, "/v1/credit/records/\(id)/repairs", .object(["statement": text(form, "statement"), "commitment": text(form, "commitment")]))
        return try await after(visit, answer, kind: "repair", id: id, back: "/credit#repairs", creditCode: code)
    }

    @Sendable func object(_ visit: ConsoleVisit, _ form: ConsoleForm) async throws -> Response {
        let id = try visit.context.pathID().uuidString.lowercased()
        let code = visit.organization["creditCode"] as? String ?? ""
        let answer = try await visit.send(.post, "/v1/credit/records/\(id)/objections", .object(["grounds": text(form, "grounds")]))
        return try await after(visit, answer, kind: "objection", id: id, back: "/credit#objections", creditCode: code)
    }
}
