public import Foundation

// Ids are written in lower case everywhere on the wire and in stored JSON, as in paths, `Location`
// headers and events. `UUID`'s own `Encodable` writes upper case; synthesized conformances in a module
// that sees these overloads pick them over the generic `encode`, so every `id: UUID` field of every
// body is written in lower case without a wrapper type.
extension KeyedEncodingContainer {
    public mutating func encode(_ value: UUID, forKey key: Key) throws {
        try encode(value.uuidString.lowercased(), forKey: key)
    }

    public mutating func encodeIfPresent(_ value: UUID?, forKey key: Key) throws {
        guard let value else { return }
        try encode(value.uuidString.lowercased(), forKey: key)
    }

    public mutating func encode(_ value: [UUID], forKey key: Key) throws {
        try encode(value.map { $0.uuidString.lowercased() }, forKey: key)
    }
}
