import MeritBase
import MeritCore
import SQLKit

/// The job queue in SQL (SQLite or PostgreSQL): contributions submitted once (idempotently), claimed by
/// one worker at a time under a lease that the worker renews, so a killed server's jobs are picked up
/// again when the lease runs out. Several processes share it on PostgreSQL (`FOR UPDATE SKIP LOCKED`).
public struct SQLJobQueue: JobQueue {
    let db: Database
    let now: MillisecondClock
    /// How long a claim lasts without renewal.
    public let leaseMs: Int64
    /// Attempts before a job is marked failed.
    public let maxAttempts: Int

    /// Creates the store.
    public init(db: Database, clock: @escaping MillisecondClock = systemMilliseconds, leaseMs: Int64 = 10_000, maxAttempts: Int = 3) {
        self.db = db; self.now = clock; self.leaseMs = leaseMs; self.maxAttempts = maxAttempts
    }

    /// Registers (or replaces) the model's base or benchmark data.
    public func setModelData(_ d: ModelData) async throws {
        let t = now()
        try await db.write { db in
            try await db.raw("""
                INSERT INTO model_data (model_name, role, sha256, file_name, root, records, created_ms)
                VALUES (\(bind: d.modelName), \(bind: d.role.rawValue), \(bind: d.sha256), \(bind: d.fileName), \(bind: d.root), \(bind: d.records), \(bind: t))
                ON CONFLICT (model_name, role) DO UPDATE SET sha256 = excluded.sha256, file_name = excluded.file_name,
                  root = excluded.root, records = excluded.records, created_ms = excluded.created_ms
                """).run()
        }
    }

    /// The model's registered data, by role.
    public func modelData(_ model: String) async throws -> [DataRole: ModelData] {
        try await db.read { db in
            var out: [DataRole: ModelData] = [:]
            for row in try await db.raw("SELECT * FROM model_data WHERE model_name = \(bind: model)").all() {
                guard let role = DataRole(rawValue: try row.string("role")) else { continue }
                out[role] = ModelData(modelName: model, role: role, sha256: try row.string("sha256"), fileName: try row.string("file_name"),
                                      root: try row.string("root"), records: try row.int64("records"))
            }
            return out
        }
    }

    /// Queues a contribution. An idempotency key is scoped to the key holder (`submittedBy`) and the
    /// model: when this holder already used it for this model, nothing is queued and the existing
    /// contribution comes back with `false` (the caller compares the requests, see `contributionId`).
    public func submit(model: String, idempotencyKey: String?, submittedBy: String, contributors: [Contributor],
                       sha256: String, fileName: String, size: Int64) async throws -> (Contribution, created: Bool) {
        let t = now()
        let payees = contributors.map(\.description).joined(separator: ",")
        let id = "c-" + randomHexID()
        let existing: String? = try await db.write { db in
            if let key = idempotencyKey, let row = try await db.raw("""
                SELECT id FROM contributions WHERE model_name = \(bind: model) AND submitted_by = \(bind: submittedBy) AND idempotency_key = \(bind: key)
                """).first() {
                return try row.string("id")
            }
            try await db.raw("""
                INSERT INTO contributions (id, model_name, idempotency_key, submitted_by, contributors, sha256, file_name, size, state, attempts, created_ms, updated_ms)
                VALUES (\(bind: id), \(bind: model), \(bind: idempotencyKey), \(bind: submittedBy), \(bind: payees), \(bind: sha256),
                        \(bind: fileName), \(bind: size), 'queued', 0, \(bind: t), \(bind: t))
                """).run()
            return nil
        }
        if let existing { return (try await contribution(existing), false) }
        return (try await contribution(id), true)
    }

    /// The id of the contribution that `submittedBy` queued for `model` with this idempotency key, if any.
    public func contributionId(model: String, submittedBy: String, idempotencyKey: String) async throws -> String? {
        try await db.read { db in
            try await db.raw("""
                SELECT id FROM contributions WHERE model_name = \(bind: model) AND submitted_by = \(bind: submittedBy) AND idempotency_key = \(bind: idempotencyKey)
                """).first()?.string("id")
        }
    }

    /// One contribution.
    public func contribution(_ id: String) async throws -> Contribution {
        try await db.read { db in
            guard let row = try await db.raw("SELECT * FROM contributions WHERE id = \(bind: id)").first() else {
                throw StoreError(.notFound, "contribution '\(id)' not found")
            }
            return try Self.record(row)
        }
    }

    /// Contributions, newest first, optionally of one model or in one state.
    public func contributions(model: String?, state: JobState?, limit: Int) async throws -> [Contribution] {
        try await db.read { db in
            try await db.raw("SELECT * FROM contributions ORDER BY created_ms DESC, id LIMIT \(bind: limit)").all().map(Self.record)
                .filter { (model == nil || $0.modelName == model) && (state == nil || $0.state == state) }
        }
    }

