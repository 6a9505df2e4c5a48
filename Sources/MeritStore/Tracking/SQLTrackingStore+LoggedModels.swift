import MeritBase
import MeritCore
import SQLKit

extension SQLTrackingStore {
    /// Creates a logged model (status pending); its files go to `mlflow-artifacts:/<exp>/models/<id>/artifacts`.
    public func createLoggedModel(experimentId: Int64, name: String, sourceRunId: String?, modelType: String?,
                                  params: [KeyValue], tags: [KeyValue], ownerKey: String?) async throws -> LoggedModelRecord {
        _ = try await experiment(id: experimentId)
        let id = "m-" + randomHexID()
        let t = now()
        try await db.write { db in
            try await db.raw("""
                INSERT INTO logged_models (model_id, experiment_id, name, artifact_uri, status, source_run_id, model_type, created_ms, updated_ms, owner_key)
                VALUES (\(bind: id), \(bind: experimentId), \(bind: name), \(bind: "mlflow-artifacts:/\(experimentId)/models/\(id)/artifacts"),
                        'LOGGED_MODEL_PENDING', \(bind: sourceRunId), \(bind: modelType), \(bind: t), \(bind: t), \(bind: ownerKey))
                """).run()
            for p in params {
                try await db.raw("INSERT INTO logged_model_params (model_id, key, value) VALUES (\(bind: id), \(bind: p.key), \(bind: p.value)) ON CONFLICT (model_id, key) DO UPDATE SET value = excluded.value").run()
            }
            for tag in tags { try await Self.upsertModelTag(db, id, tag) }
        }
        return try await loggedModel(id)
    }

    static func upsertModelTag(_ db: any SQLDatabase, _ id: String, _ tag: KeyValue) async throws {
        try await db.raw("INSERT INTO logged_model_tags (model_id, key, value) VALUES (\(bind: id), \(bind: tag.key), \(bind: tag.value)) ON CONFLICT (model_id, key) DO UPDATE SET value = excluded.value").run()
    }

    /// A logged model, with the run metrics logged against it.
    public func loggedModel(_ id: String) async throws -> LoggedModelRecord {
        try await db.read { db in
            guard let row = try await db.raw("SELECT * FROM logged_models WHERE model_id = \(bind: id)").first() else {
                throw StoreError(.notFound, "logged model '\(id)' not found")
            }
            return try await Self.loggedModel(row, db)
        }
    }

    static func loggedModel(_ row: any SQLRow, _ db: any SQLDatabase) async throws -> LoggedModelRecord {
        let id = try row.string("model_id")
        let params = try await db.raw("SELECT key, value FROM logged_model_params WHERE model_id = \(bind: id) ORDER BY key").all()
            .map { KeyValue(try $0.string("key"), try $0.string("value")) }
        let tags = try await db.raw("SELECT key, value FROM logged_model_tags WHERE model_id = \(bind: id) ORDER BY key").all()
            .map { KeyValue(try $0.string("key"), try $0.string("value")) }
        let metrics = try await db.raw("SELECT key, value, is_nan, timestamp_ms, step, run_id FROM metrics WHERE model_id = \(bind: id) ORDER BY key, step, timestamp_ms").all()
            .map { MetricRecord(key: try $0.string("key"), value: try $0.int("is_nan") != 0 ? .nan : try $0.double("value"), timestampMs: try $0.int64("timestamp_ms"), step: try $0.int64("step"), modelId: id) }
        return LoggedModelRecord(modelId: id, experimentId: try row.int64("experiment_id"), name: try row.string("name"),
                                 artifactURI: try row.string("artifact_uri"), status: try row.string("status"),
                                 sourceRunId: try row.optString("source_run_id"), modelType: try row.optString("model_type"),
                                 createdMs: try row.int64("created_ms"), updatedMs: try row.int64("updated_ms"),
                                 params: params, tags: tags, metrics: metrics)
    }

    /// Sets a logged model's status.
    public func finalizeLoggedModel(_ id: String, status: String) async throws -> LoggedModelRecord {
        _ = try await loggedModel(id)
        let t = now()
        try await db.write { db in try await db.raw("UPDATE logged_models SET status = \(bind: status), updated_ms = \(bind: t) WHERE model_id = \(bind: id)").run() }
        return try await loggedModel(id)
    }

    /// Sets logged model tags.
    public func setLoggedModelTags(_ id: String, _ tags: [KeyValue]) async throws {
        _ = try await loggedModel(id)
        try await db.write { db in for tag in tags { try await Self.upsertModelTag(db, id, tag) } }
    }

    /// Logged models of some experiments, newest first.
    public func loggedModels(experimentIds: [Int64]) async throws -> [LoggedModelRecord] {
        try await db.read { db in
            var out: [LoggedModelRecord] = []
            for e in experimentIds {
                for row in try await db.raw("SELECT * FROM logged_models WHERE experiment_id = \(bind: e) ORDER BY created_ms DESC, model_id").all() {
                    out.append(try await Self.loggedModel(row, db))
                }
            }
            return out
        }
    }
}
