import Foundation
import Hummingbird
import IPCaseDomain

/// A user's own notifications: what awaits them, newest first, with how many are unread and a way to mark
/// them all read.
struct NotificationEndpoints: EndpointCollection {
    let dependencies: NotificationsModule

    var endpoints: [Endpoint] {
        [
            Endpoint(.get, "/v1/notifications", access: .action("notification.list"), handler: list),
            Endpoint(.post, "/v1/notifications/{id}/read", access: .action("notification.markRead"), handler: markRead),
            Endpoint(.get, "/v1/notifications/unread-count", access: .action("notification.list"), handler: unreadCount),
            Endpoint(.post, "/v1/notifications/read-all", access: .action("notification.list"), handler: markAllRead),
        ]
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try QueryParameters.refuseUnknown(request.uri.queryParameters, allowed: ["limit", "cursor", "unread"])
        let page = try PageRequest(request, list: NotificationStore.keyset)
        var unreadOnly = false
        if let text = request.uri.queryParameters["unread"] {
            guard let flag = Bool(String(text)) else {
                let message = FieldMessage.trueOrFalse
                throw Problem.badRequest(ProblemDetail.parameter("unread", message), errors: [FieldError("unread", message)])
            }
            unreadOnly = flag
        }
        try await dependencies.authorizer.require("notification.list", on: selfEntity(principal), request: context)
        return try .json(
            try await dependencies.notifications.list(
                userId: principal.userId, unreadOnly: unreadOnly, page: page, logger: context.logger))
    }

    struct Count: Encodable, Sendable {
        let unread: Int
    }

    struct Marked: Encodable, Sendable {
        let marked: Int
    }

    @Sendable func unreadCount(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try await dependencies.authorizer.require("notification.list", on: selfEntity(principal), request: context)
        return try .json(
            Count(unread: try await dependencies.notifications.unreadCount(userId: principal.userId, logger: context.logger)),
            headers: [.cacheControl: "no-store"])
    }

    @Sendable func markAllRead(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try await dependencies.authorizer.require("notification.list", on: selfEntity(principal), request: context)
        return try .json(Marked(marked: try await dependencies.notifications.markAllRead(
            userId: principal.userId, now: dependencies.clock.now, logger: context.logger)))
    }

    @Sendable func markRead(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.pathID()
        guard let owner = try await dependencies.notifications.owner(of: id, logger: context.logger) else {
            throw Problem.notFound()
        }
        let entity = PolicyEntity(type: "notification", attributes: [
            "id": .string(id.uuidString.lowercased()), "userId": .string(owner.uuidString.lowercased()),
        ])
        try await dependencies.authorizer.require(
            "notification.markRead", on: entity, readAction: "notification.markRead", request: context)
        guard let notification = try await dependencies.notifications.markRead(
            id, now: dependencies.clock.now, logger: context.logger)
        else { throw Problem.notFound() }
        return try .json(notification)
    }
}
