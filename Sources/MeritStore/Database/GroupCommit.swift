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
/// mode (no BEGIN, no COMMIT), and the metrics logged by every writer in a batch go in as one
/// multi-row INSERT (`MetricAppend`).
actor GroupCommit {
    enum Work {
        /// A transaction body. `atomic`: a single statement, which fails without effect, so it needs
        /// no savepoint.
        case body(@Sendable (any SQLDatabase) async throws -> any Sendable, atomic: Bool)
        /// One metric to append (see `MetricAppend`).
        case metric(MetricAppend)

        var isAtomic: Bool {
            switch self {
            case .body(_, let atomic): atomic
            case .metric: true
            }
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
                let result = await Self.run(batch[0].work, db)
                await lock.unlock()
                batch[0].done.resume(with: result)
                continue
            }
            do {
                try await db.raw("BEGIN IMMEDIATE").run()
                let results = try await Self.runTogether(batch.map(\.work), db)
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

    /// One unit of work on its own.
    private static func run(_ work: Work, _ db: any SQLDatabase) async -> Result<any Sendable, any Error> {
        switch work {
        case .body(let body, _):
            do { return .success(try await body(db)) } catch { return .failure(error) }
        case .metric(let m):
            do { return try await MetricAppend.insert([m], db)[0] } catch { return .failure(error) }
        }
    }

    /// A batch inside an open transaction: the metrics first, in one statement, then each body in its
    /// savepoint. The order of concurrent writers within a batch is arbitrary, as it is between batches.
    /// Throws only when the transaction itself can no longer be used.
    private static func runTogether(_ works: [Work], _ db: any SQLDatabase) async throws -> [Result<any Sendable, any Error>] {
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
            guard case .body(let body, let atomic) = work else { continue }
            if atomic {
                do { results[i] = .success(try await body(db)) } catch { results[i] = .failure(error) }
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
