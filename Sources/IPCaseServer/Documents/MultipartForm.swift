import Foundation
import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// A `multipart/form-data` body (RFC 7578), read part by part as it arrives, so that a file part of any
/// size passes through in pieces and is never held whole. Small on purpose: uploads need the parts'
/// names, filenames, types and bytes, and nothing more.
struct MultipartForm<Body: AsyncIteratorProtocol> where Body.Element == ByteBuffer {
    struct PartHead: Equatable {
        let name: String
        let filename: String?
        let contentType: String?
    }

    enum ParseError: Error, Equatable {
        case malformed(String)
    }

    /// A part's headers may not exceed this, nor a text part's value.
    static var maxHeadBytes: Int { 16 * 1024 }

    private var body: Body
    private var buffer = ByteBuffer()
    private var ended = false
    private let delimiter: [UInt8]
    /// Where the reader is: before the first part, at a part's head, in its body, or past the last.
    private var position = Position.preamble
    private enum Position { case preamble, head, body, done }

    init(body: Body, boundary: String) {
        self.body = body
        delimiter = Array("\r\n--\(boundary)".utf8)
        // The first delimiter may open the body, without the CRLF before it.
        buffer.writeBytes([13, 10])
    }

    /// The boundary parameter of a `multipart/form-data` content type.
    static func boundary(of contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, pair[0].lowercased() == "boundary" else { continue }
            let value = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            return value.isEmpty || value.count > 70 ? nil : value
        }
        return nil
    }

    /// The head of the next part, or nil after the last. A part's body not read is skipped.
    mutating func nextPart() async throws -> PartHead? {
        if position == .body { try await streamBody { _ in } }
        if position == .preamble {
            try await streamBody { _ in }  // anything before the first delimiter is ignored
        }
        guard position == .head else { return nil }
        guard let end = try await find([13, 10, 13, 10], within: Self.maxHeadBytes) else {
            throw ParseError.malformed("a part has no end of headers")
        }
        let head = buffer.readString(length: end) ?? ""
        buffer.moveReaderIndex(forwardBy: 4)
        position = .body
        return try Self.head(head)
    }

    /// The body of the current part, piece by piece as it arrives.
    mutating func streamBody(_ consume: (ByteBuffer) async throws -> Void) async throws {
        while true {
            if let end = Self.index(of: delimiter, in: buffer) {
                if end > 0, let piece = buffer.readSlice(length: end) { try await consume(piece) }
                buffer.moveReaderIndex(forwardBy: delimiter.count)
                try await afterDelimiter()
                return
            }
            // Everything but what could be the start of a delimiter can go now.
            let safe = buffer.readableBytes - (delimiter.count - 1)
            if safe > 0, let piece = buffer.readSlice(length: safe) { try await consume(piece) }
            guard try await fill() else { throw ParseError.malformed("a part is not closed by the boundary") }
        }
    }

    /// Reads whatever follows the form (a closing CRLF, an epilogue) to the end of the body: a request
    /// whose body is left half read would keep its connection from the next request.
    mutating func drain() async throws {
        buffer.clear()
        while try await fill() { buffer.clear() }
    }

    /// The whole body of the current part, which may not exceed `limit` bytes.
    mutating func collectBody(limit: Int = maxHeadBytes) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        try await streamBody { piece in
            guard bytes.count + piece.readableBytes <= limit else { throw ParseError.malformed("a text part is too long") }
            bytes += piece.readableBytesView
        }
        return bytes
    }

    /// After a delimiter: `--` ends the form, CRLF starts a part.
    private mutating func afterDelimiter() async throws {
        while buffer.readableBytes < 2 {
            guard try await fill() else { throw ParseError.malformed("the body ends inside a boundary line") }
        }
        let next = buffer.readBytes(length: 2) ?? []
        switch next {
        case [45, 45]: position = .done
        case [13, 10]: position = .head
        default: throw ParseError.malformed("a boundary line is not followed by CRLF")
        }
    }

    /// Reads until `needle` is in the buffer (within `limit` bytes) and returns where it starts.
    private mutating func find(_ needle: [UInt8], within limit: Int) async throws -> Int? {
        while true {
            if let index = Self.index(of: needle, in: buffer) { return index }
            guard buffer.readableBytes <= limit, try await fill() else { return nil }
        }
    }

    /// Appends the next piece of the body; false at its end.
    private mutating func fill() async throws -> Bool {
        guard !ended else { return false }
        guard var piece = try await body.next() else {
            ended = true
            return false
        }
        buffer.discardReadBytes()
        buffer.writeBuffer(&piece)
        return true
    }

    private static func index(of needle: [UInt8], in buffer: ByteBuffer) -> Int? {
        // memchr finds each candidate first byte at C speed; a debug build would crawl byte by byte through 20 MiB.
        buffer.withUnsafeReadableBytes { haystack -> Int? in
            needle.withUnsafeBytes { needle -> Int? in
                guard let base = haystack.baseAddress, let first = needle.first else { return nil }
                var start = 0
                while haystack.count - start >= needle.count,
                      let found = memchr(base + start, Int32(first), haystack.count - start - needle.count + 1) {
                    let offset = base.distance(to: UnsafeRawPointer(found))
                    if memcmp(found, needle.baseAddress!, needle.count) == 0 { return offset }
                    start = offset + 1
                }
                return nil
            }
        }
    }

    private static func head(_ headers: String) throws -> PartHead {
        var name: String?, filename: String?, contentType: String?
        for line in headers.components(separatedBy: "\r\n") {
            let pair = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else { continue }
            switch pair[0].lowercased() {
            case "content-disposition":
                for parameter in pair[1].split(separator: ";").dropFirst() {
                    let item = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                    guard item.count == 2 else { continue }
                    let value = item[1].hasPrefix("\"") && item[1].hasSuffix("\"") && item[1].count >= 2
                        ? String(item[1].dropFirst().dropLast()) : item[1]
                    switch item[0].lowercased() {
                    case "name": name = value
                    case "filename": filename = value
                    default: break
                    }
                }
            case "content-type": contentType = pair[1]
            default: break
            }
        }
        guard let name else { throw ParseError.malformed("a part has no name") }
        return PartHead(name: name, filename: filename, contentType: contentType)
    }
}
