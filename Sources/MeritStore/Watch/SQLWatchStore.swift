import MeritBase
import MeritCore
import SQLKit

/// The watcher's store in SQL: endpoints, and the signed rounds with their scores, QoS and identity verdicts.
public struct SQLWatchStore: WatchStore {
    let db: Database
    let now: MillisecondClock

    /// Creates the store.
    public init(db: Database, clock: @escaping MillisecondClock = systemMilliseconds) { self.db = db; self.now = clock }

    /// Adds an endpoint; the id must be new.
    public func add(_ e: WatchedEndpoint) async throws {
        let t = now()
        do {
            try await db.write { db in
                try await db.raw("""
                    INSERT INTO watch_endpoints (id, operator, url, model, api, api_key_env, is_reference, concurrency, timeout_ms, enabled, created_ms)
                    VALUES (\(bind: e.id), \(bind: e.operatorName), \(bind: e.url), \(bind: e.model), \(bind: e.api), \(bind: e.apiKeyEnv), \(bind: e.isReference ? 1 : 0),
                            \(bind: e.concurrency), \(bind: Int64(e.timeoutMs)), \(bind: e.enabled ? 1 : 0), \(bind: t))
                    """).run()
            }
        } catch {
            if try await endpoint(e.id) != nil {
                throw StoreError(.alreadyExists, "an endpoint with id '\(e.id)' is already registered; pick another id or remove it first")
            }
            throw error
        }
    }

    /// Removes an endpoint (its past results stay in the signed rounds).
    public func remove(_ id: String) async throws {
        guard try await endpoint(id) != nil else { throw StoreError(.notFound, "no endpoint with id '\(id)'; `merit watch list` shows them") }
        try await db.write { db in try await db.raw("DELETE FROM watch_endpoints WHERE id = \(bind: id)").run() }
    }

    /// One endpoint.
    public func endpoint(_ id: String) async throws -> WatchedEndpoint? {
        try await db.read { db in try await db.raw("SELECT * FROM watch_endpoints WHERE id = \(bind: id)").first().map(Self.endpoint) }
    }

    /// All endpoints, by id.
    public func endpoints() async throws -> [WatchedEndpoint] {
        try await db.read { db in try await db.raw("SELECT * FROM watch_endpoints ORDER BY id").all().map(Self.endpoint) }
    }

    static func endpoint(_ r: any SQLRow) throws -> WatchedEndpoint {
        WatchedEndpoint(id: try r.string("id"), operatorName: try r.string("operator"), url: try r.string("url"), model: try r.string("model"), api: try r.string("api"),
                       apiKeyEnv: try r.optString("api_key_env"), isReference: try r.int("is_reference") != 0, concurrency: try r.int("concurrency"),
                       timeoutMs: try r.int("timeout_ms"), enabled: try r.int("enabled") != 0, createdMs: try r.int64("created_ms"))
    }

    /// The last round, if any.
    public func lastRound() async throws -> SignedRound? {
        try await db.read { db in try await db.raw("SELECT * FROM watch_rounds ORDER BY round DESC LIMIT 1").first().map(Self.round) }
    }

    /// Rounds in order, optionally only the last `limit`.
    public func rounds(limit: Int?) async throws -> [SignedRound] {
        let rows = try await db.read { db in
            if let limit { return try await db.raw("SELECT * FROM watch_rounds ORDER BY round DESC LIMIT \(bind: limit)").all().map(Self.round) }
            return try await db.raw("SELECT * FROM watch_rounds ORDER BY round DESC").all().map(Self.round)
        }
        return rows.reversed()
    }

    static func round(_ r: any SQLRow) throws -> SignedRound {
        SignedRound(round: try r.int64("round"), digest: try r.string("digest"), previous: try r.string("previous"), startedMs: try r.int64("started_ms"),
                 signer: try r.string("signer"), recordJSON: try r.string("record_json"), dataJSON: try r.string("data_json"))
    }

