import Foundation

/// Charts drawn by the server as inline SVG: no script, no library, readable by a screen reader through its
/// title and the table of the same figures that every chart has beside it. A bar's label is what the API named
/// (`data-api`, as every text of the pages that the console did not write).
enum SVGChart {
    struct Bar {
        let label: String
        let value: Double
        /// `bad`, `good` or nothing: the style sheet colours it.
        var tone: String = ""
    }

    /// Horizontal bars, one per row, scaled to `maximum` (the largest value when absent).
    static func bars(_ bars: [Bar], title: String, maximum: Double? = nil) -> String {
        let top = max(maximum ?? bars.map(\.value).max() ?? 1, 1)
        let rowHeight = 26, labelWidth = 220, barWidth = 320
        let height = max(bars.count, 1) * rowHeight + 10
        var svg = """
            <svg class="chart" role="img" aria-label="\(HTMLText.escape(title))" viewBox="0 0 \(labelWidth + barWidth + 60) \(height)" \
            xmlns="http://www.w3.org/2000/svg"><title>\(HTMLText.escape(title))</title>
            """
        for (index, bar) in bars.enumerated() {
            let y = index * rowHeight + 5
            let width = Int((bar.value / top * Double(barWidth)).rounded())
            let label = bar.label.count > 28 ? String(bar.label.prefix(27)) + "…" : bar.label
            svg += """
                <text x="\(labelWidth - 8)" y="\(y + 16)" text-anchor="end" data-api>\(HTMLText.escape(label))</text>\
                <rect class="bar \(bar.tone)" x="\(labelWidth)" y="\(y + 3)" width="\(max(width, 1))" height="\(rowHeight - 8)"/>\
                <text x="\(labelWidth + max(width, 1) + 6)" y="\(y + 16)">\(format(bar.value))</text>
                """
        }
        return svg + "<line class=\"axis\" x1=\"\(labelWidth)\" y1=\"0\" x2=\"\(labelWidth)\" y2=\"\(height)\"/></svg>"
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }
}
