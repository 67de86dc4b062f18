import Foundation

/// What must hold before an objection, a repair application or a commitment is accepted, as pure checks:
/// the windows the model sets and the texts. Every fault is named at once, with its field.
extension CreditModel {
    /// An objection is possible while the record is active and its objection window is open.
    public func objectionProblems(
        grounds: String, recordStatus: ScoredRecord.Status, objectionUntil: CalendarDay, today: CalendarDay
    ) -> [FieldProblem] {
        var problems = Self.textProblems([("grounds", grounds, 1...5000)])
        if recordStatus != .active { problems.append(FieldProblem("recordId", CreditMessage.recordNotActive(recordStatus.rawValue))) }
        if today > objectionUntil { problems.append(FieldProblem("recordId", CreditMessage.objectionWindowClosed(objectionUntil))) }
        return problems
    }

    /// Repair may be applied for once the record's repair date has come (两书同达 told it), for an active
    /// negative record, with a statement of the fulfilled obligations and a signed credit commitment.
    public func repairProblems(
        statement: String, commitment: String, recordKind: String, recordStatus: ScoredRecord.Status, repairFrom: CalendarDay,
        today: CalendarDay
    ) -> [FieldProblem] {
        var problems = Self.textProblems([("statement", statement, 1...5000), ("commitment", commitment, 1...5000)])
        if kind(recordKind)?.isPositive == true {
            problems.append(FieldProblem("recordId", CreditMessage.positiveNotRepaired))
        } else if recordStatus != .active {
            problems.append(FieldProblem("recordId", CreditMessage.recordNotActive(recordStatus.rawValue)))
        } else if today < repairFrom {
            problems.append(FieldProblem("recordId", CreditMessage.repairNotYet(repairFrom)))
        }
        return problems
    }

    /// A commitment needs a purpose, a text and a validity that ends after today and within five years.
    public func commitmentProblems(purpose: String, text: String, validUntil: String, today: CalendarDay) -> [FieldProblem] {
        var problems = Self.textProblems([("text", text, 1...5000)])
        if CommitmentPurpose(rawValue: purpose) == nil {
            problems.append(FieldProblem("purpose", FieldMessage.oneOf(CommitmentPurpose.allCases.map(\.rawValue))))
        }
        if let day = CalendarDay(validUntil) {
            if day <= today || day > today.adding(months: 60) {
                problems.append(FieldProblem("validUntil", CreditMessage.validityRange))
            }
        } else {
            problems.append(FieldProblem("validUntil", FieldMessage.day))
        }
        return problems
    }

    static func textProblems(_ texts: [(String, String, ClosedRange<Int>)]) -> [FieldProblem] {
        texts.filter { !fits($0.1, $0.2) }.map { FieldProblem($0.0, FieldMessage.length($0.2)) }
    }
}
