import Foundation
import Prometheus
import Synchronization

/// What an operator watches, in the Prometheus text format at `/metrics`: requests by route template, method
/// and status with their latency, logins refused by the throttle, timers fired or failed and how late, policy
/// decisions by outcome, and the database pool's waits. One registry per running application, so that tests
/// with several applications never mix their figures.
final class ServiceMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    /// What is read as it is at each scrape: uploads in flight, statements waiting, whether the database is away.
    private let sources = Mutex<(database: Database?, uploads: UploadSlots?)>((nil, nil))

    func watch(database: Database, uploads: UploadSlots) {
        sources.withLock { $0 = (database, uploads) }
        database.observeWaits { [weak self] wait in self?.databaseWait(wait) }
    }

    /// Latency buckets from a fast read to a slow upload.
    static let buckets: [Duration] = [
        .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
    ]

    func request(route: String, method: String, status: Int, duration: Duration) {
        let labels = [("route", route), ("method", method), ("status", String(status))]
        registry.makeCounter(
            descriptor: .init(namespace: "ipcase", metricName: "http_requests", unitName: "total", helpText: "HTTP requests answered"),
            labels: labels
        ).increment()
        registry.makeDurationHistogram(
            descriptor: .init(namespace: "ipcase", metricName: "http_request_duration", unitName: "seconds", helpText: "Time to answer"),
            labels: [("route", route), ("method", method)], buckets: Self.buckets
        ).record(duration)
    }

    /// A login or password-change attempt the throttle refused.
    func attemptRefused(_ kind: String) {
        registry.makeCounter(
            descriptor: .init(namespace: "ipcase", metricName: "attempts_refused", unitName: "total", helpText: "Attempts the throttle refused"),
            labels: [("kind", kind)]
        ).increment()
    }

    /// A deadline timer fired, or failed (it is tried again).
    func timer(failed: Bool) {
        registry.makeCounter(
            descriptor: .init(namespace: "ipcase", metricName: "timers_fired", unitName: "total", helpText: "Deadline timers fired"),
            labels: [("outcome", failed ? "failed" : "fired")]
        ).increment()
    }

    /// How long after its due time a timer fired: the scheduler's interval, plus any backlog.
    static let lagBuckets: [Duration] = [
        .seconds(1), .seconds(5), .seconds(15), .seconds(30), .seconds(60), .seconds(120), .seconds(300), .seconds(900), .seconds(3600),
    ]

    func timerLag(_ lag: Duration) {
        registry.makeDurationHistogram(
            descriptor: .init(namespace: "ipcase", metricName: "timer_lag", unitName: "seconds", helpText: "How late timers fired after they came due"),
            buckets: Self.lagBuckets
        ).record(max(lag, .zero))
    }

    /// A policy decision, by its outcome: `permitted`, `forbidden` (a forbid rule matched) or `not_permitted` (nothing did).
    func policyDecision(_ outcome: String) {
        registry.makeCounter(
            descriptor: .init(namespace: "ipcase", metricName: "policy_decisions", unitName: "total", helpText: "Access policy decisions"),
            labels: [("effect", outcome)]
        ).increment()
    }

    /// How long a statement waited for a database connection (a plain query: for its first answer).
    func databaseWait(_ wait: Duration) {
        registry.makeDurationHistogram(
            descriptor: .init(
                namespace: "ipcase", metricName: "database_wait", unitName: "seconds",
                helpText: "Time from asking for a database connection to having it"),
            buckets: Self.buckets
        ).record(wait)
    }

    var text: String {
        let (database, uploads) = sources.withLock { $0 }
        if let uploads {
            registry.makeGauge(descriptor: .init(
                namespace: "ipcase", metricName: "uploads_in_flight", helpText: "Uploads streaming in now")).set(Int64(uploads.inFlight))
        }
        if let database {
            registry.makeGauge(descriptor: .init(
                namespace: "ipcase", metricName: "database_statements_in_progress",
                helpText: "Statements waiting for or using a database connection")).set(Int64(database.inProgress))
            registry.makeGauge(descriptor: .init(
                namespace: "ipcase", metricName: "database_statements_waiting",
                helpText: "Statements still waiting for a database connection")).set(Int64(database.waiting))
            registry.makeGauge(descriptor: .init(
                namespace: "ipcase", metricName: "database_connections_maximum",
                helpText: "The most connections the pool opens")).set(Int64(database.maximumConnections))
            registry.makeGauge(descriptor: .init(
                namespace: "ipcase", metricName: "database_away", helpText: "1 while PostgreSQL does not answer")).set(Int64(database.isAway ? 1 : 0))
        }
        return registry.emitToString()
    }
}
