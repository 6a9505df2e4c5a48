@preconcurrency import AsyncKit
import Logging
import NIOCore
import NIOPosix
import PostgresKit
import SQLiteKit
import Synchronization

/// The registry database: SQLite (embedded default) or PostgreSQL, behind SQLKit.
///
/// `write` runs its body in one transaction on one connection and returns only after COMMIT, so an
/// acknowledged write is durable. On SQLite every statement goes through one connection guarded by an
/// async lock (SQLite has a single writer anyway); on PostgreSQL a pool serves reads and each write
/// transaction leases its own connection, so several processes can share the database.
public final class Database: Sendable {
    /// Which engine.
    public enum Engine: String, Sendable { case sqlite, postgresql }

    /// The engine.
    public let engine: Engine
    let backend: Backend
    /// SQLite's writer connection runs on a thread of its own, which runs what it is sent in order: the
    /// group commit sends a batch's statements together (`GroupCommit.pipelined`).
    let writerThread: NIOThreadPool?

    enum Backend: Sendable {
        case sqlite(SQLiteConnection, AsyncLock, GroupCommit, ReadConnections)
        case postgres(PostgresPool)
    }

    /// Read-only connections for SQLite: in WAL mode readers see the last commit and never wait for the
    /// writer, so reads bypass the write lock.
    final class ReadConnections: Sendable {
        let connections: [SQLiteConnection]
        let next = Atomic<Int>(0)
        init(_ c: [SQLiteConnection]) { connections = c }
        func pick() -> SQLiteConnection { connections[next.wrappingAdd(1, ordering: .relaxed).oldValue % connections.count] }
    }

    /// An async-kit pool, which is not Sendable: it is only used through its own thread-safe methods.
    final class PostgresPool: @unchecked Sendable {
        let pool: EventLoopGroupConnectionPool<PostgresConnectionSource>
        let logger: Logger
        init(_ pool: EventLoopGroupConnectionPool<PostgresConnectionSource>, logger: Logger) { self.pool = pool; self.logger = logger }
    }

    private init(engine: Engine, backend: Backend, writerThread: NIOThreadPool? = nil) {
        self.engine = engine
        self.backend = backend
        self.writerThread = writerThread
    }

    /// Opens SQLite at `path` with WAL and synchronous=FULL (see docs/storage.md), then migrates.
    public static func sqlite(path: String, logger: Logger = Logger(label: "merit.db")) async throws -> Database {
        let writerThread = NIOThreadPool(numberOfThreads: 1)
        writerThread.start()
        let conn: SQLiteConnection
        do {
            conn = try await SQLiteConnection.open(storage: .file(path: path), threadPool: writerThread, logger: logger,
                                                   on: MultiThreadedEventLoopGroup.singleton.any())
        } catch {
            try? await writerThread.shutdownGracefully()
            throw error
        }
        let db = conn.sql(queryLogLevel: nil)
        do {
            // WAL: readers never block the writer. synchronous=FULL: a COMMIT is on disk (fsync) before
            // it returns, so an acknowledged write survives power loss, not only a process crash.
            for pragma in ["PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL", "PRAGMA busy_timeout = 10000", "PRAGMA foreign_keys = ON"] {
                try await db.raw(SQLQueryString(pragma)).run()
            }
        } catch {
            try? await conn.close()
            try? await writerThread.shutdownGracefully()
            throw error
        }
        var readers: [SQLiteConnection] = []
        for _ in 0..<2 {
            let r = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
            try await r.sql(queryLogLevel: nil).raw("PRAGMA busy_timeout = 10000").run()
            readers.append(r)
        }
        let lock = AsyncLock()
        let d = Database(engine: .sqlite, backend: .sqlite(conn, lock, GroupCommit(connection: conn, lock: lock), ReadConnections(readers)),
                         writerThread: writerThread)
        try await d.migrate()
        return d
    }

    /// Opens PostgreSQL from a `postgres://user:pass@host:port/db` URL, then migrates.
    public static func postgres(url: String, logger: Logger = Logger(label: "merit.db")) async throws -> Database {
        var text = url
        if !text.contains("sslmode=") && !text.contains("tlsmode=") {
            text += (text.contains("?") ? "&" : "?") + "sslmode=disable"
        }
        let config = try SQLPostgresConfiguration(url: text)
        let pool = EventLoopGroupConnectionPool(source: PostgresConnectionSource(sqlConfiguration: config),
                                                maxConnectionsPerEventLoop: 8, requestTimeout: .seconds(30),
                                                logger: logger, on: MultiThreadedEventLoopGroup.singleton)
        let d = Database(engine: .postgresql, backend: .postgres(PostgresPool(pool, logger: logger)))
        do { try await d.migrate() } catch {
            try? await pool.shutdownAsync()
            throw error
        }
        return d
    }

