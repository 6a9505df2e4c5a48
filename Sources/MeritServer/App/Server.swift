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
    /// Who signs attestations, published at `GET /api/v1/attesters`.
    public var attesters = Attesters()
    /// The key this process signs with (version 1's records; its workers' attestations), when it has one.
    public var signing: JobWorker.Signing?
    /// The largest artifact upload accepted (`storage.maxUploadBytes`).
    public var maxUploadBytes: Int64 { get { storage.maxUploadBytes } set { storage.maxUploadBytes = newValue } }
}

/// Builds the Hummingbird application: one function for `merit serve` and the tests.
///
/// Two APIs, each a router group with one error middleware that gives every thrown error that API's
/// shape: MLflow's REST API (`/api/2.0/mlflow`, `/api/2.0/mlflow-artifacts`, `/api/3.0/mlflow`, also under
/// `/api/mlflow` and `/mlflow`) and the
/// native API (`/api/v1`, and the leaderboard page). Authentication runs inside each group, so a bad key
/// is answered in the API's own shape.
public func buildApplication(_ stores: Stores, _ c: ServerConfiguration, logger: Logger = Logger(label: "merit.server"),
                             onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> (app: some ApplicationProtocol, routes: [RouteEntry]) {
    let router = Router(context: AppContext.self)
    let metrics = PrometheusMetrics()
    router.add(middleware: MetricsMiddleware(metrics: metrics))
    let policy = AccessPolicy(anonymousRead: c.anonymousRead)
    let s = Services(tracking: stores.tracking, registry: stores.models, artifacts: stores.artifacts, keys: stores.apiKeys, jobs: stores.jobs,
                     watch: stores.watch, ledgers: stores.ledgers, ledger: stores.ledger, policy: policy, attesters: c.attesters, signing: c.signing,
                     workDirectory: URL(fileURLWithPath: c.dataDirectory).appendingPathComponent("jobs"), owners: TrackingOwners(tracking: stores.tracking))
    let auth = AuthMiddleware(keys: stores.apiKeys, cache: KeyCache())
    var table: [RouteEntry] = []
    func mount(_ group: RouterGroup<AppContext>, _ prefix: String, _ controllers: [any Controller]) {
        let routes = GuardedRoutes(prefix: prefix, policy: policy)
        for controller in controllers { controller.register(on: routes) }
        group.addRoutes(routes.collection, atPath: RouterPath(prefix))
        table += routes.table
    }
    let mlflow = router.group().add(middleware: ErrorMiddleware(shape: .mlflow, logger: logger)).add(middleware: auth)
    // At the root, and under the prefixes the reference ecosystem's guides use
    // (MLFLOW_TRACKING_URI=https://HOST/api/mlflow), so a client finds the API under any of them.
    for base in ["", "/api/mlflow", "/mlflow"] {
        mount(mlflow, base + "/api/2.0/mlflow", [TrackingController(s: s), LoggedModelsController(s: s), ModelRegistryController(s: s)])
        mount(mlflow, base + "/api/2.0/mlflow-artifacts", [ArtifactsController(s: s, mountedAt: base + "/api/2.0/mlflow-artifacts")])
        mount(mlflow, base + "/api/3.0/mlflow", [ServerInfoController()])
    }
    let native = router.group().add(middleware: ErrorMiddleware(shape: .native, logger: logger)).add(middleware: auth)
    mount(native, "/api/v1", [ModelsController(s: s), ModelDataController(s: s), ContributionsController(s: s), WatchController(s: s), AttestersController(s: s), TokenController(s: s)])
    mount(native, "", [LeaderboardPageController(s: s)])

    router.get("/health") { _, _ in "OK" }
    router.get("/api/health") { _, _ in "OK" }
    let jobs = stores.jobs, registry = stores.models, ledger = stores.ledger
    router.get("/metrics") { _, _ -> Response in
        var extra = "# HELP merit_jobs Contribution jobs by state.\n# TYPE merit_jobs gauge\n"
        for (state, n) in (try? await jobs.countsByState())?.sorted(by: { $0.key.rawValue < $1.key.rawValue }) ?? [] { extra += "merit_jobs{state=\"\(state.rawValue)\"} \(n)\n" }
        extra += await TokenMetrics.text(registry: registry, ledger: ledger)
        return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"], body: .init(byteBuffer: ByteBuffer(string: metrics.text(extra: extra))))
    }
    router.get("/api/v1/openapi.json") { _, _ -> Response in
        Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
    }
    let app = Application(router: router, server: .http1(additionalChannelHandlers: [ExpectContinueHandler()]),
                          configuration: .init(address: .hostname(c.host, port: c.port), serverName: "merit"),
                          onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? c.port) }, logger: logger)
    return (app, table)
}