    /// Appends a round with its results, in one transaction. It must extend the chain: its number is
    /// the last one plus one and its `previous` is the last digest; otherwise nothing is written.
    public func append(_ results: RoundResults) async throws {
        let round = results.round
        try await db.write { db in
            let last = try await db.raw("SELECT round, digest FROM watch_rounds ORDER BY round DESC LIMIT 1").first()
            let lastRound = try last?.int64("round") ?? 0
            let lastDigest = try last?.string("digest") ?? SignedRound.genesisPrevious
            guard round.round == lastRound + 1, round.previous == lastDigest else {
                throw StoreError(.invalid, "round \(round.round) does not extend the chain (the last round is \(lastRound)); another watcher wrote first — run again")
            }
            try await db.raw("""
                INSERT INTO watch_rounds (round, digest, previous, started_ms, signer, record_json, data_json)
                VALUES (\(bind: round.round), \(bind: round.digest), \(bind: round.previous), \(bind: round.startedMs), \(bind: round.signer),
                        \(bind: round.recordJSON), \(bind: round.dataJSON))
                """).run()
            for s in results.scores {
                try await db.raw("""
                    INSERT INTO watch_scores (round, endpoint_id, task, metric, value, stderr, samples, is_primary)
                    VALUES (\(bind: s.round), \(bind: s.endpointId), \(bind: s.task), \(bind: s.metric), \(bind: s.value), \(bind: s.stderr),
                            \(bind: Int64(s.samples)), \(bind: s.isPrimary ? 1 : 0))
                    """).run()
            }
            for q in results.qos {
                try await db.raw("INSERT INTO watch_qos (round, endpoint_id, summary_json) VALUES (\(bind: round.round), \(bind: q.endpointId), \(bind: q.summaryJSON))").run()
            }
            for v in results.identity {
                try await db.raw("""
                    INSERT INTO watch_identity (round, endpoint_id, status, verdict_json) VALUES (\(bind: round.round), \(bind: v.endpointId), \(bind: v.status), \(bind: v.verdictJSON))
                    """).run()
            }
        }
    }

    /// Scores from round `from` on.
    public func scores(fromRound from: Int64) async throws -> [RoundScore] {
        try await db.read { db in
            try await db.raw("SELECT * FROM watch_scores WHERE round >= \(bind: from) ORDER BY round, endpoint_id, task, metric").all().map { r in
                RoundScore(round: try r.int64("round"), endpointId: try r.string("endpoint_id"), task: try r.string("task"), metric: try r.string("metric"),
                         value: try r.double("value"), stderr: try r.double("stderr"), samples: try r.int("samples"), isPrimary: try r.int("is_primary") != 0)
            }
        }
    }

    /// QoS summaries from round `from` on.
    public func qos(fromRound from: Int64) async throws -> [RoundQoS] {
        try await db.read { db in
            try await db.raw("SELECT * FROM watch_qos WHERE round >= \(bind: from) ORDER BY round, endpoint_id").all().map {
                RoundQoS(round: try $0.int64("round"), endpointId: try $0.string("endpoint_id"), summaryJSON: try $0.string("summary_json"))
            }
        }
    }

    /// Identity verdicts from round `from` on.
    public func identity(fromRound from: Int64) async throws -> [RoundIdentity] {
        try await db.read { db in
            try await db.raw("SELECT * FROM watch_identity WHERE round >= \(bind: from) ORDER BY round, endpoint_id").all().map {
                RoundIdentity(round: try $0.int64("round"), endpointId: try $0.string("endpoint_id"), status: try $0.string("status"), verdictJSON: try $0.string("verdict_json"))
            }
        }
    }

    /// One round.
    public func round(_ n: Int64) async throws -> SignedRound? {
        try await db.read { db in try await db.raw("SELECT * FROM watch_rounds WHERE round = \(bind: n)").first().map(Self.round) }
    }
}