    /// Opens by URL: `postgres://…` for PostgreSQL, anything else is a SQLite file path.
    public static func open(_ location: String, logger: Logger = Logger(label: "merit.db")) async throws -> Database {
        if location.hasPrefix("postgres://") || location.hasPrefix("postgresql://") {
            return try await postgres(url: location, logger: logger)
        }
        return try await sqlite(path: location, logger: logger)
    }

    /// Runs reads. On SQLite they use separate connections and see the last committed state.
    public func read<R: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        switch backend {
        case .sqlite(_, _, _, let readers):
            return try await body(readers.pick().sql(queryLogLevel: nil))
        case .postgres(let p):
            return try await body(p.pool.database(logger: p.logger).sql(queryLogLevel: nil))
        }
    }

    /// Runs `body` in one transaction on one connection; returns after COMMIT. On SQLite, concurrent
    /// writes share a transaction (see `GroupCommit`), each in its own savepoint. `atomic: true` says
    /// the body runs a single statement, which SQLite applies or rolls back as a whole, so it needs no
    /// savepoint of its own.
    public func write<R: Sendable>(atomic: Bool = false, _ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        switch backend {
        case .sqlite(_, _, let group, _):
            return try await group.submit(atomic: atomic, body)
        case .postgres(let p):
            let conn = try await p.pool.requestConnection(logger: p.logger).get()
            defer { p.pool.releaseConnection(conn, logger: p.logger) }
            let s = conn.sql(queryLogLevel: nil)
            try await s.raw("BEGIN").run()
            do {
                let r = try await body(s)
                try await s.raw("COMMIT").run()
                return r
            } catch {
                do { try await s.raw("ROLLBACK").run() } catch { try? await conn.close().get() }
                throw error
            }
        }
    }

    /// Appends one metric to a run with a single statement; not-found when the run does not exist. On
    /// SQLite the metrics of concurrent writers share one multi-row statement (see `GroupCommit`).
    func appendMetric(_ m: MetricAppend) async throws {
        switch backend {
        case .sqlite(_, _, let group, _):
            try await group.append(m)
        case .postgres:
            try await write(atomic: true) { db in try await m.insertOne(db) }
        }
    }

    /// Runs statements in order in one transaction and returns each one's rows. The statements must be
    /// written so that a request that fails (an unknown run, a conflicting value) writes nothing and says
    /// so in the rows it returns: on SQLite they then share a batch with other writers' statements and
    /// are sent to the writer's thread together, without savepoints. A SQL error fails the whole call.
    public func writeStatements(_ statements: [SQLQueryString]) async throws -> [[StoreRow]] {
        switch backend {
        case .sqlite(let conn, _, let group, _):
            let prepared = try statements.map { try GroupCommit.Prepared($0, for: conn) }
            return try await group.run(prepared).map { $0.map { StoreRow(storage: .sqlite($0)) } }
        case .postgres:
            return try await write { db in
                var out: [[StoreRow]] = []
                for q in statements { out.append(try await db.raw(q).all().map { StoreRow(storage: .sql($0)) }) }
                return out
            }
        }
    }

    /// Closes connections. Call once, at shutdown.
    public func close() async throws {
        switch backend {
        case .sqlite(let conn, let lock, _, let readers):
            for r in readers.connections { try await r.close() }
            try await lock.withLock { try await conn.close() }
            try await writerThread?.shutdownGracefully()
        case .postgres(let p): try await p.pool.shutdownAsync()
        }
    }

    /// Applies pending migrations, each in its own transaction, recording them in `schema_migrations`.
    /// Several processes starting at once are safe: on PostgreSQL an advisory lock serialises them.
    func migrate() async throws {
        try await write { db in
            if self.engine == .postgresql { try await db.raw("SELECT pg_advisory_xact_lock(7412019)").run() }
            try await db.raw("CREATE TABLE IF NOT EXISTS schema_migrations (number INTEGER PRIMARY KEY, name TEXT NOT NULL)").run()
            let done = Set(try await db.raw("SELECT number FROM schema_migrations").all().map { try $0.decode(column: "number", as: Int.self) })
            for m in Migrations.all where !done.contains(m.number) {
                let statements = self.engine == .postgresql ? (m.postgresStatements ?? m.statements) : m.statements
                for statement in statements { try await db.raw(SQLQueryString(statement)).run() }
                try await db.raw("INSERT INTO schema_migrations (number, name) VALUES (\(bind: m.number), \(bind: m.name))").run()
            }
        }
    }
}
