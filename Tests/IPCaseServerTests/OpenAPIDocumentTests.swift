import Foundation
import Testing
import Yams
@testable import IPCaseServer
import HTTPTypes
import Hummingbird

/// The document and the router must list the same operations: a route nobody documented, or a documented
/// operation nobody serves, fails here.
@Suite("OpenAPI document")
struct OpenAPIDocumentTests {
    static let methods: Set<String> = ["get", "put", "post", "delete", "patch", "head", "options"]

    func documentedOperations() throws -> Set<String> {
        let text = try String(contentsOf: TestPostgres.projectFiles.openAPIDocument, encoding: .utf8)
        let document = try #require(try Yams.load(yaml: text) as? [String: Any])
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = try #require(document["paths"] as? [String: Any])
        var operations: Set<String> = []
        for (path, item) in paths {
            for method in (item as? [String: Any] ?? [:]).keys where Self.methods.contains(method) {
                operations.insert("\(method.uppercased()) \(path)")
            }
        }
        return operations
    }

    @Test func everyRouteIsDocumentedAndEveryDocumentedOperationIsRouted() async throws {
        let (router, catalog) = try await RouterFixture.build()
        let routed = Set(catalog.routes.map { "\($0.method.rawValue) \($0.path)" })
        let documented = try documentedOperations()
        #expect(routed.subtracting(documented).sorted() == [], "routes missing from openapi.yaml")
        #expect(documented.subtracting(routed).sorted() == [], "documented operations with no route")
        // The catalog is how routes are declared; the router must hold nothing else but the console's pages.
        let registered = Set(
            router.routes.filter { !Console.isPage($0.path.description) }
                .map { "\($0.method.rawValue) \(Endpoint.openAPIPath(fromRouterPath: $0.path.description))" })
        #expect(registered == routed)
        #expect(catalog.routes.allSatisfy { !Console.isPage($0.path) }, "an API route looks like a console page")
    }
}
