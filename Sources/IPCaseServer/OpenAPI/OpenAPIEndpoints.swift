import Foundation
import Hummingbird

/// Serves the OpenAPI 3.1 document that describes every operation. It is read once at start-up, and
/// answered conditionally: tools that poll it get 304 while it is unchanged.
struct OpenAPIEndpoints: EndpointCollection {
    let document: ByteBuffer

    init(file: URL) throws {
        document = ByteBuffer(bytes: try Data(contentsOf: file))
    }

    var endpoints: [Endpoint] {
        [
            Endpoint(.get, "/openapi.yaml", access: .public) { [document] request, _ in
                ConditionalGET.respond(to: request, body: document, headers: [.contentType: "application/yaml"])
            }
        ]
    }
}
