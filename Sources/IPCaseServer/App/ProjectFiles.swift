public import Foundation

/// The data files the binary reads at run time: migrations, policies, the OpenAPI document and the console.
///
/// They are plain files beside the sources rather than bundled resources, so that a district can read and
/// change its policies where it deploys, and the container image simply copies the folders.
public struct ProjectFiles: Sendable {
    public let root: URL

    public init(root: URL) {
        self.root = root.standardizedFileURL
    }

    public var migrations: URL { root.appendingPathComponent("Migrations", isDirectory: true) }
    public var policies: URL { root.appendingPathComponent("Policies", isDirectory: true) }
    public var openAPIDocument: URL { root.appendingPathComponent("openapi.yaml") }
    /// The web console's templates, its texts in both languages and its style sheet.
    public var console: URL { root.appendingPathComponent("Console", isDirectory: true) }

    /// Finds the root: `IPCASE_HOME` if set, else the working directory or the nearest folder above the
    /// executable that holds `Migrations/`. That covers `swift run`, `make run` and the container alike.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ProjectFiles {
        if let home = environment["IPCASE_HOME"], !home.isEmpty {
            let files = ProjectFiles(root: URL(fileURLWithPath: home, isDirectory: true))
            guard files.hasMigrations else { throw ProjectFilesError.notFound(searched: [files.root.path]) }
            return files
        }
        var candidates = [URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)]
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        while folder.path != "/" {
            candidates.append(folder)
            folder.deleteLastPathComponent()
        }
        for candidate in candidates where ProjectFiles(root: candidate).hasMigrations {
            return ProjectFiles(root: candidate)
        }
        throw ProjectFilesError.notFound(searched: candidates.map(\.path))
    }

    var hasMigrations: Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: migrations.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}

public enum ProjectFilesError: Error, CustomStringConvertible {
    case notFound(searched: [String])

    public var description: String {
        switch self {
        case .notFound(let searched):
            "cannot find the Migrations/ folder (looked in \(searched.prefix(3).joined(separator: ", "))…); "
                + "run from the project folder or set IPCASE_HOME"
        }
    }
}
