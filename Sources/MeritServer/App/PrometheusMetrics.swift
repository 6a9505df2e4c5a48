import Hummingbird
import Synchronization

/// Request counts and latency histograms per route, in Prometheus text format. The route label is the
/// matched pattern (`/api/v1/models/{name}`), never the raw path, so label sets stay bounded.
final class PrometheusMetrics: Sendable {
    static let buckets: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    struct Histogram { var counts = [UInt64](repeating: 0, count: PrometheusMetrics.buckets.count); var sum = 0.0; var count: UInt64 = 0 }
    struct State { var requests: [String: UInt64] = [:]; var latency: [String: Histogram] = [:] }

    let state = Mutex(State())

    func record(route: String, method: String, status: Int, seconds: Double) {
        state.withLock { s in
            s.requests["route=\"\(route)\",method=\"\(method)\",status=\"\(status)\"", default: 0] += 1
            var h = s.latency["route=\"\(route)\",method=\"\(method)\"", default: Histogram()]
            for (i, b) in Self.buckets.enumerated() where seconds <= b { h.counts[i] += 1 }
            h.sum += seconds
            h.count += 1
            s.latency["route=\"\(route)\",method=\"\(method)\""] = h
        }
    }

    /// The exposition text; `extra` adds lines (jobs by state).
    func text(extra: String = "") -> String {
        state.withLock { s in
            var out = "# HELP merit_http_requests_total HTTP requests by route, method and status.\n# TYPE merit_http_requests_total counter\n"
            for k in s.requests.keys.sorted() { out += "merit_http_requests_total{\(k)} \(s.requests[k]!)\n" }
            out += "# HELP merit_http_request_duration_seconds Request latency by route and method.\n# TYPE merit_http_request_duration_seconds histogram\n"
            for k in s.latency.keys.sorted() {
                let h = s.latency[k]!
                for (i, b) in Self.buckets.enumerated() { out += "merit_http_request_duration_seconds_bucket{\(k),le=\"\(b)\"} \(h.counts[i])\n" }
                out += "merit_http_request_duration_seconds_bucket{\(k),le=\"+Inf\"} \(h.count)\n"
                out += "merit_http_request_duration_seconds_sum{\(k)} \(h.sum)\nmerit_http_request_duration_seconds_count{\(k)} \(h.count)\n"
            }
            return out + extra
        }
    }
}

/// Times every request and records it under its route pattern.
struct MetricsMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let metrics: PrometheusMetrics

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        func seconds() -> Double { let d = ContinuousClock.now - start; return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
        do {
            let r = try await next(request, context)
            metrics.record(route: context.endpointPath ?? "unknown", method: request.method.rawValue, status: r.status.code, seconds: seconds())
            return r
        } catch {
            let code = (error as? any HTTPResponseError)?.status.code ?? 500
            metrics.record(route: context.endpointPath ?? "NotFound", method: request.method.rawValue, status: code, seconds: seconds())
            throw error
        }
    }
}
