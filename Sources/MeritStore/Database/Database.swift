@preconcurrency import AsyncKit
import Logging
import NIOCore
import NIOPosix
import PostgresKit
import SQLKit
import Synchronization

/// The registry database: SQLite (embedded default, through Merit's own binding of Debian's libsqlite3)
/// or PostgreSQL, behind SQLKit.
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
    let logger: Logger

    /// On SQLite, the writer connection (on a queue of its own, which runs what it is sent in order:
    /// the group commit sends a batch's statements in one closure) and the readers.
    enum Backend: Sendable {
        case sqlite(SQLiteThread, GroupCommit, ReadConnections)
        case postgres(PostgresPool)
    }

    /// Connections for SQLite's reads: in WAL mode readers see the last commit and never wait for the
    /// writer, so reads bypass the group commit.
    final class ReadConnections: Sendable {
        let connections: [SQLiteThread]
        let next = Atomic<Int>(0)
        init(_ c: [SQLiteThread]) { connections = c }
        func pick() -> SQLiteThread { connections[next.wrappingAdd(1, ordering: .relaxed).oldValue % connections.count] }
    }

    /// An async-kit pool, which is not Sendable: it is only used through its own thread-safe methods.
    final class PostgresPool: @unchecked Sendable {
        let pool: EventLoopGroupConnectionPool<PostgresConnectionSource>
        let logger: Logger
        init(_ pool: EventLoopGroupConnectionPool<PostgresConnectionSource>, logger: Logger) { self.pool = pool; self.logger = logger }
    }

    private init(engine: Engine, backend: Backend, logger: Logger) {
        self.engine = engine
        self.backend = backend
        self.logger = logger
    }

    /// SQLite's reader connections: reads of different requests run side by side on them.
    static let sqliteReaders = 3

    /// Opens SQLite at `path` with WAL and synchronous=FULL (see docs/storage.md), then migrates.
    public static func sqlite(path: String, logger: Logger = Logger(label: "merit.db")) async throws -> Database {
        let writer = try SQLiteThread(path: path, label: "merit.sqlite.writer")
        do {
            // WAL: readers never block the writer. synchronous=FULL: a COMMIT is on disk (fsync) before
            // it returns, so an acknowledged write survives power loss, not only a process crash.
            try await writer.run { try $0.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON") }
        } catch {
            await writer.close()
            throw error
        }
        var readers: [SQLiteThread] = []
        for i in 0..<sqliteReaders {
            let r = try SQLiteThread(path: path, label: "merit.sqlite.reader\(i)")
            try await r.run { try $0.exec("PRAGMA busy_timeout = 10000") }
            readers.append(r)
        }
        let d = Database(engine: .sqlite, backend: .sqlite(writer, GroupCommit(writer: writer, logger: logger), ReadConnections(readers)),
                         logger: logger)
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
        let d = Database(engine: .postgresql, backend: .postgres(PostgresPool(pool, logger: logger)), logger: logger)
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
        case .sqlite(_, _, let readers):
            return try await body(readers.pick().session(logger: logger))
        case .postgres(let p):
            return try await body(p.pool.database(logger: p.logger).sql(queryLogLevel: nil))
        }
    }

    /// Runs `body` on one of SQLite's reader connections; nil on PostgreSQL (the caller takes the SQL
    /// path). For bulk reads that would pay for SQLKit's rows.
    func sqliteRead<R: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws -> R) async throws -> R? {
        guard case .sqlite(_, _, let readers) = backend else { return nil }
        return try await readers.pick().run(body)
    }

    /// Runs `body` in one transaction on one connection; returns after COMMIT. On SQLite, concurrent
    /// writes share a transaction (see `GroupCommit`), each in its own savepoint. `atomic: true` says
    /// the body runs a single statement, which SQLite applies or rolls back as a whole, so it needs no
    /// savepoint of its own.
    public func write<R: Sendable>(atomic: Bool = false, _ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        switch backend {
        case .sqlite(_, let group, _):
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
        case .sqlite(_, let group, _):
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
        case .sqlite(let writer, let group, _):
            let session = writer.session(logger: logger)
            let prepared = try statements.map { try GroupCommit.Prepared($0, for: session) }
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
        case .sqlite(let writer, let group, let readers):
            for r in readers.connections { await r.close() }
            await group.close()
            await writer.close()
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
