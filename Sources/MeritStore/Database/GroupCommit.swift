import NIOConcurrencyHelpers
import NIOCore
import SQLKit
import SQLiteKit

/// Group commit for SQLite: write transactions that arrive while one is being committed are run
/// together in the next transaction, each inside its own SAVEPOINT, and committed with one fsync.
///
/// Every caller still returns only after the COMMIT that contains its write, so durability is
/// unchanged (synchronous=FULL); concurrent writers share the cost of the fsync instead of queueing
/// for one each. A failing write rolls back to its savepoint and fails alone.
///
/// Each statement is a round trip to SQLite's thread, which costs more than the statement itself, so
/// the drain saves statements where it safely can: a lone single-statement write runs in autocommit
/// mode (no BEGIN, no COMMIT); the metrics logged by every writer in a batch go in as one multi-row
/// INSERT (`MetricAppend`), in autocommit when the batch holds nothing else; and a batch first runs
/// without savepoints, falling back to one savepoint per write only when a write fails.
actor GroupCommit {
    enum Work {
        /// A transaction body. `atomic`: a single statement, which fails without effect, so it needs
        /// no savepoint.
        case body(@Sendable (any SQLDatabase) async throws -> any Sendable, atomic: Bool)
        /// One metric to append (see `MetricAppend`).
        case metric(MetricAppend)
        /// Statements known in advance, each atomic and written so that a failing request writes
        /// nothing (`Database.writeStatements`): they can be sent to SQLite's thread together.
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
        let binds: [SQLiteData]

        /// `query` in SQLite's SQL, with its binds encoded.
        init(_ query: SQLQueryString, for connection: SQLiteConnection) throws {
            var serializer = SQLSerializer(database: connection.sql(queryLogLevel: nil))
            query.serialize(to: &serializer)
            let encoder = SQLiteDataEncoder()
            sql = serializer.sql
            binds = try serializer.binds.map { try encoder.encode($0) }
        }
    }

    struct Pending {
        let work: Work
        let done: CheckedContinuation<any Sendable, any Error>
    }

    let connection: SQLiteConnection
    let lock: AsyncLock
    private var pending: [Pending] = []
    private var draining = false

    init(connection: SQLiteConnection, lock: AsyncLock) { self.connection = connection; self.lock = lock }

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

    private func enqueue(_ work: Work) async throws -> any Sendable {
        try await withCheckedThrowingContinuation { (cont: CheckedContinuation<any Sendable, any Error>) in
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
            await lock.lock()
            let db = connection.sql(queryLogLevel: nil)
            if batch.count == 1, batch[0].work.isAtomic {
                // Alone and one statement: autocommit mode commits it (with its fsync) by itself.
                let result = await Self.run(batch[0].work, db, connection)
                await lock.unlock()
                batch[0].done.resume(with: result)
                continue
            }
            if let metrics = Self.onlyMetrics(batch.map(\.work)) {
                // Metrics alone: one multi-row statement, committed by itself.
                let results: [Result<any Sendable, any Error>]
                do { results = try await MetricAppend.insert(metrics, db) } catch { results = metrics.map { _ in .failure(error) } }
                await lock.unlock()
                for (p, r) in zip(batch, results) { p.done.resume(with: r) }
                continue
            }
            if let results = await pipelined(batch.map(\.work)) {
                await lock.unlock()
                for (p, r) in zip(batch, results) { p.done.resume(with: r) }
                continue
            }
            do {
                try await db.raw("BEGIN IMMEDIATE").run()
                let results: [Result<any Sendable, any Error>]
                if let all = try await Self.runOptimistically(batch.map(\.work), db, connection) {
                    results = all
                } else {
                    // A write failed: undo the batch and run it again with a savepoint around each write,
                    // so that the failing one fails alone.
                    try await db.raw("ROLLBACK").run()
                    try await db.raw("BEGIN IMMEDIATE").run()
                    results = try await Self.runTogether(batch.map(\.work), db, connection, savepoints: true)
                }
                try await db.raw("COMMIT").run()
                await lock.unlock()
                for (p, r) in zip(batch, results) { p.done.resume(with: r) }
            } catch {
                try? await db.raw("ROLLBACK").run()
                await lock.unlock()
                for p in batch { p.done.resume(throwing: error) }
            }
        }
        draining = false
    }

    /// A batch of metrics and statements only, sent to SQLite's thread all at once: BEGIN, every
    /// statement, then COMMIT once all succeeded. The writer connection has a thread of its own, which
    /// runs what it is sent in order, so the batch costs two round trips instead of one per statement.
    /// Nil when the batch holds a body, or when a statement failed (the transaction is rolled back and
    /// the caller runs the batch one write at a time).
    private func pipelined(_ works: [Work]) async -> [Result<any Sendable, any Error>]? {
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
            statements = try chunks.map { (nil, try Prepared(MetricAppend.statement($0), for: connection)) } + statements
        } catch { return nil }
        let begin = send("BEGIN IMMEDIATE", [])
        let sent = statements.map { send($0.statement.sql, $0.statement.binds) }
        let db = connection.sql(queryLogLevel: nil)
        // One wait for all of them: each `get()` on its own would cost a round trip through the event loop.
        let all = EventLoopFuture.whenAllComplete([begin] + sent, on: connection.eventLoop)
        guard let outcomes = try? await all.get(), outcomes.allSatisfy({ if case .success = $0 { true } else { false } }) else {
            try? await db.raw("ROLLBACK").run()
            return nil
        }
        do { try await db.raw("COMMIT").run() } catch {
            try? await db.raw("ROLLBACK").run()
            return nil
        }
        let rows = outcomes.dropFirst().map { (try? $0.get()) ?? [] }
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

    /// Sends a statement to the writer's thread without waiting for it.
    private func send(_ sql: String, _ binds: [SQLiteData]) -> EventLoopFuture<[SQLiteRow]> {
        let rows = NIOLockedValueBox<[SQLiteRow]>([])
        return connection.query(sql, binds, logger: connection.logger) { row in rows.withLockedValue { $0.append(row) } }
            .map { rows.withLockedValue { $0 } }
    }

    /// One unit of work on its own.
    private static func run(_ work: Work, _ db: any SQLDatabase, _ connection: SQLiteConnection) async -> Result<any Sendable, any Error> {
        switch work {
        case .body(let body, _):
            do { return .success(try await body(db)) } catch { return .failure(error) }
        case .metric(let m):
            do { return try await MetricAppend.insert([m], db)[0] } catch { return .failure(error) }
        case .statements(let list):
            do { return .success(try await runEach(list, connection)) } catch { return .failure(error) }
        }
    }

    /// Statements one after the other on `db`, each one's rows.
    static func runEach(_ list: [Prepared], _ connection: SQLiteConnection) async throws -> [[SQLiteRow]] {
        var out: [[SQLiteRow]] = []
        for st in list { out.append(try await connection.query(st.sql, st.binds)) }
        return out
    }

    /// The metrics, when the batch holds nothing else and they fit in one statement.
    private static func onlyMetrics(_ works: [Work]) -> [MetricAppend]? {
        guard works.count <= MetricAppend.rowsPerStatement else { return nil }
        var out: [MetricAppend] = []
        for work in works {
            guard case .metric(let m) = work else { return nil }
            out.append(m)
        }
        return out
    }

    /// The batch without savepoints (each costs two statements), on the bet that no write fails: nil as
    /// soon as one does, and the caller rolls back and runs the batch again with savepoints. Bodies run
    /// only SQL on the connection they are given, so running one again after a rollback is safe.
    private static func runOptimistically(_ works: [Work], _ db: any SQLDatabase, _ connection: SQLiteConnection) async throws -> [Result<any Sendable, any Error>]? {
        let results = try await runTogether(works, db, connection, savepoints: false)
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
    private static func runTogether(_ works: [Work], _ db: any SQLDatabase, _ connection: SQLiteConnection, savepoints: Bool) async throws -> [Result<any Sendable, any Error>] {
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
            case .statements(let list): (body, atomic) = ({ _ in try await runEach(list, connection) }, list.count == 1)
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
