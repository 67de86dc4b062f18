public import Foundation
public import IPCaseDomain
public import Logging
public import PostgresNIO

/// `ipcase credit recompute`: scores every subject with the model in force, as of a day, and names those
/// whose computed grade is no longer the published one. It streams the records in credit-code order in one
/// query, so memory holds one subject at a time whatever their number; it changes nothing.
public enum CreditRecompute {
    public struct Difference: Sendable, Equatable {
        public let creditCode: String
        public let published: String
        public let computed: String
        public let score: Int
    }

    public struct Report: Sendable {
        public let subjects: Int
        public let records: Int
        public let differences: [Difference]
    }

    /// The model of `Policies/credit-model.yaml` under `folder`, validated as the server validates it.
    public static func model(policies folder: URL) throws -> CreditModel {
        try PolicyStore.loadCreditModel(from: folder)
    }

    /// `progress` is told the number of subjects done so far, now and then.
    public static func run(
        model: CreditModel, asOf day: CalendarDay, on client: Database, logger: Logger,
        progress: @Sendable (Int) -> Void = { _ in }
    ) async throws -> Report {
        var published: [String: String] = [:]
        for try await (code, grade) in try await client.query(
            "SELECT credit_code, grade FROM credit_grades WHERE status = 'published'", logger: logger
        ).decode((String, String).self) { published[code] = grade }

        var subjects = 0, count = 0
        var differences: [Difference] = []
        var current: String?
        var records: [ScoredRecord] = []
        func finish() {
            guard let code = current else { return }
            subjects += 1
            if subjects % 10_000 == 0 { progress(subjects) }
            let assessment = model.assess(records, asOf: day)
            if let grade = published[code], grade != assessment.grade {
                differences.append(Difference(creditCode: code, published: grade, computed: assessment.grade, score: assessment.score))
            }
            published[code] = nil
        }
        let rows = try await client.query(
            """
            SELECT credit_code, id, kind, tier, decision_date - DATE '1970-01-01', status FROM credit_records
            ORDER BY credit_code
            """, logger: logger)
        // The decision date arrives as its day number, which needs no parsing.
        for try await (code, id, kind, tier, decided, status) in rows.decode((String, UUID, String, String?, Int32, String).self) {
            if code != current {
                finish()
                current = code
                records.removeAll(keepingCapacity: true)
            }
            count += 1
            let day = CalendarDay(dayNumber: Int(decided))
            guard let status = ScoredRecord.Status(rawValue: status) else { continue }
            records.append(ScoredRecord(id: id, kind: kind, tier: tier.flatMap(CreditModel.Tier.init(rawValue:)), decisionDate: day, status: status))
        }
        finish()
        // A published grade of a subject with no records left is compared with a clean record's grade.
        for (code, grade) in published {
            let assessment = model.assess([], asOf: day)
            subjects += 1
            if grade != assessment.grade {
                differences.append(Difference(creditCode: code, published: grade, computed: assessment.grade, score: assessment.score))
            }
        }
        progress(subjects)
        return Report(subjects: subjects, records: count, differences: differences.sorted { $0.creditCode < $1.creditCode })
    }
}
