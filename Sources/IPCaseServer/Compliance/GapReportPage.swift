import Foundation
import IPCaseDomain

/// The gap report as a printable page: a bar per section drawn as inline SVG, then the gaps, mandatory first.
/// Every text comes from the template or `ComplianceReportText` in the reader's language; everything the
/// enterprise or reviewer wrote is escaped. No script, no external resource.
struct GapReportPage {
    let report: ComplianceGapReport
    let assessment: ComplianceAssessment
    let template: ChecklistTemplate
    let organizationName: String
    let language: Language
    let timeZone: TimeZone
    let generatedAt: Date

    private func t(_ text: LocalizedText) -> String { Self.escape(text.text(in: language)) }

    var html: String {
        let T = ComplianceReportText.self
        let score = report.score.map { String(format: "%.1f", $0) } ?? t(T.notScored)
        var rows = ""
        for gap in report.gaps {
            rows += """
                <tr\(gap.mandatory ? " class=\"mandatory\"" : "")>
                <td>\(Self.escape(gap.itemId))</td><td>\(t(gap.sectionTitle))</td><td>\(Self.escape(gap.clause))</td>
                <td>\(t(gap.mandatory ? T.mandatory : T.recommended))</td><td>\(t(gap.text))</td>
                <td>\(t(T.result(gap.result)))</td><td>\(gap.ownResult.map { t(T.result($0)) } ?? "—")</td>
                <td>\(gap.reviewerComment.map(Self.escape) ?? "")</td><td>\(t(gap.typicalEvidence))</td>
                </tr>

                """
        }
        let table = report.gaps.isEmpty ? "<p>\(t(T.noGaps))</p>" : """
            <table>
            <thead><tr><th>\(t(T.item))</th><th>\(t(T.section))</th><th>\(t(T.clause))</th><th>\(t(T.importance))</th>
            <th></th><th>\(t(T.result))</th><th>\(t(T.ownResult))</th><th>\(t(T.reviewerComment))</th><th>\(t(T.typicalEvidence))</th></tr></thead>
            <tbody>
            \(rows)</tbody>
            </table>
            """
        return """
            <!doctype html>
            <html lang="\(language == .en ? "en" : "zh-CN")">
            <head>
            <meta charset="utf-8">
            <title>\(t(T.gapReportTitle)) · \(Self.escape(organizationName))</title>
            <style>
            body { font-family: system-ui, "PingFang SC", "Microsoft YaHei", sans-serif; margin: 2rem; color: #1a1a1a; }
            h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; margin-top: 2rem; }
            dl { display: grid; grid-template-columns: max-content auto; gap: .25rem 1rem; }
            dt { font-weight: 600; }
            table { border-collapse: collapse; width: 100%; font-size: .85rem; }
            th, td { border: 1px solid #999; padding: .3rem .4rem; vertical-align: top; text-align: left; }
            tr.mandatory td:first-child { border-left: 4px solid #a40000; }
            svg text { font-size: 12px; fill: #1a1a1a; }
            @media print { body { margin: 0; } }
            </style>
            </head>
            <body>
            <h1>\(t(T.gapReportTitle))</h1>
            <dl>
            <dt>\(t(T.enterprise))</dt><dd>\(Self.escape(organizationName)) (\(Self.escape(assessment.creditCode)))</dd>
            <dt>\(t(T.template))</dt><dd>\(t(template.title)) · \(Self.escape(assessment.templateId)) \(Self.escape(assessment.templateVersion))</dd>
            <dt>\(t(T.state))</dt><dd>\(Self.escape(assessment.state))</dd>
            <dt>\(t(T.score))</dt><dd>\(score)</dd>
            <dt>\(t(T.level))</dt><dd>\(t(report.levelName))</dd>
            <dt>\(t(T.generatedAt))</dt><dd>\(Self.escape(Self.timestamp(generatedAt, in: timeZone)))</dd>
            </dl>
            <h2>\(t(T.sectionScores))</h2>
            \(chart)
            <h2>\(t(T.gaps))</h2>
            \(table)
            </body>
            </html>

            """
    }

    /// One horizontal bar per section, 0 to 100, with the level bands' thresholds as dashed lines.
    private var chart: String {
        let labelWidth = 260, barWidth = 400, rowHeight = 24
        let height = report.sections.count * rowHeight + 24
        var body = ""
        for (index, section) in report.sections.enumerated() {
            let y = index * rowHeight + 4
            let value = section.score ?? 0
            let width = Int((value / 100 * Double(barWidth)).rounded())
            let label = section.score.map { String(format: "%.1f", $0) } ?? t(ComplianceReportText.notScored)
            body += """
                <text x="0" y="\(y + 15)">\(t(section.title))</text>
                <rect x="\(labelWidth)" y="\(y)" width="\(barWidth)" height="18" fill="#e6e6e6"/>
                <rect x="\(labelWidth)" y="\(y)" width="\(width)" height="18" fill="\(value >= 75 ? "#2e6b30" : value >= 60 ? "#8a6d00" : "#a40000")"/>
                <text x="\(labelWidth + barWidth + 6)" y="\(y + 15)">\(label)</text>

                """
        }
        for level in template.levels where level.minimumScore > 0 {
            let x = labelWidth + level.minimumScore * barWidth / 100
            body += """
                <line x1="\(x)" y1="0" x2="\(x)" y2="\(height - 16)" stroke="#333" stroke-dasharray="3 3"/>
                <text x="\(x - 8)" y="\(height - 2)">\(level.minimumScore)</text>

                """
        }
        return """
            <svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="\(t(ComplianceReportText.sectionScores))" width="\(labelWidth + barWidth + 60)" height="\(height)" viewBox="0 0 \(labelWidth + barWidth + 60) \(height)">
            \(body)</svg>
            """
    }

    static func escape(_ text: String) -> String { HTMLText.escape(text) }

    private static func timestamp(_ date: Date, in timeZone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }
}
