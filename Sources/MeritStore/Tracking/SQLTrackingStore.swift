import MeritBase
import MeritCore
import SQLKit

/// MLflow's tracking data in SQL: experiments, runs, metrics, params, tags and logged models.
public struct SQLTrackingStore: TrackingStore {
    let db: Database
    let now: MillisecondClock
    let cache = RunCache()

    /// Creates the store over a database.
    public init(db: Database, clock: @escaping MillisecondClock = systemMilliseconds) { self.db = db; self.now = clock }

    // MARK: Experiments

    /// Creates an experiment; its artifacts live under `mlflow-artifacts:/<id>`.
    /// `ownerKey` is the API key id of the creator: only it (and admins) may change the experiment or
    /// create runs in it.
    public func createExperiment(name: String, tags: [KeyValue], ownerKey: String?) async throws -> Int64 {
        guard !name.isEmpty else { throw StoreError(.invalid, "an experiment needs a non-empty name") }
        let t = now()
        return try await db.write { db in
            if try await db.raw("SELECT id FROM experiments WHERE name = \(bind: name)").first() != nil {
                throw StoreError(.alreadyExists, "experiment '\(name)' already exists")
            }
            let id = try await db.raw("UPDATE counters SET value = value + 1 WHERE name = 'experiment' RETURNING value").first()!.int64("value")
            try await db.raw("""
                INSERT INTO experiments (id, name, artifact_location, lifecycle_stage, created_ms, updated_ms, owner_key)
                VALUES (\(bind: id), \(bind: name), \(bind: "mlflow-artifacts:/\(id)"), 'active', \(bind: t), \(bind: t), \(bind: ownerKey))
                """).run()
            for tag in tags {
                try await db.raw("INSERT INTO experiment_tags (experiment_id, key, value) VALUES (\(bind: id), \(bind: tag.key), \(bind: tag.value))").run()
            }
            return id
        }
    }

    /// An experiment by id or name.
    public func experiment(id: Int64?, name: String?) async throws -> ExperimentRecord {
        try await db.read { db in
            let row: (any SQLRow)?
            if let id { row = try await db.raw("SELECT * FROM experiments WHERE id = \(bind: id)").first() }
            else { row = try await db.raw("SELECT * FROM experiments WHERE name = \(bind: name ?? "")").first() }
            guard let row else {
                throw StoreError(.notFound, id.map { "no experiment with id \($0)" } ?? "no experiment named '\(name ?? "")'")
            }
            return try await Self.experiment(row, db)
        }
    }

    static func experiment(_ row: any SQLRow, _ db: any SQLDatabase) async throws -> ExperimentRecord {
        let id = try row.int64("id")
        let tags = try await db.raw("SELECT key, value FROM experiment_tags WHERE experiment_id = \(bind: id) ORDER BY key").all()
            .map { KeyValue(try $0.string("key"), try $0.string("value")) }
        return ExperimentRecord(id: id, name: try row.string("name"), artifactLocation: try row.string("artifact_location"),
                                lifecycleStage: try row.string("lifecycle_stage"), createdMs: try row.int64("created_ms"),
                                updatedMs: try row.int64("updated_ms"), tags: tags)
    }

    /// All experiments (active, deleted or both).
    public func experiments(lifecycle: String?) async throws -> [ExperimentRecord] {
        try await db.read { db in
            var out: [ExperimentRecord] = []
            for row in try await db.raw("SELECT * FROM experiments ORDER BY id").all() {
                let e = try await Self.experiment(row, db)
                if lifecycle == nil || e.lifecycleStage == lifecycle { out.append(e) }
            }
            return out
        }
    }

    /// Sets an experiment tag.
    public func setExperimentTag(id: Int64, _ tag: KeyValue) async throws {
        _ = try await experiment(id: id)
        try await db.write { db in
            try await db.raw("""
                INSERT INTO experiment_tags (experiment_id, key, value) VALUES (\(bind: id), \(bind: tag.key), \(bind: tag.value))
                ON CONFLICT (experiment_id, key) DO UPDATE SET value = excluded.value
                """).run()
        }
    }

    /// Marks an experiment deleted or active.
    public func setExperimentLifecycle(id: Int64, _ stage: String) async throws {
        _ = try await experiment(id: id)
        let t = now()
        try await db.write { db in try await db.raw("UPDATE experiments SET lifecycle_stage = \(bind: stage), updated_ms = \(bind: t) WHERE id = \(bind: id)").run() }
    }

