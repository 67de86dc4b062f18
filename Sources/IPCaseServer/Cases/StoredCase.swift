import Foundation
import IPCaseDomain

/// A case as read from the database: the domain's snapshot and the row version its ETag carries.
typealias StoredCase = VersionedSubject<CaseSnapshot>

/// The snapshot's JSON form in the `snapshot` column. Times as seconds since 1970 keep their
/// fractions; keys are sorted so that equal snapshots are equal text.
enum CaseSnapshotCoding {
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
