import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
@testable import IPCaseServer

/// One spelling of ids on the wire: lower case, in bodies as in paths, `Location` headers and events.
@Suite("Wire format")
struct WireFormatTests {
    static var uuid: Regex<Substring> { /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/ }

    static func upperCaseIds(in text: String) -> [String] {
        text.matches(of: uuid).map { String($0.output) }.filter { $0 != $0.lowercased() }
    }

    @Test("every id in every body is lower case")
    func lowerCaseIds() async throws {
        try await CaseWorld.run { world in
            let id = try await world.inMediation()
            let complainant = world.token(CaseWorld.complainant)
            var headers = HTTPFields()
            headers[.authorization] = "Bearer \(complainant)"
            headers[.contentType] = "text/plain"
            let upload = try await world.client.execute(
                uri: "/v1/cases/\(id)/documents?filename=a.txt&kind=evidence", method: .post, headers: headers,
                body: ByteBuffer(string: "evidence"))
            #expect(upload.status == .created)
            for uri in [
                "/v1/cases/\(id)", "/v1/cases", "/v1/cases/\(id)/events", "/v1/cases/\(id)/documents", "/v1/me",
                "/v1/auth/sessions", "/v1/notifications",
            ] {
                let response = try await world.client.call(.get, uri, token: complainant)
                #expect(response.status == .ok, "\(uri)")
                #expect(Self.upperCaseIds(in: response.text).isEmpty, "\(uri): \(response.text.prefix(300))")
                #expect(response.text.contains(/[0-9a-f]{8}-/), "\(uri) shows ids")
            }
            let admin = world.token(CaseWorld.admin)
            for uri in ["/v1/users", "/v1/organizations"] {
                let response = try await world.client.call(.get, uri, token: admin)
                #expect(Self.upperCaseIds(in: response.text).isEmpty, "\(uri)")
            }
        }
    }
}