    // MARK: Runs

    /// A run with its latest metrics, params, tags, inputs and outputs.
    public func run(_ runId: String) async throws -> RunRecord {
        try await db.read { db in
            guard let row = try await db.raw("SELECT * FROM runs WHERE run_id = \(bind: runId)").first() else {
                throw StoreError(.notFound, "run '\(runId)' not found")
            }
            return try await Self.run(row, db)
        }
    }

    static func run(_ row: any SQLRow, _ db: any SQLDatabase) async throws -> RunRecord {
        let id = try row.string("run_id")
        let params = try await db.raw("SELECT key, value FROM params WHERE run_id = \(bind: id) ORDER BY key").all()
            .map { KeyValue(try $0.string("key"), try $0.string("value")) }
        let tags = try await db.raw("SELECT key, value FROM run_tags WHERE run_id = \(bind: id) ORDER BY key").all()
            .map { KeyValue(try $0.string("key"), try $0.string("value")) }
        let metrics = try await db.raw("SELECT key, value, is_nan, timestamp_ms, step FROM latest_metrics WHERE run_id = \(bind: id) ORDER BY key").all()
            .map { MetricRecord(key: try $0.string("key"), value: try $0.int("is_nan") != 0 ? .nan : try $0.double("value"), timestampMs: try $0.int64("timestamp_ms"), step: try $0.int64("step")) }
        let outputs = try await db.raw("SELECT model_id, step FROM run_outputs WHERE run_id = \(bind: id) ORDER BY model_id").all()
            .map { (modelId: try $0.string("model_id"), step: try $0.int64("step")) }
        return RunRecord(runId: id, experimentId: try row.int64("experiment_id"), name: try row.string("name"), userId: try row.string("user_id"),
                         status: try row.string("status"), startMs: try row.int64("start_ms"), endMs: try row.optInt64("end_ms"),
                         lifecycleStage: try row.string("lifecycle_stage"), artifactURI: try row.string("artifact_uri"),
                         params: params, tags: tags, metrics: metrics, inputsJSON: try row.string("inputs_json"), outputs: outputs)
    }

    /// Runs of some experiments, newest first (filtering and ordering are the caller's), with their latest
    /// metrics; with `details`, also params, tags and outputs. A fixed number of queries whatever the
    /// number of runs: everything is loaded in bulk.
    public func runs(experimentIds: [Int64], lifecycle: String?, details: Bool) async throws -> [RunRecord] {
        var out: [RunRecord] = []
        for e in experimentIds {
            // Unchanged database: the decoded runs of the last search, details included (see RunCache).
            let version = try await db.dataVersion()
            if let version, let cached = cache.get(.init(experiment: e, lifecycle: lifecycle), version: version) {
                out += cached
                continue
            }
            var these: [RunRecord] = []
            var metrics: [String: [MetricRecord]] = [:]
            for row in try await db.readRows("SELECT m.run_id, m.key, m.value, m.is_nan, m.timestamp_ms, m.step FROM latest_metrics m JOIN runs r ON r.run_id = m.run_id WHERE r.experiment_id = \(bind: e) ORDER BY m.key") {
                let value = try row.int64("is_nan") != 0 ? .nan : try row.double("value")
                metrics[try row.string("run_id"), default: []].append(MetricRecord(key: try row.string("key"), value: value, timestampMs: try row.int64("timestamp_ms"), step: try row.int64("step")))
            }
            for row in try await db.readRows("SELECT * FROM runs WHERE experiment_id = \(bind: e) ORDER BY start_ms DESC, run_id") {
                if let lifecycle, try row.string("lifecycle_stage") != lifecycle { continue }
                let id = try row.string("run_id")
                these.append(RunRecord(runId: id, experimentId: e, name: try row.string("name"), userId: try row.string("user_id"),
                                       status: try row.string("status"), startMs: try row.int64("start_ms"), endMs: try row.optInt64("end_ms"),
                                       lifecycleStage: try row.string("lifecycle_stage"), artifactURI: try row.string("artifact_uri"),
                                       params: [], tags: [], metrics: metrics[id] ?? [], inputsJSON: try row.string("inputs_json"), outputs: []))
            }
            if let version {
                these = try await withDetails(these)
                cache.put(.init(experiment: e, lifecycle: lifecycle), version: version, runs: these)
            } else if details {
                these = try await withDetails(these)
            }
            out += these
        }
        return out
    }

