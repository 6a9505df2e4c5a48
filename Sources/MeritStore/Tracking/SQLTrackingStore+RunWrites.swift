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
        var given = tags.lastValuePerKey
        if !given.contains(where: { $0.key == "mlflow.runName" }) { given.append(KeyValue("mlflow.runName", runName)) }
        let sorted = given.lastValuePerKey
        let tagsJSON = JSONValue.array(sorted.map { .array([.string($0.key), .string($0.value)]) }).serialized(pretty: false)
        let created = try await db.writeStatements(["""
            INSERT INTO runs (run_id, experiment_id, name, user_id, status, start_ms, lifecycle_stage, artifact_uri, owner_key, new_tags)
            SELECT \(bind: runId), id, \(bind: runName), \(bind: userId), 'RUNNING', \(bind: start), 'active', \(bind: uri), \(bind: ownerKey), \(bind: tagsJSON)
            FROM experiments WHERE id = \(bind: experimentId)
            RETURNING run_id
            """])[0].count == 1
        guard created else { throw StoreError(.notFound, "no experiment with id \(experimentId)") }
        return RunRecord(runId: runId, experimentId: experimentId, name: runName, userId: userId, status: "RUNNING", startMs: start, endMs: nil,
                         lifecycleStage: "active", artifactURI: uri, params: [], tags: sorted, metrics: [], inputsJSON: "[]", outputs: [])
    }

    /// Updates status, end time or name (nil leaves each as it is), in one statement unless the name
    /// changes (its `mlflow.runName` tag follows). Returns the run's info as updated: its params, tags
    /// and metrics are not read (`run(_:)` has them).
    public func updateRun(_ runId: String, status: String?, endMs: Int64?, name: String?) async throws -> RunRecord {
        let newName = name.flatMap { $0.isEmpty ? nil : $0 }
        var statements: [SQLQueryString] = ["""
            UPDATE runs SET status = COALESCE(\(bind: status), status), end_ms = COALESCE(\(bind: endMs), end_ms), name = COALESCE(\(bind: newName), name)
            WHERE run_id = \(bind: runId)
            RETURNING run_id, experiment_id, name, user_id, status, start_ms, end_ms, lifecycle_stage, artifact_uri, inputs_json
            """]
        if let newName { statements.append(Self.tagStatement(runId, [KeyValue("mlflow.runName", newName)], unless: nil)) }
        guard let r = try await db.writeStatements(statements)[0].first else { throw StoreError(.notFound, "run '\(runId)' not found") }
        return RunRecord(runId: try r.string("run_id"), experimentId: try r.int64("experiment_id"), name: try r.string("name"), userId: try r.string("user_id"),
                         status: try r.string("status"), startMs: try r.int64("start_ms"), endMs: try r.optInt64("end_ms"),
                         lifecycleStage: try r.string("lifecycle_stage"), artifactURI: try r.string("artifact_uri"),
                         params: [], tags: [], metrics: [], inputsJSON: try r.string("inputs_json"), outputs: [])
    }

    /// Logs metrics, params and tags, all or nothing. A param may be logged again only with the same
    /// value. One metric alone is one statement, shared with other writers' metrics on SQLite; otherwise
    /// every statement is guarded by the same condition (the run exists and no param is logged with
    /// another value), so a failing batch writes nothing, and a last read says why.
    public func logBatch(_ runId: String, metrics: [MetricRecord], params: [KeyValue], tags: [KeyValue]) async throws {
        if metrics.count == 1 && params.isEmpty && tags.isEmpty {
            try await db.appendMetric(MetricAppend(runId: runId, metric: metrics[0]))
            return
        }
        let conflict = Self.conflict(runId, params)
        var statements: [SQLQueryString] = []
        if !params.isEmpty {
            statements.append("""
                INSERT INTO params (run_id, key, value) SELECT r.run_id, v.k, v.val FROM runs r CROSS JOIN (\(Self.pairs(params))) v
                WHERE r.run_id = \(bind: runId) AND NOT \(conflict)
                ON CONFLICT (run_id, key) DO NOTHING
                """)
        }
        if !tags.isEmpty { statements.append(Self.tagStatement(runId, tags, unless: conflict)) }
        // In order: each insert sees the ones before it, so its seq follows theirs.
        for m in metrics { statements.append(MetricAppend(runId: runId, metric: m).guardedInsert(unless: conflict)) }
        statements.append("""
            SELECT (SELECT COUNT(*) FROM runs WHERE run_id = \(bind: runId)) AS found,
                   (SELECT p.key FROM params p WHERE p.run_id = \(bind: runId) AND \(Self.differs(params)) ORDER BY p.key LIMIT 1) AS conflicting
            """)
        let rows = try await db.writeStatements(statements)
        guard let check = rows.last?.first, try check.int64("found") == 1 else { throw StoreError(.notFound, "run '\(runId)' not found") }
        if let key = try check.optString("conflicting") {
            throw StoreError(.invalid, "changing param values is not allowed: param '\(key)' was already logged for run '\(runId)' with a different value")
        }
    }

    /// `(SELECT ? AS k, ? AS val UNION ALL …)`: pairs as a table, in SQL both engines read the same way.
    static func pairs(_ list: [KeyValue]) -> SQLQueryString {
        list.enumerated().map { i, p -> SQLQueryString in i == 0 ? "SELECT \(bind: p.key) AS k, \(bind: p.value) AS val" : "SELECT \(bind: p.key), \(bind: p.value)" }
            .joined(separator: " UNION ALL ")
    }

    /// A condition on `p` (a params row): its key is one of `params` and its value is another.
    static func differs(_ params: [KeyValue]) -> SQLQueryString {
        guard !params.isEmpty else { return "1 = 0" }
        return "(" + params.map { p -> SQLQueryString in "(p.key = \(bind: p.key) AND p.value <> \(bind: p.value))" }.joined(separator: " OR ") + ")"
    }

    /// True when the run already has one of `params` with another value.
    static func conflict(_ runId: String, _ params: [KeyValue]) -> SQLQueryString {
        params.isEmpty ? "(1 = 0)" : "EXISTS (SELECT 1 FROM params p WHERE p.run_id = \(bind: runId) AND \(differs(params)))"
    }

    /// Upserts tags (the last value of a key wins) if the run exists and `condition` does not hold.
    static func tagStatement(_ runId: String, _ tags: [KeyValue], unless condition: SQLQueryString?) -> SQLQueryString {
        let unique = tags.lastValuePerKey
        let unless: SQLQueryString = condition.map { " AND NOT \($0)" } ?? ""
        return """
            INSERT INTO run_tags (run_id, key, value) SELECT r.run_id, v.k, v.val FROM runs r CROSS JOIN (\(pairs(unique))) v
            WHERE r.run_id = \(bind: runId)\(unless)
            ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value
            """
    }
}
