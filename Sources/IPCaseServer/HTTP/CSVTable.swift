import Foundation
import HTTPTypes
import Hummingbird
import NIOFoundationCompat

/// The one CSV writer of every export: RFC 4180 quoting, CRLF line ends, and UTF-8 with a byte-order mark
/// so that Excel opens Chinese text as such. A cell that a spreadsheet would read as a formula (`=`, `+`,
/// `-`, `@` first) is prefixed with `'`: an enterprise's note must not run in a regulator's Excel.
struct CSVTable: Sendable {
    private var lines: [String]

    init(header: [String]) {
        lines = [Self.line(header)]
    }

    mutating func append(_ cells: [String]) { lines.append(Self.line(cells)) }

    var data: Data { Data([0xEF, 0xBB, 0xBF]) + Data(lines.joined().utf8) }

    /// Served as a download named `filename`.
    func response(filename: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/csv; charset=utf-8"
        headers[.contentDisposition] = DocumentDownload.attachment(filename)
        headers[.cacheControl] = "private, no-store"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(data: data)))
    }

    private static func line(_ cells: [String]) -> String { cells.map(escape).joined(separator: ",") + "\r\n" }

    private static func escape(_ cell: String) -> String {
        var text = cell
        if let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { text = "'" + text }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