    /// Whether `runs(details: false)` returns details anyway: on SQLite they are cached with the runs.
    public var runsCarryDetails: Bool { db.engine == .sqlite }

    /// Fills in the params, tags and logged-model outputs of `runs` (in chunks of 500 run ids), so a
    /// search can filter and page on metrics and attributes first and load the rest only for its page.
    public func withDetails(_ runs: [RunRecord]) async throws -> [RunRecord] {
        var params: [String: [KeyValue]] = [:], tags: [String: [KeyValue]] = [:]
        var outputs: [String: [(modelId: String, step: Int64)]] = [:]
        var start = 0
        while start < runs.count {
            let ids: [any Encodable & Sendable] = runs[start..<min(start + 500, runs.count)].map(\.runId)
            start += 500
            for row in try await db.readRows("SELECT run_id, key, value FROM params WHERE run_id IN (\(binds: ids)) ORDER BY key") {
                params[try row.string("run_id"), default: []].append(KeyValue(try row.string("key"), try row.string("value")))
            }
            for row in try await db.readRows("SELECT run_id, key, value FROM run_tags WHERE run_id IN (\(binds: ids)) ORDER BY key") {
                tags[try row.string("run_id"), default: []].append(KeyValue(try row.string("key"), try row.string("value")))
            }
            for row in try await db.readRows("SELECT run_id, model_id, step FROM run_outputs WHERE run_id IN (\(binds: ids)) ORDER BY model_id") {
                outputs[try row.string("run_id"), default: []].append((modelId: try row.string("model_id"), step: try row.int64("step")))
            }
        }
        return runs.map { r in
            var r = r
            r.params = params[r.runId] ?? []
            r.tags = tags[r.runId] ?? []
            r.outputs = outputs[r.runId] ?? []
            return r
        }
    }

    /// Marks a run deleted or active.
    public func setRunLifecycle(_ runId: String, _ stage: String) async throws {
        _ = try await run(runId)
        try await db.write { db in try await db.raw("UPDATE runs SET lifecycle_stage = \(bind: stage) WHERE run_id = \(bind: runId)").run() }
    }

    /// Deletes a run tag.
    public func deleteTag(_ runId: String, key: String) async throws {
        try await db.write { db in try await db.raw("DELETE FROM run_tags WHERE run_id = \(bind: runId) AND key = \(bind: key)").run() }
    }

    /// A metric's full history, ordered by timestamp then step, as the MLflow server returns it.
    public func metricHistory(_ runId: String, key: String) async throws -> [MetricRecord] {
        _ = try await run(runId)
        return try await db.read { db in
            try await db.raw("SELECT key, value, is_nan, timestamp_ms, step, model_id FROM metrics WHERE run_id = \(bind: runId) AND key = \(bind: key) ORDER BY timestamp_ms, step, seq").all()
                .map { MetricRecord(key: try $0.string("key"), value: try $0.int("is_nan") != 0 ? .nan : try $0.double("value"), timestampMs: try $0.int64("timestamp_ms"),
                                    step: try $0.int64("step"), modelId: try $0.optString("model_id")) }
        }
    }

    /// Appends dataset inputs (MLflow JSON objects) to a run.
    public func logInputs(_ runId: String, datasetsJSON: [String]) async throws {
        let r = try await run(runId)
        guard !datasetsJSON.isEmpty else { return }
        // inputs_json is a JSON array written only here: append before its closing bracket.
        let body = String(r.inputsJSON.dropLast())
        let joined: String = body + (body == "[" ? "" : ",") + datasetsJSON.joined(separator: ",") + "]"
        try await db.write { db in try await db.raw("UPDATE runs SET inputs_json = \(bind: joined) WHERE run_id = \(bind: runId)").run() }
    }

    /// Links logged models to a run as outputs.
    public func logOutputs(_ runId: String, models: [(String, Int64)]) async throws {
        _ = try await run(runId)
        try await db.write { db in
            for (m, step) in models {
                try await db.raw("""
                    INSERT INTO run_outputs (run_id, model_id, step) VALUES (\(bind: runId), \(bind: m), \(bind: step))
                    ON CONFLICT (run_id, model_id) DO UPDATE SET step = excluded.step
                    """).run()
            }
        }
    }
}
