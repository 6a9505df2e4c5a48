import Foundation
import MeritBase
import MeritCore
import SQLKit

/// The model registry in SQL: registered models, versions, tags, aliases and stages, shared by the
/// native API and MLflow's registry.
///
/// The tags `hokusai_token_id`, `benchmark_metric` and `benchmark_value` on a model, a version or the
/// run behind a version map to the model's token ID, metric and baseline (`TokenTags`), so a model
/// registered through MLflow appears tokenized in the native API; a value that cannot be used is
/// recorded in the model's token status, never refused.
public struct SQLModelStore: ModelStore {
    let db: Database
    let now: MillisecondClock

    /// Creates the store.
    public init(db: Database, clock: @escaping MillisecondClock = systemMilliseconds) { self.db = db; self.now = clock }

    // MARK: Models

    /// Creates a model; the name and the ticker are unique.
    public func createModel(_ m: NewModel) async throws -> RegisteredModel {
        guard !m.name.isEmpty else { throw StoreError(.invalid, "a registered model needs a non-empty name") }
        let t = now()
        try await db.write { db in
            if try await db.raw("SELECT name FROM models WHERE name = \(bind: m.name)").first() != nil {
                throw StoreError(.alreadyExists, "registered model '\(m.name)' already exists")
            }
            if let ticker = m.ticker, try await db.raw("SELECT name FROM models WHERE ticker = \(bind: ticker)").first() != nil {
                throw StoreError(.alreadyExists, "the ticker \(ticker) is taken by another model")
            }
            try await db.raw("""
                INSERT INTO models (name, ticker, description, category, license, metric, direction, baseline, tokens_per_delta_one,
                                    contributor_share_bps, spec_json, spec_hash, owner_key, next_version, created_ms, updated_ms)
                VALUES (\(bind: m.name), \(bind: m.ticker), \(bind: m.description), \(bind: m.category), \(bind: m.license?.rawValue), \(bind: m.metric?.rawValue),
                        \(bind: m.direction?.rawValue), \(bind: m.baseline), \(bind: m.tokensPerDeltaOne), \(bind: m.contributorShareBps.map(Int64.init)),
                        \(bind: m.specJSON), \(bind: m.specHash), \(bind: m.ownerKey), 1, \(bind: t), \(bind: t))
                """).run()
            for tag in m.tags { try await Self.setModelTag(db, m.name, tag, now: t) }
        }
        return try await model(m.name)
    }

    /// A model by name.
    public func model(_ name: String) async throws -> RegisteredModel {
        try await db.read { db in
            guard let row = try await db.raw("SELECT * FROM models WHERE name = \(bind: name)").first() else {
                throw StoreError(.notFound, "registered model '\(name)' not found")
            }
            return try await Self.model(row, db)
        }
    }

    /// A model by ticker.
    public func model(ticker: String) async throws -> RegisteredModel {
        try await db.read { db in
            guard let row = try await db.raw("SELECT * FROM models WHERE ticker = \(bind: ticker)").first() else {
                throw StoreError(.notFound, "no model with ticker \(ticker)")
            }
            return try await Self.model(row, db)
        }
    }

    /// All models, by name.
    public func models() async throws -> [RegisteredModel] {
        try await db.read { db in
            var out: [RegisteredModel] = []
            for row in try await db.raw("SELECT * FROM models ORDER BY name").all() { out.append(try await Self.model(row, db)) }
            return out
        }
    }

    static func model(_ row: any SQLRow, _ db: any SQLDatabase) async throws -> RegisteredModel {
        let name = try row.string("name")
        let tags = try await db.raw("SELECT key, value FROM model_tags WHERE model_name = \(bind: name) ORDER BY key").all()
            .map { KeyValue(try $0.string("key"), try $0.string("value")) }
        let aliases = try await db.raw("SELECT alias, version FROM aliases WHERE model_name = \(bind: name) ORDER BY alias").all()
            .map { (alias: try $0.string("alias"), version: try $0.int("version")) }
        return RegisteredModel(name: name, tokenId: try row.optString("token_id"), ticker: try row.optString("ticker"),
                           tokenIssues: Self.issues(try row.optString("token_issues")), description: try row.string("description"),
                           category: try row.optString("category"), license: try row.optString("license").flatMap(ModelSpec.License.init(rawValue:)),
                           metric: try row.optString("metric").flatMap(MetricKind.init(rawValue:)),
                           direction: try row.optString("direction").flatMap(Direction.init(rawValue:)),
                           baseline: try row.optDouble("baseline"), tokensPerDeltaOne: try row.optInt64("tokens_per_delta_one"),
                           contributorShareBps: try row.optInt("contributor_share_bps"), spec: try row.optString("spec_json").flatMap { try? ModelSpec.parse(Data($0.utf8), fileName: "the stored spec of \(name)") },
                           specJSON: try row.optString("spec_json"),
                           specHash: try row.optString("spec_hash"), ownerKey: try row.optString("owner_key"),
                           createdMs: try row.int64("created_ms"), updatedMs: try row.int64("updated_ms"), tags: tags, aliases: aliases)
    }

