import Foundation
import IPCaseDomain
import Logging
import PostgresNIO

/// Reads what the public views show, a page of subjects at a time in a fixed number of queries.
struct PublicCreditView: Sendable {
    let database: Database
    let records: CreditRecordStore
    let grades: CreditGradeStore
    let model: @Sendable () -> CreditModel
    let clock: any AppClock

    /// The dishonest list, by credit code.
    static let dishonestKeyset = Keyset(list: "dishonestList", [("credit_code", .text)])

    /// The subjects with at least one record inside its publication period today.
    func dishonestList(page: PageRequest, logger: Logger) async throws -> Page<PublicCreditEntry> {
        let today = CalendarDay(clock.now, in: model().timeZone)
        let rows = try await database.query(
            Self.dishonestKeyset.page(
                """
                SELECT DISTINCT credit_code FROM credit_records
                WHERE status = 'active' AND published_until >= \(today.description)::date AND decision_date <= \(today.description)::date
                """, after: page.after, limit: page.limit + 1),
            logger: logger)
        var codes: [String] = []
        for try await code in rows.decode(String.self) { codes.append(code) }
        let entries = try await entries(for: codes, logger: logger)
        return Page(rows: entries, limit: page.limit) { Self.dishonestKeyset.cursor(.text($0.creditCode)) }
    }

    /// The entries of these subjects, in their order, in four queries whatever their number.
    func entries(for codes: [String], logger: Logger) async throws -> [PublicCreditEntry] {
        guard !codes.isEmpty else { return [] }
        let model = model()
        let today = CalendarDay(clock.now, in: model.timeZone)
        let byCode = Dictionary(grouping: try await records.all(of: codes, logger: logger), by: \.creditCode)
        var names: [String: String] = [:]
        for try await (code, name) in try await database.query(
            "SELECT credit_code, name FROM organizations WHERE credit_code = ANY(\(codes))", logger: logger
        ).decode((String, String).self) { names[code] = name }
        var disputed: Set<UUID> = []
        for try await id in try await database.query(
            """
            SELECT record_id FROM credit_applications
            WHERE subject_type = \(CreditObjectionRules.subjectType) AND outcome IS NULL AND credit_code = ANY(\(codes))
            """, logger: logger
        ).decode(UUID.self) { disputed.insert(id) }
        let published = try await grades.published(of: codes, logger: logger)
        return codes.map { code in
            PublicCreditEntry(
                creditCode: code, name: names[code], grade: published[code], records: byCode[code] ?? [], disputed: disputed,
                model: model, today: today)
        }
    }
}
