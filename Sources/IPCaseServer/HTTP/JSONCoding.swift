public import Foundation

/// The one JSON encoder and decoder of the API, so that every body spells dates and keys the same way.
public enum JSONCoding {
    /// Keys in the order the types declare them: sorting costs time on every response and nothing reads
    /// the order. A dictionary's keys come out in any order.
    public static let encoder = makeEncoder(sortingKeys: false)

    /// Keys sorted, so that equal values are equal bytes: for bodies whose `ETag` is a hash of their bytes
    /// (`ConditionalGET`), which must not change between processes.
    public static let stableEncoder = makeEncoder(sortingKeys: true)

    private static func makeEncoder(sortingKeys: Bool) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(RFC3339.string(from: date))
        }
        encoder.outputFormatting = sortingKeys ? [.sortedKeys, .withoutEscapingSlashes] : [.withoutEscapingSlashes]
        return encoder
    }

    public static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = RFC3339.date(from: text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected an RFC 3339 time")
            }
            return date
        }
        return decoder
    }()
}

/// RFC 3339 UTC times with milliseconds, e.g. `2026-11-29T10:54:58.123Z`.
public enum RFC3339 {
    static let withFraction = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
    static let withoutFraction = Date.ISO8601FormatStyle()

    public static func string(from date: Date) -> String {
        withFraction.format(date)
    }

    public static func date(from text: String) -> Date? {
        (try? withFraction.parse(text)) ?? (try? withoutFraction.parse(text))
    }
}
