import Foundation
import NIOCore

/// A `multipart/form-data` body (RFC 7578), split into its parts. Small on purpose: uploads need the
/// parts' names, filenames, types and bytes, and nothing more.
struct MultipartForm {
    struct Part {
        let name: String
        let filename: String?
        let contentType: String?
        let body: [UInt8]
    }

    let parts: [Part]

    enum ParseError: Error, Equatable {
        case noBoundary
        case malformed(String)
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

    init(body: ByteBuffer, boundary: String) throws {
        let bytes = Array(body.readableBytesView)
        let delimiter = Array("--\(boundary)".utf8)
        var parts: [Part] = []
        guard var position = Self.find(delimiter, in: bytes, from: 0) else { throw ParseError.malformed("no boundary line") }
        position += delimiter.count
        while true {
            // After a delimiter: "--" ends the body, CRLF starts a part.
            if bytes[position...].starts(with: Array("--".utf8)) { break }
            guard bytes[position...].starts(with: [13, 10]) else { throw ParseError.malformed("a boundary line is not followed by CRLF") }
            position += 2
            guard let headerEnd = Self.find([13, 10, 13, 10], in: bytes, from: position) else {
                throw ParseError.malformed("a part has no end of headers")
            }
            let headers = String(decoding: bytes[position..<headerEnd], as: UTF8.self)
            let contentStart = headerEnd + 4
            guard let next = Self.find([13, 10] + delimiter, in: bytes, from: contentStart) else {
                throw ParseError.malformed("a part is not closed by the boundary")
            }
            parts.append(try Self.part(headers: headers, body: Array(bytes[contentStart..<next])))
            position = next + 2 + delimiter.count
        }
        self.parts = parts
    }

    func part(named name: String) -> Part? { parts.first { $0.name == name } }

    /// The text of a non-file part.
    func text(_ name: String) -> String? { part(named: name).map { String(decoding: $0.body, as: UTF8.self) } }

    private static func part(headers: String, body: [UInt8]) throws -> Part {
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
        return Part(name: name, filename: filename, contentType: contentType, body: body)
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        var index = start
        let first = needle[0]
        while index <= haystack.count - needle.count {
            if haystack[index] == first, haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
