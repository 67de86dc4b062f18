import Foundation
import IPCaseDomain

/// A case as read from the database: the domain's snapshot and the row version its ETag carries.
typealias StoredCase = VersionedSubject<CaseSnapshot>
