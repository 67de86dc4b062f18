import HTTPTypes
import Hummingbird
import HummingbirdCore
import IPCaseDomain
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// How large a request's head may be. The parser refuses more with `headerOverflow`, which Hummingbird would
/// answer with a bare 400; `OversizedHeadHandler` answers 431 problem+json instead. The URI has a limit of
/// its own, well inside the head's, so that a long URI gets 414 from `URILengthMiddleware`.
enum RequestHeadLimits {
    static let maxHeaderFields = 100
    static let maxHeaderBytes = 64 * 1024
    static let maxFieldBytes = 16 * 1024
    static let maxURIBytes = 8 * 1024

    static var decoder: HTTP1Channel.Configuration.DecoderConfiguration {
        .init(maxHeaderFieldSize: maxFieldBytes, maxHeaderListSize: maxHeaderBytes, maxHeaderFieldCount: maxHeaderFields)
    }
}

/// Answers a request head the parser found too large (too many fields, or too many bytes) with 431
/// problem+json, then closes the connection: there is no request to go on with. No `Accept-Language` could be
/// read, so the texts are in the default language.
final class OversizedHeadHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias OutboundOut = HTTPResponsePart

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let error = error as? HTTPParserError, error == .headerOverflow else {
            context.fireErrorCaught(error)
            return
        }
        let problem = Problem(
            kind: .headersTooLarge,
            detail: ProblemDetail.headersTooLarge(fields: RequestHeadLimits.maxHeaderFields, bytes: RequestHeadLimits.maxHeaderBytes))
        var (headers, body) = problem.rendered(instance: "", language: .zhCN)
        headers[.contentLength] = String(body.readableBytes)
        headers[.connection] = "close"
        context.write(wrapOutboundOut(.head(HTTPResponse(status: .init(code: 431), headerFields: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in context.close(promise: nil) }
        body.clear()
    }
}

/// 414 for a URI over `RequestHeadLimits.maxURIBytes`, before routing reads it.
struct URILengthMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.uri.description.utf8.count <= RequestHeadLimits.maxURIBytes else {
            throw Problem(kind: .uriTooLong, detail: ProblemDetail.uriTooLong(limit: RequestHeadLimits.maxURIBytes))
        }
        return try await next(request, context)
    }
}
