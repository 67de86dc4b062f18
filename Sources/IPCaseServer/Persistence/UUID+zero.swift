import Foundation

extension UUID {
    /// Sorts before every other id: where a first page starts.
    static let zero = UUID(uuidString: "00000000-0000-0000-0000-000000000000")!
}
