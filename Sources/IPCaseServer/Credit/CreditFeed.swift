import Foundation
import IPCaseDomain
import Logging
import PostgresNIO

/// The partner feed: each change to a published record, appended in the transaction that made it, in the
/// national 双公示 administrative-penalty columns. Partners pull it with `GET /v1/credit/feed?after=`.
struct CreditFeed: Sendable {
    enum Change: String, Codable, Sendable {
        case added, amended, removed
    }

    enum RemovalReason: String, Codable, Sendable {
        case repaired, revoked, expired
    }

    let database: Database
    let model: @Sendable () -> CreditModel

    /// Appends a change of `recordId`, as the record stands in this transaction. Records the public never
    /// saw (unpublished tiers) are not shared, so they have no feed entries either.
    func append(
        _ change: Change, reason: RemovalReason? = nil, recordId: UUID, disputed: Bool = false, now: Date,
        on connection: PostgresConnection, logger: Logger
    ) async throws {
        let rows = try await connection.query(
            """
            SELECT r.credit_code, r.kind, r.tier, r.decision_number, r.legal_basis, r.facts, r.decision_date::text,
                   r.published_until::text, s.name, a.name, a.credit_code,
                   EXISTS (SELECT 1 FROM credit_feed f WHERE f.record_id = r.id)
            FROM credit_records r
            LEFT JOIN organizations s ON s.credit_code = r.credit_code
            JOIN organizations a ON a.id = r.recording_organization_id
            WHERE r.id = \(recordId)
            """, logger: logger)
        for try await (code, kind, tier, number, basis, facts, decided, published, subjectName, authority, authorityCode, shared)
            in rows.decode((String, String, String?, String, String, String, String, String?, String?, String, String?, Bool).self)
        {
            guard let published else { return }
            // Only what was added is amended or removed: a partner never hears of a record it never had.
            guard change == .added || shared else { return }
            let model = model()
            let penalty = ShuangGongShiPenalty(
                cf_xdr_mc: subjectName, cf_xdr_shxym: code, cf_wsh: number, cf_wfxw: model.kind(kind)?.name.zh ?? kind,
                cf_sy: facts, cf_yj: basis, cf_cflb: tier.flatMap { CreditModel.Tier(rawValue: $0) }.flatMap { model.tiers[$0]?.name.zh },
                cf_nr: model.measures.map(\.zh).joined(separator: "；"), cf_jdrq: decided, cf_gsjzq: published, cf_cfjg: authority,
                cf_cfjgdm: authorityCode, cf_sjly: authority)
            let entry = String(decoding: try JSONCoding.encoder.encode(penalty), as: UTF8.self)
            try await connection.query(
                """
                INSERT INTO credit_feed (record_id, credit_code, change, reason, disputed, entry, at)
                VALUES (\(recordId), \(code), \(change.rawValue), \(reason?.rawValue), \(disputed), \(entry)::jsonb, \(now))
                """, logger: logger)
        }
    }

    static let keyset = Keyset(list: "creditFeed", [("seq", .integer)])

    /// For each of the subject's records the feed still publishes, its latest entry's number.
    func publishedEntries(of creditCode: String, logger: Logger) async throws -> [Int64] {
        let rows = try await database.query(
            """
            SELECT seq FROM (
                SELECT DISTINCT ON (record_id) seq, change FROM credit_feed WHERE credit_code = \(creditCode)
                ORDER BY record_id, seq DESC) latest
            WHERE change <> 'removed' ORDER BY seq
            """, logger: logger)
        var found: [Int64] = []
        for try await seq in rows.decode(Int64.self) { found.append(seq) }
        return found
    }

    func page(after cursor: ListCursor?, limit: Int, logger: Logger) async throws -> Page<CreditFeedEntry> {
        let rows = try await database.query(
            Self.keyset.page(
                "SELECT seq, record_id, change, reason, disputed, entry::text, at FROM credit_feed WHERE true",
                after: cursor, limit: limit + 1),
            logger: logger)
        var entries: [CreditFeedEntry] = []
        for try await (seq, recordId, change, reason, disputed, entry, at) in rows.decode(
            (Int, UUID, String, String?, Bool, String, Date).self)
        {
            entries.append(CreditFeedEntry(
                seq: seq, cursor: Self.keyset.cursor(.integer(seq)).encoded, change: Change(rawValue: change) ?? .amended,
                reason: reason.flatMap(RemovalReason.init(rawValue:)), disputed: disputed, at: at, recordId: recordId,
                record: try JSONDecoder().decode(ShuangGongShiPenalty.self, from: Data(entry.utf8))))
        }
        return Page(rows: entries, limit: limit) { Self.keyset.cursor(.integer($0.seq)) }
    }
}

/// One entry of the partner feed.
struct CreditFeedEntry: Encodable, Sendable {
    /// The feed's own order; partners hold `cursor` instead.
    let seq: Int
    /// Where to continue after this entry: `?after=<cursor>`.
    let cursor: String
    let change: CreditFeed.Change
    /// Why a record was removed; partners purge it.
    let reason: CreditFeed.RemovalReason?
    /// An objection to the record is pending.
    let disputed: Bool
    let at: Date
    let recordId: UUID
    let record: ShuangGongShiPenalty

    enum CodingKeys: String, CodingKey { case cursor, change, reason, disputed, at, recordId, record }
}

/// A record in the columns of the national 双公示 administrative-penalty data standard, so that a partner
/// loads it as it loads any other authority's penalties. The mapping is documented in openapi.yaml.
struct ShuangGongShiPenalty: Codable, Sendable {
    /// 行政相对人名称
    let cf_xdr_mc: String?
    /// 行政相对人统一社会信用代码
    let cf_xdr_shxym: String
    /// 行政处罚决定书文号
    let cf_wsh: String
    /// 违法行为类型
    let cf_wfxw: String
    /// 违法事实
    let cf_sy: String
    /// 处罚依据
    let cf_yj: String
    /// 处罚类别: the severity tier
    let cf_cflb: String?
    /// 处罚内容: the measures of art. 9
    let cf_nr: String
    /// 处罚决定日期
    let cf_jdrq: String
    /// 公示截止期
    let cf_gsjzq: String
    /// 处罚机关
    let cf_cfjg: String
    /// 处罚机关统一社会信用代码
    let cf_cfjgdm: String?
    /// 数据来源单位
    let cf_sjly: String
}
