import Logging
import SQLKit

/// Group commit for SQLite: write transactions that arrive while one is being committed are run
/// together in the next transaction and committed with one fsync.
///
/// Every caller still returns only after the COMMIT that contains its write, so durability is
/// unchanged (synchronous=FULL); concurrent writers share the cost of the fsync instead of queueing
/// for one each. A failing write fails alone.
///
/// Most writes are statements known in advance (`Work.statements`, `Work.metric`): a batch of them goes
/// to the writer's queue as one closure (BEGIN, every statement from the connection's cache of compiled
/// statements, COMMIT), one hop for the whole batch; the metrics of every writer in it go in as one
/// multi-row INSERT (`MetricAppend`); a lone single statement runs in autocommit mode. A batch that
/// holds a transaction body (`Work.body`, whose statements depend on earlier results) runs statement by
/// statement, first without savepoints, and again with one savepoint per write when a write fails.
actor GroupCommit {
    enum Work {
        /// A transaction body. `atomic`: a single statement, which fails without effect, so it needs
        /// no savepoint.
        case body(@Sendable (any SQLDatabase) async throws -> any Sendable, atomic: Bool)
        /// One metric to append (see `MetricAppend`).
        case metric(MetricAppend)
        /// Statements known in advance, each atomic and written so that a failing request writes
        /// nothing (`Database.writeStatements`): they can share a batch without savepoints.
        case statements([Prepared])

        var isAtomic: Bool {
            switch self {
            case .body(_, let atomic): atomic
            case .metric: true
            case .statements(let list): list.count == 1
            }
        }
    }

    /// A statement serialised for SQLite.
    struct Prepared: Sendable {
        let sql: String
        let binds: [SQLiteValue]

        /// `query` in SQLite's SQL, with its binds encoded.
        init(_ query: SQLQueryString, for session: SQLiteSession) throws {
            (sql, binds) = try session.prepare(query)
        }
    }

    struct Pending {
        let work: Work
        let done: CheckedContinuation<any Sendable, any Error>
    }

    let writer: SQLiteThread
    let db: SQLiteSession
    private var pending: [Pending] = []
    private var draining = false
    private var closed = false

    init(writer: SQLiteThread, logger: Logger) {
        self.writer = writer
        db = writer.session(logger: logger)
    }

    func submit<R: Sendable>(atomic: Bool = false, _ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await enqueue(.body({ try await body($0) }, atomic: atomic)) as! R
    }

    /// Appends one metric; throws `StoreError.notFound` when its run does not exist.
    func append(_ metric: MetricAppend) async throws {
        _ = try await enqueue(.metric(metric))
    }

    /// Runs statements in order in the next transaction; returns each one's rows.
    func run(_ statements: [Prepared]) async throws -> [[SQLiteRow]] {
        try await enqueue(.statements(statements)) as! [[SQLiteRow]]
    }

    /// Refuses new work and waits for the batch being written.
    func close() async {
        closed = true
        while draining { await Task.yield() }
    }

    private func enqueue(_ work: Work) async throws -> any Sendable {
        if closed { throw StoreError(.invalid, "the database is closed: the server is shutting down; retry against a running server") }
        return try await withCheckedThrowingContinuation { (cont: CheckedContinuation<any Sendable, any Error>) in
            pending.append(Pending(work: work, done: cont))
            if !draining {
                draining = true
                Task { await self.drain() }
            }
        }
    }

    private func drain() async {
        while !pending.isEmpty {
            let batch = pending
            pending = []
            let works = batch.map(\.work)
            let results: [Result<any Sendable, any Error>]
            if works.count == 1, case .body(let body, atomic: true) = works[0] {
                // Alone and one statement: autocommit mode commits it (with its fsync) by itself.
                do { results = [.success(try await body(db))] } catch { results = [.failure(error)] }
            } else if let direct = await direct(works) {
                results = direct
            } else {
                results = await inTransaction(works)
            }
            for (p, r) in zip(batch, results) { p.done.resume(with: r) }
        }
        draining = false
    }

    /// A batch of metrics and statements only, in one closure on the writer's queue: BEGIN, every
    /// statement, COMMIT (a batch of one statement runs in autocommit mode instead). Nil when the batch
    /// holds a body, or when a statement failed (the transaction is rolled back and the caller runs the
    /// batch again one write at a time).
    private func direct(_ works: [Work]) async -> [Result<any Sendable, any Error>]? {
        var metrics: [(work: Int, metric: MetricAppend)] = []
        var statements: [(work: Int?, statement: Prepared)] = []
        var chunks: [[MetricAppend]] = []
        do {
            for (i, work) in works.enumerated() {
                switch work {
                case .body: return nil
                case .metric(let m): metrics.append((i, m))
                case .statements(let list): statements += list.map { (i, $0) }
                }
            }
            // The metrics' multi-row statements go first (work nil: their rows are sorted out below).
            chunks = MetricAppend.chunks(metrics.map(\.metric))
            statements = try chunks.map { (nil, try Prepared(MetricAppend.statement($0), for: db)) } + statements
        } catch { return nil }
        let list = statements.map(\.statement)
        guard let rows = try? await writer.run({ conn in try Self.runAll(list, conn) }) else { return nil }
        var results = [Result<any Sendable, any Error>](repeating: .success([[SQLiteRow]]()), count: works.count)
        var perWork = [[[SQLiteRow]]](repeating: [], count: works.count)
        var metricOutcomes: [Result<any Sendable, any Error>] = []
        for (k, (work, _)) in statements.enumerated() {
            if let work { perWork[work].append(rows[k]) } else {
                let chunk = chunks[metricOutcomes.count / MetricAppend.rowsPerStatement]
                let written = Set(rows[k].compactMap { row -> String? in if case .text(let s)? = row.column("run_id") { s } else { nil } })
                metricOutcomes += MetricAppend.outcomes(chunk, written: written)
            }
        }
        for (k, (work, _)) in metrics.enumerated() { results[work] = metricOutcomes[k] }
        for (i, work) in works.enumerated() { if case .statements = work { results[i] = .success(perWork[i]) } }
        return results
    }

    /// Runs `list` in one transaction on the writer's queue (one statement alone in autocommit mode);
    /// rolls back and throws when one fails.
    private static func runAll(_ list: [Prepared], _ conn: SQLiteConnection) throws -> [[SQLiteRow]] {
        if list.count == 1 { return [try conn.query(list[0].sql, list[0].binds)] }
        try conn.exec("BEGIN IMMEDIATE")
        do {
            let rows = try list.map { try conn.query($0.sql, $0.binds) }
            try conn.exec("COMMIT")
            return rows
        } catch {
            try? conn.exec("ROLLBACK")
            throw error
        }
    }

    /// A batch statement by statement in one transaction: optimistically without savepoints, and if a
    /// write fails, rolled back and run again with a savepoint around each write so that the failing
    /// one fails alone.
    private func inTransaction(_ works: [Work]) async -> [Result<any Sendable, any Error>] {
        do {
            try await db.raw("BEGIN IMMEDIATE").run()
            let results: [Result<any Sendable, any Error>]
            if let all = try await Self.runOptimistically(works, db, writer) {
                results = all
            } else {
                try await db.raw("ROLLBACK").run()
                try await db.raw("BEGIN IMMEDIATE").run()
                results = try await Self.runTogether(works, db, writer, savepoints: true)
            }
            try await db.raw("COMMIT").run()
            return results
        } catch {
            try? await db.raw("ROLLBACK").run()
            return works.map { _ in .failure(error) }
        }
    }

    /// Statements one after the other on the writer's queue (in one hop), each one's rows.
    static func runEach(_ list: [Prepared], _ writer: SQLiteThread) async throws -> [[SQLiteRow]] {
        try await writer.run { conn in try list.map { try conn.query($0.sql, $0.binds) } }
    }

    /// The batch without savepoints (each costs two statements), on the bet that no write fails: nil as
    /// soon as one does, and the caller rolls back and runs the batch again with savepoints. Bodies run
    /// only SQL on the connection they are given, so running one again after a rollback is safe.
    private static func runOptimistically(_ works: [Work], _ db: any SQLDatabase, _ writer: SQLiteThread) async throws -> [Result<any Sendable, any Error>]? {
        let results = try await runTogether(works, db, writer, savepoints: false)
        for (work, result) in zip(works, results) {
            if !work.isAtomic, case .failure = result { return nil }
        }
        return results
    }

    /// A batch inside an open transaction: the metrics first, in one statement, then each body, in its
    /// savepoint if `savepoints` (a single-statement body needs none). The order of concurrent writers
    /// within a batch is arbitrary, as it is between batches. Without savepoints the first failing body
    /// ends the batch (its partial writes are in the transaction: the caller must roll back). Throws only
    /// when the transaction itself can no longer be used.
    private static func runTogether(_ works: [Work], _ db: any SQLDatabase, _ writer: SQLiteThread, savepoints: Bool) async throws -> [Result<any Sendable, any Error>] {
        var results = [Result<any Sendable, any Error>](repeating: .success(()), count: works.count)
        var metricIndices: [Int] = [], metrics: [MetricAppend] = []
        for (i, work) in works.enumerated() {
            if case .metric(let m) = work { metricIndices.append(i); metrics.append(m) }
        }
        if !metrics.isEmpty {
            do {
                for (i, r) in zip(metricIndices, try await MetricAppend.insert(metrics, db)) { results[i] = r }
            } catch {
                for i in metricIndices { results[i] = .failure(error) }
            }
        }
        for (i, work) in works.enumerated() {
            let body: @Sendable (any SQLDatabase) async throws -> any Sendable, atomic: Bool
            switch work {
            case .metric: continue
            case .body(let b, let a): (body, atomic) = (b, a)
            case .statements(let list): (body, atomic) = ({ _ in try await runEach(list, writer) }, list.count == 1)
            }
            if atomic || !savepoints {
                do { results[i] = .success(try await body(db)) } catch {
                    results[i] = .failure(error)
                    if !savepoints && !atomic { return results }
                }
                continue
            }
            try await db.raw("SAVEPOINT merit_write").run()
            do {
                results[i] = .success(try await body(db))
                try await db.raw("RELEASE merit_write").run()
            } catch {
                try await db.raw("ROLLBACK TO merit_write").run()
                try await db.raw("RELEASE merit_write").run()
                results[i] = .failure(error)
            }
        }
        return results
    }
}
