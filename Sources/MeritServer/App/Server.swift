import Foundation
import Hummingbird
import Logging
import MeritStore

/// How `merit serve` runs: where it listens, who may read, and where its stores are.
public struct ServerConfiguration: Sendable {
    /// Address to bind; 127.0.0.1 unless told otherwise.
    public var host = "127.0.0.1"
    /// Port; 0 picks a free one.
    public var port = 5000
    /// Whether requests without a key may read.
    public var anonymousRead = false
    /// The database and artifact folder.
    public var storage = StoreConfiguration()
    /// Creates the defaults.
    public init() {}

    /// Folder for the SQLite file and artifacts (`storage.dataDirectory`).
    public var dataDirectory: String { get { storage.dataDirectory } set { storage.dataDirectory = newValue } }
    /// `postgres://…` to use PostgreSQL instead of SQLite (`storage.databaseURL`).
    public var databaseURL: String? { get { storage.databaseURL } set { storage.databaseURL = newValue } }
    /// The largest artifact upload accepted (`storage.maxUploadBytes`).
    public var maxUploadBytes: Int64 { get { storage.maxUploadBytes } set { storage.maxUploadBytes = newValue } }
}

/// Builds the Hummingbird application: one function for `merit serve` and the tests.
public func buildApplication(_ stores: Stores, _ c: ServerConfiguration, logger: Logger = Logger(label: "merit.server"),
                             onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> (app: some ApplicationProtocol, routes: [RouteEntry]) {
    let router = Router(context: AppContext.self)
    let metrics = PrometheusMetrics()
    // Middleware first: routes are wrapped with the middleware present when they are registered.
    router.add(middleware: MetricsMiddleware(metrics: metrics))
    router.add(middleware: AuthMiddleware(keys: stores.apiKeys, cache: KeyCache()))
    let policy = AccessPolicy(anonymousRead: c.anonymousRead)
    let services = Services(tracking: stores.tracking, registry: stores.models, artifacts: stores.artifacts, keys: stores.apiKeys, jobs: stores.jobs, watch: stores.watch, policy: policy,
                            owners: TrackingOwners(tracking: stores.tracking))
    let routes = Routes(router: router, policy: policy)
    router.get("/health") { _, _ in "OK" }
    let jobs = stores.jobs
    router.get("/metrics") { _, _ -> Response in
        var extra = "# HELP merit_jobs Contribution jobs by state.\n# TYPE merit_jobs gauge\n"
        for (state, n) in (try? await jobs.countsByState())?.sorted(by: { $0.key.rawValue < $1.key.rawValue }) ?? [] { extra += "merit_jobs{state=\"\(state.rawValue)\"} \(n)\n" }
        return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"], body: .init(byteBuffer: ByteBuffer(string: metrics.text(extra: extra))))
    }
    router.get("/api/v1/openapi.json") { _, _ -> Response in
        Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
    }
    routes.addMLflowTracking(services)
    routes.addMLflowRegistry(services)
    routes.addMLflowArtifacts(services)
    routes.addNative(services)
    routes.addModelData(services)
    routes.addContributions(services)
    routes.addWatch(services)
    let app = Application(router: router, configuration: .init(address: .hostname(c.host, port: c.port), serverName: "merit"),
                          onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? c.port) }, logger: logger)
    return (app, routes.table)
}
