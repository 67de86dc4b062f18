/// Why the embedded cluster could not run, each said in one line that tells the operator what to change.
public enum EmbeddedPostgresError: Error, CustomStringConvertible {
    case binariesMissing
    case unprivilegedUserMissing(String)
    case folderNotTraversable(folder: String, user: String)
    case commandFailed(String)

    public var description: String {
        switch self {
        case .binariesMissing:
            "PostgreSQL server binaries (initdb, pg_ctl) not found on PATH or under /usr/lib/postgresql/*/bin: "
                + "install the 'postgresql' package (apt-get install postgresql) or set DATABASE_URL"
        case .unprivilegedUserMissing(let user):
            "running as root, the embedded PostgreSQL must run as the '\(user)' user, which does not exist: "
                + "install the 'postgresql' package or set DATABASE_URL"
        case .folderNotTraversable(let folder, let user):
            "the '\(user)' user cannot enter \(folder), so it cannot reach the embedded cluster's data: "
                + "set IPCASE_DATA_DIR to a folder outside it (e.g. /var/tmp/ipcase) or run 'chmod o+x \(folder)'"
        case .commandFailed(let detail):
            "embedded PostgreSQL: \(detail)"
        }
    }
}
