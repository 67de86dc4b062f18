import Foundation

/// The fields of `attachEvidence`, as the evidence endpoint fills them: the stored document's id, and the
/// enterprise's items, dates and the version it supersedes.
struct EvidenceFields {
    let fields: [String: JSONValue]

    init(_ fields: [String: JSONValue]) { self.fields = fields }

    var itemIds: [String] {
        guard case .array(let values)? = fields["items"] else { return [] }
        return values.compactMap { if case .string(let id) = $0 { id } else { nil } }
    }

    private func day(_ name: String) -> CalendarDay? {
        if case .string(let text)? = fields[name] { CalendarDay(text) } else { nil }
    }

    private func string(_ name: String) -> String? {
        if case .string(let text)? = fields[name], !text.isEmpty { text } else { nil }
    }

    /// What keeps the fields from becoming evidence of the assessment, each naming its field.
    func problems(on subject: ComplianceAssessment) -> [FieldProblem] {
        var problems: [FieldProblem] = []
        if case .array(let values)? = fields["items"], !values.isEmpty, itemIds.count == values.count {
            if let unknown = itemIds.first(where: { subject.scheme.item($0) == nil }) {
                problems.append(FieldProblem("items", ComplianceMessage.unknownItem(unknown)))
            }
        } else {
            problems.append(FieldProblem("items", ComplianceMessage.evidenceItemsNeeded))
        }
        let effective = day("effectiveOn")
        if effective == nil { problems.append(FieldProblem("effectiveOn", ComplianceMessage.notADate("effectiveOn"))) }
        if let value = fields["expiresOn"], value != .null {
            if let expires = day("expiresOn") {
                if let effective, expires < effective {
                    problems.append(FieldProblem("expiresOn", ComplianceMessage.expiresBeforeEffective(effective: effective, expires: expires)))
                }
            } else {
                problems.append(FieldProblem("expiresOn", ComplianceMessage.notADate("expiresOn")))
            }
        }
        if let text = string("supersedes") {
            let current = subject.evidence.first { $0.documentId.uuidString.lowercased() == text.lowercased() && $0.supersededBy == nil }
            if current == nil { problems.append(FieldProblem("supersedes", ComplianceMessage.notCurrentEvidence(text))) }
        }
        return problems
    }

    func add(to subject: inout ComplianceAssessment, by userId: UUID?, at now: Date) {
        guard let documentId = string("documentId").flatMap(UUID.init(uuidString:)), let effective = day("effectiveOn") else { return }
        let supersedes = string("supersedes").flatMap(UUID.init(uuidString:))
        var version = 1
        if let supersedes, let index = subject.evidence.firstIndex(where: { $0.documentId == supersedes }) {
            subject.evidence[index].supersededBy = documentId
            version = subject.evidence[index].version + 1
        }
        subject.evidence.append(ComplianceEvidence(
            documentId: documentId, itemIds: itemIds,
            effectiveOn: effective, expiresOn: day("expiresOn"), version: version, supersedes: supersedes, addedBy: userId,
            addedAt: now))
    }
}

/// The `findings` field of a review: `[{"itemId", "result", "comment", "return"}]`.
struct FindingFields {
    struct Finding {
        let itemId: String
        let result: ItemResult?
        let comment: String?
        let returned: Bool
    }

    let findings: [Finding]
    /// The first entry at fault, naming it (`findings[2]`).
    let problem: FieldProblem?

    private static func fail(_ index: Int, _ message: LocalizedText) -> FindingFields {
        FindingFields(findings: [], problem: FieldProblem("findings[\(index)]", message))
    }

    static func read(_ value: JSONValue?, on subject: ComplianceAssessment) -> FindingFields {
        guard let value else { return FindingFields(findings: [], problem: nil) }
        guard case .array(let entries) = value else {
            return FindingFields(findings: [], problem: FieldProblem("findings", ComplianceMessage.findingShape(0)))
        }
        var findings: [Finding] = [], seen: Set<String> = []
        for (index, entry) in entries.enumerated() {
            guard case .object(let parts) = entry, case .string(let itemId)? = parts["itemId"],
                  Set(parts.keys).isSubset(of: ["itemId", "result", "comment", "return"])
            else { return fail(index, ComplianceMessage.findingShape(index)) }
            guard subject.scheme.item(itemId) != nil else { return fail(index, ComplianceMessage.unknownItem(itemId)) }
            guard seen.insert(itemId).inserted else {
                return fail(index, ComplianceMessage.findingTwice(itemId))
            }
            var result: ItemResult?
            switch parts["result"] {
            case nil, .null?: result = nil
            case .string(let text)?:
                guard let known = ItemResult(rawValue: text) else {
                    return fail(index, ComplianceMessage.resultOneOf(ItemResult.allCases.map(\.rawValue)))
                }
                result = known
            default: return fail(index, ComplianceMessage.findingShape(index))
            }
            var comment: String?
            if case .string(let text)? = parts["comment"] {
                let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
                guard trimmed.count <= 2000 else { return fail(index, ComplianceMessage.findingShape(index)) }
                comment = trimmed.isEmpty ? nil : trimmed
            } else if parts["comment"] != nil, parts["comment"] != .null {
                return fail(index, ComplianceMessage.findingShape(index))
            }
            let returned: Bool
            switch parts["return"] {
            case nil, .null?: returned = false
            case .bool(let flag)?: returned = flag
            default: return fail(index, ComplianceMessage.findingShape(index))
            }
            if returned, comment == nil { return fail(index, ComplianceMessage.returnNeedsComment(itemId)) }
            if result == nil, comment == nil { return fail(index, ComplianceMessage.findingEmpty(itemId)) }
            findings.append(Finding(itemId: itemId, result: result, comment: comment, returned: returned))
        }
        return FindingFields(findings: findings, problem: nil)
    }
}
