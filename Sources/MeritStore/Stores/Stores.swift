import Foundation
import Logging
import MeritToken

/// Where Merit keeps its data: the database (SQLite file or PostgreSQL) and the artifact folder.
public struct StoreConfiguration: Sendable {
    /// Folder for the SQLite file and artifacts.
    public var dataDirectory = "merit-data"
    /// `postgres://…` to use PostgreSQL instead of SQLite.
    public var databaseURL: String?
    /// The largest artifact upload accepted.
    public var maxUploadBytes: Int64 = 1 << 30
    /// Creates the defaults.
    public init() {}

    /// Where the database is: the URL, or `<data>/merit.sqlite`.
    public var databaseLocation: String { databaseURL ?? URL(fileURLWithPath: dataDirectory).appendingPathComponent("merit.sqlite").path }
}

/// Every store over one database and artifact folder: what `merit serve`, `merit worker`, `merit watch`
/// and `merit api-keys` open. It lives here, not in the server, so commands that need no HTTP server
/// do not depend on one.
public struct Stores: Sendable {
    /// The database.
    public let database: Database
    /// MLflow experiments, runs and logged models.
    public let tracking: SQLTrackingStore
    /// Registered models and their versions.
    public let models: SQLModelStore
    /// Content-addressed files.
    public let artifacts: SQLArtifactStore
    /// API keys.
    public let apiKeys: SQLAPIKeyStore
    /// Contributions and their jobs.
    public let jobs: SQLJobQueue
    /// The endpoint watcher's endpoints and signed rounds.
    public let watch: SQLWatchStore
    /// Models' token ledgers.
    public let ledgers: SQLLedgerStore
    /// The ledgers as a service (one per process, shared by the HTTP handlers and the workers).
    public let ledger: TokenLedger

    /// Opens the database (running migrations) and the artifact folder.
    public static func open(_ c: StoreConfiguration, logger: Logger = Logger(label: "merit")) async throws -> Stores {
        try FileManager.default.createDirectory(atPath: c.dataDirectory, withIntermediateDirectories: true)
        let db = try await Database.open(c.databaseLocation, logger: logger)
        let artifacts = try SQLArtifactStore(db: db, root: URL(fileURLWithPath: c.dataDirectory).appendingPathComponent("artifacts"), maxBytes: c.maxUploadBytes)
        return Stores(database: db, tracking: SQLTrackingStore(db: db), models: SQLModelStore(db: db), artifacts: artifacts,
                      apiKeys: SQLAPIKeyStore(db: db), jobs: SQLJobQueue(db: db), watch: SQLWatchStore(db: db), ledgers: SQLLedgerStore(db: db),
                      ledger: TokenLedger(store: SQLLedgerStore(db: db)))
    }
}
