import Foundation
import Hummingbird
import Logging
import MeritStore

/// How `merit serve` runs.
public struct ServerConfiguration: Sendable {
    /// Address to bind; 127.0.0.1 unless told otherwise.
    public var host = "127.0.0.1"
    /// Port; 0 picks a free one.
    public var port = 5000
    /// Folder for the SQLite file and artifacts.
    public var dataDirectory = "merit-data"
    /// `postgres://…` to use PostgreSQL instead of SQLite.
    public var databaseURL: String?
    /// Whether requests without a key may read.
    public var anonymousRead = false
    /// The largest artifact upload accepted.
    public var maxUploadBytes: Int64 = 1 << 30
    /// Creates the defaults.
    public init() {}

    /// Where the database is: the URL, or `<data>/merit.sqlite`.
    public var databaseLocation: String { databaseURL ?? URL(fileURLWithPath: dataDirectory).appendingPathComponent("merit.sqlite").path }
}

/// The running registry's parts, shared by `merit serve`, the CLI and the tests.
public struct Registry: Sendable {
    /// The database.
    public let database: Database
    /// Stores.
    public let tracking: TrackingStore
    public let registry: RegistryStore
    public let artifacts: ArtifactStore
    public let keys: KeyStore
    public let jobs: JobStore
    public let watch: WatchStore

    /// Opens the database (running migrations) and the artifact folder.
    public static func open(_ c: ServerConfiguration, logger: Logger = Logger(label: "merit")) async throws -> Registry {
        try FileManager.default.createDirectory(atPath: c.dataDirectory, withIntermediateDirectories: true)
        let db = try await Database.open(c.databaseLocation, logger: logger)
        return Registry(database: db, tracking: TrackingStore(db: db), registry: RegistryStore(db: db),
                        artifacts: try ArtifactStore(db: db, root: URL(fileURLWithPath: c.dataDirectory).appendingPathComponent("artifacts"), maxBytes: c.maxUploadBytes),
                        keys: KeyStore(db: db), jobs: JobStore(db: db), watch: WatchStore(db: db))
    }
}

/// Builds the Hummingbird application: one function for `merit serve` and the tests.
public func buildApplication(_ registry: Registry, _ c: ServerConfiguration, logger: Logger = Logger(label: "merit.server"),
                             onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> (app: some ApplicationProtocol, routes: [RouteEntry]) {
    let router = Router(context: AppContext.self)
    let metrics = PrometheusMetrics()
    // Middleware first: routes are wrapped with the middleware present when they are registered.
    router.add(middleware: MetricsMiddleware(metrics: metrics))
    router.add(middleware: AuthMiddleware(keys: registry.keys, cache: KeyCache()))
    let policy = AccessPolicy(anonymousRead: c.anonymousRead)
    let services = Services(tracking: registry.tracking, registry: registry.registry, artifacts: registry.artifacts, keys: registry.keys, jobs: registry.jobs, watch: registry.watch, policy: policy,
                            owners: TrackingOwners(tracking: registry.tracking))
    let routes = Routes(router: router, policy: policy)
    router.get("/health") { _, _ in "OK" }
    let jobs = registry.jobs
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