    /// Changes native fields; nil leaves a field as it is.
    public func updateModel(_ name: String, _ changes: ModelChanges) async throws -> RegisteredModel {
        _ = try await model(name)
        let t = now()
        try await db.write { db in
            try await db.raw("""
                UPDATE models SET description = COALESCE(\(bind: changes.description), description), category = COALESCE(\(bind: changes.category), category),
                  baseline = COALESCE(\(bind: changes.baseline), baseline), license = COALESCE(\(bind: changes.license?.rawValue), license), updated_ms = \(bind: t)
                WHERE name = \(bind: name)
                """).run()
            if let ticker = changes.ticker {
                try RegistryRules.checkTicker(ticker)
                if let other = try await db.raw("SELECT name FROM models WHERE ticker = \(bind: ticker) AND name <> \(bind: name)").first() {
                    throw StoreError(.alreadyExists, "the ticker \(ticker) belongs to model '\(try other.string("name"))'; choose another")
                }
                try await db.raw("UPDATE models SET ticker = \(bind: ticker) WHERE name = \(bind: name)").run()
            }
        }
        return try await model(name)
    }

    /// Sets a model tag, applying the token tags.
    public func setModelTag(_ name: String, _ tag: KeyValue) async throws {
        _ = try await model(name)
        let t = now()
        try await db.write { db in try await Self.setModelTag(db, name, tag, now: t) }
    }

    static func setModelTag(_ db: any SQLDatabase, _ name: String, _ tag: KeyValue, now: Int64) async throws {
        try await db.raw("""
            INSERT INTO model_tags (model_name, key, value) VALUES (\(bind: name), \(bind: tag.key), \(bind: tag.value))
            ON CONFLICT (model_name, key) DO UPDATE SET value = excluded.value
            """).run()
        try await applyTokenTags(db, name, [tag])
        try await db.raw("UPDATE models SET updated_ms = \(bind: now) WHERE name = \(bind: name)").run()
    }

    /// Applies the token tags among `tags` to the model's fields (`TokenTags`): a token ID another model
    /// holds, like any value that cannot be used, is recorded in the model's token status.
    static func applyTokenTags(_ db: any SQLDatabase, _ name: String, _ tags: [KeyValue]) async throws {
        guard tags.contains(where: { TokenTags.keys.contains($0.key) }),
              let row = try await db.raw("SELECT * FROM models WHERE name = \(bind: name)").first() else { return }
        var model = try await Self.model(row, db)
        for tag in tags {
            guard var effect = TokenTags.effect(of: tag) else { continue }
            if case .tokenId(let id) = effect,
               let other = try await db.raw("SELECT name FROM models WHERE token_id = \(bind: id) AND name <> \(bind: name)").first() {
                effect = .unusable(key: tag.key, reason: "the token ID \(id) belongs to model '\(try other.string("name"))'; choose another")
            }
            TokenTags.apply(effect, to: &model)
        }
        try await db.raw("""
            UPDATE models SET token_id = \(bind: model.tokenId), metric = \(bind: model.metric?.rawValue), direction = \(bind: model.direction?.rawValue),
              baseline = \(bind: model.baseline), token_issues = \(bind: Self.issuesText(model.tokenIssues))
            WHERE name = \(bind: name)
            """).run()
    }

    /// Token tag problems as stored: a JSON object, tag → reason; nil when there are none.
    static func issuesText(_ issues: [KeyValue]) -> String? {
        issues.isEmpty ? nil : JSONValue.object(issues.map { .init($0.key, .string($0.value)) }).serialized(pretty: false)
    }

    /// Token tag problems from their stored form.
    static func issues(_ text: String?) -> [KeyValue] {
        guard let text, let members = (try? JSONValue.parse(text, name: "token_issues"))?.objectMembers else { return [] }
        return members.compactMap { m in m.value.stringValue.map { KeyValue(m.key, $0) } }
    }

    /// Deletes a model tag.
    public func deleteModelTag(_ name: String, key: String) async throws {
        try await db.write { db in try await db.raw("DELETE FROM model_tags WHERE model_name = \(bind: name) AND key = \(bind: key)").run() }
    }

    /// Deletes a model, its versions, tags, aliases and registered data. A model with contributions is
    /// refused: their reports and attestations are what contributors were paid for, and are never lost.
    public func deleteModel(_ name: String) async throws {
        _ = try await model(name)
        try await db.write { db in
            let n = try await db.raw("SELECT COUNT(*) AS n FROM contributions WHERE model_name = \(bind: name)").first()?.int("n") ?? 0
            guard n == 0 else {
                throw StoreError(.invalid, "model '\(name)' has \(n) contribution(s) whose reports and attestations must be kept; it cannot be deleted")
            }
            try await db.raw("DELETE FROM model_data WHERE model_name = \(bind: name)").run()
            for table in ["aliases", "version_tags", "version_datasets", "model_versions", "model_tags", "stage_events", "lineage"] {
                try await db.raw("DELETE FROM \(ident: table) WHERE model_name = \(bind: name)").run()
            }
            try await db.raw("DELETE FROM models WHERE name = \(bind: name)").run()
        }
    }
}
