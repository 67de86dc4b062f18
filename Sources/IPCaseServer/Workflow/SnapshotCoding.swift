import Foundation

/// A workflow subject's JSON form in its table's `snapshot` column (cases, credit applications). Times as seconds since 1970 keep their
/// fractions; keys are sorted so that equal snapshots are equal text.
enum SnapshotCoding {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return decoder
    }()
}
