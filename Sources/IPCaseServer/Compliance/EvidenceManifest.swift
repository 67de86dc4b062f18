import Foundation
import IPCaseDomain

/// What an evidence package holds, as `manifest.json` and `manifest.csv`: each file's path in the ZIP, its
/// SHA-256 as recorded at upload (and in the assessment's chain), its items and the days it is in force.
struct EvidenceManifest: Encodable, Sendable {
    struct Entry: Encodable, Sendable {
        let path: String
        let documentId: UUID
        let filename: String
        let sha256: String
        let size: Int
        let itemIds: [String]
        let effectiveOn: CalendarDay
        let expiresOn: CalendarDay?
        let version: Int
    }

    let assessmentId: UUID
    let templateId: String
    let templateVersion: String
    let templateHash: String
    let generatedAt: Date
    let files: [Entry]

    func json() throws -> Data { try SnapshotCoding.encoder.encode(self) }

    /// The same as CSV, UTF-8 with a byte-order mark so that Excel shows Chinese filenames.
    func csv() -> Data {
        var table = CSVTable(header: ["path", "sha256", "size", "items", "effectiveOn", "expiresOn", "version"])
        for file in files {
            table.append([
                file.path, file.sha256, String(file.size), file.itemIds.joined(separator: " "), file.effectiveOn.description,
                file.expiresOn?.description ?? "", String(file.version),
            ])
        }
        return table.data
    }
}
