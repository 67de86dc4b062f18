import Foundation
import IPCaseDomain
public import Logging
import Synchronization

/// Writes each log record as one JSON line on standard output, the shape log collectors ingest as is.
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String

    /// Lines from many threads must not interleave.
    private static let output = Mutex(FileHandle.standardOutput)

    public init(label: String, level: Logger.Level) {
        self.label = label
        self.logLevel = level
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields: [String: JSONValue] = [
            "time": .string(RFC3339.string(from: Date())),
            "level": .string(event.level.rawValue),
            "message": .string(event.message.description),
            "logger": .string(label),
        ]
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        for (key, value) in merged where fields[key] == nil {
            fields[key] = Self.json(value)
        }
        // Sorted keys: the same field in the same place on every line, for whoever reads the log.
        guard var line = try? JSONCoding.stableEncoder.encode(JSONValue.object(fields)) else { return }
        line.append(0x0A)
        Self.output.withLock { $0.write(line) }
    }

    static func json(_ value: Logger.Metadata.Value) -> JSONValue {
        switch value {
        case .string(let text): .string(text)
        case .stringConvertible(let value): .string(value.description)
        case .array(let values): .array(values.map(json))
        case .dictionary(let values): .object(values.mapValues(json))
        }
    }
}