    /// Job counts by state, for /metrics.
    public func countsByState() async throws -> [JobState: Int] {
        try await db.read { db in
            var out: [JobState: Int] = [:]
            for s in JobState.allCases { out[s] = 0 }
            for row in try await db.raw("SELECT state, COUNT(*) AS n FROM contributions GROUP BY state").all() {
                if let s = JobState(rawValue: try row.string("state")) { out[s] = try row.int("n") }
            }
            return out
        }
    }

    /// Claims the oldest queued job, or a running one whose lease ran out (its worker died).
    ///
    /// `isGone` says of a running job's worker id whether that worker is known to be dead (a process on
    /// this host that no longer exists): its jobs are taken over at once instead of when the lease runs
    /// out, so recovery after a crash on one machine takes one poll, not a lease.
    public func claim(worker: String, isGone: @escaping @Sendable (String) -> Bool) async throws -> Contribution? {
        let t = now(), lease = t + leaseMs
        let max = maxAttempts
        let id: String? = try await db.write { db in
            for row in try await db.raw("SELECT id, claimed_by FROM contributions WHERE state = 'running' AND lease_until_ms >= \(bind: t)").all() {
                guard let holder = try row.optString("claimed_by"), holder != worker, isGone(holder) else { continue }
                try await db.raw("""
                    UPDATE contributions SET lease_until_ms = \(bind: t - 1)
                    WHERE id = \(bind: try row.string("id")) AND claimed_by = \(bind: holder) AND state = 'running'
                    """).run()
            }
            // Jobs that used up their attempts while their workers died fail instead of looping.
            try await db.raw("""
                UPDATE contributions SET state = 'failed', error = 'the worker stopped during every attempt', updated_ms = \(bind: t)
                WHERE state = 'running' AND lease_until_ms < \(bind: t) AND attempts >= \(bind: max)
                """).run()
            let row = try await db.raw("""
                UPDATE contributions SET state = 'running', claimed_by = \(bind: worker), lease_until_ms = \(bind: lease),
                  attempts = attempts + 1, updated_ms = \(bind: t)
                WHERE id = (SELECT id FROM contributions
                            WHERE state = 'queued' OR (state = 'running' AND lease_until_ms < \(bind: t))
                            ORDER BY created_ms, id LIMIT 1 \(Dialect.skipLocked(db)))
                RETURNING id
                """).first()
            return try row?.string("id")
        }
        guard let id else { return nil }
        return try await contribution(id)
    }

    /// Extends a lease; false when the job is no longer this worker's.
    public func renew(_ id: String, worker: String) async throws -> Bool {
        let lease = now() + leaseMs
        return try await db.write { db in
            try await db.raw("UPDATE contributions SET lease_until_ms = \(bind: lease) WHERE id = \(bind: id) AND claimed_by = \(bind: worker) AND state = 'running' RETURNING id").first() != nil
        }
    }

    /// Records the outcome, only if this worker still holds the job.
    public func finish(_ id: String, worker: String, state: JobState, reportJSON: String?, attestationJSON: String?, error: String?) async throws {
        let t = now()
        try await db.write { db in
            try await db.raw("""
                UPDATE contributions SET state = \(bind: state.rawValue), report_json = \(bind: reportJSON), attestation_json = \(bind: attestationJSON),
                  error = \(bind: error), lease_until_ms = NULL, updated_ms = \(bind: t)
                WHERE id = \(bind: id) AND claimed_by = \(bind: worker) AND state = 'running'
                """).run()
        }
    }

    static func record(_ row: any SQLRow) throws -> Contribution {
        // Stored as `0xADDRESS:BPS,…` (older rows as the client gave them); parsed once, here.
        let contributors = (try? Contributor.list(try row.string("contributors").split(separator: ",").map(String.init))) ?? []
        return Contribution(id: try row.string("id"), modelName: try row.string("model_name"), idempotencyKey: try row.optString("idempotency_key"),
                           submittedBy: try row.string("submitted_by"), contributors: contributors, sha256: try row.string("sha256"),
                           fileName: try row.string("file_name"), size: try row.int64("size"),
                           state: JobState(rawValue: try row.string("state")) ?? .failed, attempts: try row.int("attempts"),
                           claimedBy: try row.optString("claimed_by"), leaseUntilMs: try row.optInt64("lease_until_ms"),
                           reportJSON: try row.optString("report_json"), attestationJSON: try row.optString("attestation_json"),
                           error: try row.optString("error"), createdMs: try row.int64("created_ms"), updatedMs: try row.int64("updated_ms"))
    }
}
