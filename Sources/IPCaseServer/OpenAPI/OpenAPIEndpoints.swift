import Foundation
import Hummingbird

/// Serves the OpenAPI 3.1 document that describes every operation. It is read once at start-up.
struct OpenAPIEndpoints: EndpointCollection {
    let document: ByteBuffer

    init(file: URL) throws {
        document = ByteBuffer(bytes: try Data(contentsOf: file))
    }

    var endpoints: [Endpoint] {
        [
            Endpoint(.get, "/openapi.yaml", access: .public) { [document] _, _ in
                Response(status: .ok, headers: [.contentType: "application/yaml"], body: .init(byteBuffer: document))
            }
        ]
    }
}
