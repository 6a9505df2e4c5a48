import SQLKit
import SQLiteKit

/// Group commit for SQLite: write transactions that arrive while one is being committed are run
/// together in the next transaction, each inside its own SAVEPOINT, and committed with one fsync.
///
/// Every caller still returns only after the COMMIT that contains its write, so durability is
/// unchanged (synchronous=FULL); concurrent writers share the cost of the fsync instead of queueing
/// for one each. A failing write rolls back to its savepoint and fails alone.
actor GroupCommit {
    struct Pending {
        let body: @Sendable (any SQLDatabase) async throws -> any Sendable
        let done: CheckedContinuation<any Sendable, any Error>
        /// A single statement: it fails without effect, so it needs no savepoint.
        let atomic: Bool
    }

    let connection: SQLiteConnection
    let lock: AsyncLock
    private var pending: [Pending] = []
    private var draining = false

    init(connection: SQLiteConnection, lock: AsyncLock) { self.connection = connection; self.lock = lock }

    func submit<R: Sendable>(atomic: Bool = false, _ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        let value = try await withCheckedThrowingContinuation { (cont: CheckedContinuation<any Sendable, any Error>) in
            pending.append(Pending(body: { try await body($0) }, done: cont, atomic: atomic))
            if !draining {
                draining = true
                Task { await self.drain() }
            }
        }
        return value as! R
    }

    private func drain() async {
        while !pending.isEmpty {
            let batch = pending
            pending = []
            await lock.lock()
            let db = connection.sql(queryLogLevel: nil)
            var results: [Result<any Sendable, any Error>] = []
            do {
                try await db.raw("BEGIN IMMEDIATE").run()
                if batch.count == 1 {
                    // Alone in its transaction: no savepoint needed; a failure rolls the transaction back.
                    do { results.append(.success(try await batch[0].body(db))) } catch {
                        try await db.raw("ROLLBACK").run()
                        await lock.unlock()
                        batch[0].done.resume(throwing: error)
                        continue
                    }
                } else { for p in batch {
                    if p.atomic {
                        do { results.append(.success(try await p.body(db))) } catch { results.append(.failure(error)) }
                        continue
                    }
                    try await db.raw("SAVEPOINT merit_write").run()
                    do {
                        let r = try await p.body(db)
                        try await db.raw("RELEASE merit_write").run()
                        results.append(.success(r))
                    } catch {
                        try await db.raw("ROLLBACK TO merit_write").run()
                        try await db.raw("RELEASE merit_write").run()
                        results.append(.failure(error))
                    }
                } }
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
}
