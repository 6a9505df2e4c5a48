import MeritBase
import MeritCore
import SQLKit

/// Creating and updating runs and logging to them: the MLflow hot paths, in as few statements as the
/// checks allow, since on SQLite each statement is a round trip to its thread.
extension SQLTrackingStore {
    /// Creates a run owned by `ownerKey` (the creator's API key id), in one statement: the run row
    /// carries its first tags, which a trigger files (migration 6), and the INSERT … SELECT from
    /// `experiments` checks that the experiment exists. The record returned is what was written.
    public func createRun(experimentId: Int64, userId: String, name: String?, startMs: Int64?, tags: [KeyValue], ownerKey: String?) async throws -> RunRecord {
        let runId = randomHexID()
        let runName = name.flatMap { $0.isEmpty ? nil : $0 } ?? tags.last { $0.key == "mlflow.runName" }?.value ?? "run-\(runId.prefix(8))"
        let start = startMs ?? now()
        let uri = "mlflow-artifacts:/\(experimentId)/\(runId)/artifacts"
        // The last value of a key wins, as when the tags were set one after the other.
        var byKey: [String: String] = [:]
        for tag in tags { byKey[tag.key] = tag.value }
        if byKey["mlflow.runName"] == nil { byKey["mlflow.runName"] = runName }
        let sorted = byKey.keys.sorted().map { KeyValue($0, byKey[$0]!) }
        let tagsJSON = JSONValue.array(sorted.map { .array([.string($0.key), .string($0.value)]) }).serialized(pretty: false)
        let created = try await db.write(atomic: true) { db in
            try await db.raw("""
                INSERT INTO runs (run_id, experiment_id, name, user_id, status, start_ms, lifecycle_stage, artifact_uri, owner_key, new_tags)
                SELECT \(bind: runId), id, \(bind: runName), \(bind: userId), 'RUNNING', \(bind: start), 'active', \(bind: uri), \(bind: ownerKey), \(bind: tagsJSON)
                FROM experiments WHERE id = \(bind: experimentId)
                RETURNING run_id
                """).first() != nil
        }
        guard created else { throw StoreError(.notFound, "no experiment with id \(experimentId)") }
        return RunRecord(runId: runId, experimentId: experimentId, name: runName, userId: userId, status: "RUNNING", startMs: start, endMs: nil,
                         lifecycleStage: "active", artifactURI: uri, params: [], tags: sorted, metrics: [], inputsJSON: "[]", outputs: [])
    }

    static func upsertTag(_ db: any SQLDatabase, _ runId: String, _ tag: KeyValue) async throws {
        try await db.raw("""
            INSERT INTO run_tags (run_id, key, value) VALUES (\(bind: runId), \(bind: tag.key), \(bind: tag.value))
            ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value
            """).run()
    }

    /// Updates status, end time or name (nil leaves each as it is), in one statement unless the name
    /// changes (its `mlflow.runName` tag follows). Returns the run's info as updated: its params, tags
    /// and metrics are not read (`run(_:)` has them).
    public func updateRun(_ runId: String, status: String?, endMs: Int64?, name: String?) async throws -> RunRecord {
        let newName = name.flatMap { $0.isEmpty ? nil : $0 }
        let row = try await db.write(atomic: newName == nil) { db in
            let row = try await db.raw("""
                UPDATE runs SET status = COALESCE(\(bind: status), status), end_ms = COALESCE(\(bind: endMs), end_ms), name = COALESCE(\(bind: newName), name)
                WHERE run_id = \(bind: runId)
                RETURNING run_id, experiment_id, name, user_id, status, start_ms, end_ms, lifecycle_stage, artifact_uri, inputs_json
                """).first()
            if let newName, row != nil { try await Self.upsertTag(db, runId, KeyValue("mlflow.runName", newName)) }
            return try row.map { r in
                RunRecord(runId: try r.string("run_id"), experimentId: try r.int64("experiment_id"), name: try r.string("name"), userId: try r.string("user_id"),
                          status: try r.string("status"), startMs: try r.int64("start_ms"), endMs: try r.optInt64("end_ms"),
                          lifecycleStage: try r.string("lifecycle_stage"), artifactURI: try r.string("artifact_uri"),
                          params: [], tags: [], metrics: [], inputsJSON: try r.string("inputs_json"), outputs: [])
            }
        }
        guard let row else { throw StoreError(.notFound, "run '\(runId)' not found") }
        return row
    }

    /// Logs metrics, params and tags in one transaction. A param may be logged again only with the same
    /// value. Every write is an INSERT … SELECT from `runs`, so it checks that the run exists as it
    /// writes; one metric alone is one statement, shared with other writers' metrics on SQLite.
    public func logBatch(_ runId: String, metrics: [MetricRecord], params: [KeyValue], tags: [KeyValue]) async throws {
        if metrics.count == 1 && params.isEmpty && tags.isEmpty {
            try await db.appendMetric(MetricAppend(runId: runId, metric: metrics[0]))
            return
        }
        try await db.write { db in
            if metrics.isEmpty && params.isEmpty && tags.isEmpty {
                guard try await db.raw("SELECT run_id FROM runs WHERE run_id = \(bind: runId)").first() != nil else {
                    throw StoreError(.notFound, "run '\(runId)' not found")
                }
            }
            for p in params { try await Self.insertParam(db, runId, p) }
            for t in tags {
                let written = try await db.raw("""
                    INSERT INTO run_tags (run_id, key, value) SELECT \(bind: runId), \(bind: t.key), \(bind: t.value) FROM runs WHERE run_id = \(bind: runId)
                    ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value
                    RETURNING key
                    """).first()
                if written == nil { throw StoreError(.notFound, "run '\(runId)' not found") }
            }
            for m in metrics { try await MetricAppend(runId: runId, metric: m).insertOne(db) }
        }
    }

    /// Inserts a param, or checks that it already has this value.
    static func insertParam(_ db: any SQLDatabase, _ runId: String, _ p: KeyValue) async throws {
        let inserted = try await db.raw("""
            INSERT INTO params (run_id, key, value) SELECT \(bind: runId), \(bind: p.key), \(bind: p.value) FROM runs WHERE run_id = \(bind: runId)
            ON CONFLICT (run_id, key) DO NOTHING
            RETURNING key
            """).first()
        if inserted != nil { return }
        // Not inserted: the run is missing, or the param was logged before.
        guard let existing = try await db.raw("SELECT value FROM params WHERE run_id = \(bind: runId) AND key = \(bind: p.key)").first() else {
            throw StoreError(.notFound, "run '\(runId)' not found")
        }
        if try existing.string("value") != p.value {
            throw StoreError(.invalid, "changing param values is not allowed: param '\(p.key)' was already logged for run '\(runId)' with a different value")
        }
    }
}
