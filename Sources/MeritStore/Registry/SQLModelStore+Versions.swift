import MeritCore
import SQLKit

extension SQLModelStore {
    /// Creates the next version (numbers start at 1 and are never reused).
    public func createVersion(_ name: String, _ v: NewVersion) async throws -> ModelVersion {
        let t = now()
        let number: Int = try await db.write { db in try await Self.insertVersion(db, name, v, now: t) }
        return try await version(name, number)
    }

    /// Inserts the next version of `name` in the caller's transaction; returns its number.
    static func insertVersion(_ db: any SQLDatabase, _ name: String, _ v: NewVersion, now t: Int64) async throws -> Int {
        guard let row = try await db.raw("UPDATE models SET next_version = next_version + 1, updated_ms = \(bind: t) WHERE name = \(bind: name) RETURNING next_version").first() else {
            throw StoreError(.notFound, "registered model '\(name)' not found")
        }
        let n = try row.int("next_version") - 1
        if let parent = v.parentVersion, try await db.raw("SELECT version FROM model_versions WHERE model_name = \(bind: name) AND version = \(bind: parent)").first() == nil {
            throw StoreError(.invalid, "parent version \(parent) of '\(name)' does not exist")
        }
        try await db.raw("""
            INSERT INTO model_versions (model_name, version, semver, description, source, run_id, logged_model_id, run_link, stage,
                                        parent_version, status, created_ms, updated_ms)
            VALUES (\(bind: name), \(bind: n), \(bind: v.semver), \(bind: v.description), \(bind: v.source), \(bind: v.runId),
                    \(bind: v.loggedModelId), \(bind: v.runLink), 'None', \(bind: v.parentVersion.map(Int64.init)), 'READY', \(bind: t), \(bind: t))
            """).run()
        for tag in v.tags { try await Self.setVersionTag(db, name, n, tag) }
        for d in v.datasets {
            try await db.raw("""
                INSERT INTO version_datasets (model_name, version, role, root, records) VALUES (\(bind: name), \(bind: n), \(bind: d.role), \(bind: d.root), \(bind: d.records))
                ON CONFLICT (model_name, version, role, root) DO NOTHING
                """).run()
        }
        try await Self.applyTokenTags(db, name, v.runTokenTags + v.tags)
        return n
    }

    static func setVersionTag(_ db: any SQLDatabase, _ name: String, _ version: Int, _ tag: KeyValue) async throws {
        try await db.raw("""
            INSERT INTO version_tags (model_name, version, key, value) VALUES (\(bind: name), \(bind: version), \(bind: tag.key), \(bind: tag.value))
            ON CONFLICT (model_name, version, key) DO UPDATE SET value = excluded.value
            """).run()
    }

    /// One version.
    public func version(_ name: String, _ version: Int) async throws -> ModelVersion {
        try await db.read { db in
            guard let row = try await db.raw("SELECT * FROM model_versions WHERE model_name = \(bind: name) AND version = \(bind: version)").first() else {
                throw StoreError(.notFound, "model version '\(name)' version \(version) not found")
            }
            return try await Self.version(row, db)
        }
    }

    /// Versions of one model (or of all models when nil), newest first.
    public func versions(_ name: String?) async throws -> [ModelVersion] {
        try await db.read { db in
            let rows = try await (name.map { db.raw("SELECT * FROM model_versions WHERE model_name = \(bind: $0) ORDER BY version DESC") }
                                  ?? db.raw("SELECT * FROM model_versions ORDER BY model_name, version DESC")).all()
            var out: [ModelVersion] = []
            for row in rows { out.append(try await Self.version(row, db)) }
            return out
        }
    }

    static func version(_ row: any SQLRow, _ db: any SQLDatabase) async throws -> ModelVersion {
        let name = try row.string("model_name"), v = try row.int("version")
        let tags = try await db.raw("SELECT key, value FROM version_tags WHERE model_name = \(bind: name) AND version = \(bind: v) ORDER BY key").all()
            .map { KeyValue(try $0.string("key"), try $0.string("value")) }
        let aliases = try await db.raw("SELECT alias FROM aliases WHERE model_name = \(bind: name) AND version = \(bind: v) ORDER BY alias").all()
            .map { try $0.string("alias") }
        let datasets = try await db.raw("SELECT role, root, records FROM version_datasets WHERE model_name = \(bind: name) AND version = \(bind: v) ORDER BY role, root").all()
            .map { (role: try $0.string("role"), root: try $0.string("root"), records: try $0.int64("records")) }
        return ModelVersion(modelName: name, version: v, semver: try row.optString("semver"), description: try row.string("description"),
                             source: try row.string("source"), runId: try row.optString("run_id"), loggedModelId: try row.optString("logged_model_id"),
                             runLink: try row.optString("run_link"), stage: try row.string("stage"), parentVersion: try row.optInt("parent_version"),
                             status: try row.string("status"), createdMs: try row.int64("created_ms"), updatedMs: try row.int64("updated_ms"),
                             tags: tags, aliases: aliases, datasets: datasets)
    }

    /// Updates a version's description.
    public func updateVersion(_ name: String, _ version: Int, description: String) async throws -> ModelVersion {
        _ = try await self.version(name, version)
        let t = now()
        try await db.write { db in
            try await db.raw("UPDATE model_versions SET description = \(bind: description), updated_ms = \(bind: t) WHERE model_name = \(bind: name) AND version = \(bind: version)").run()
        }
        return try await self.version(name, version)
    }

    /// Sets a version tag (token tags apply to the model).
    public func setVersionTag(_ name: String, _ version: Int, _ tag: KeyValue) async throws {
        _ = try await self.version(name, version)
        try await db.write { db in
            try await Self.setVersionTag(db, name, version, tag)
            try await Self.applyTokenTags(db, name, [tag])
        }
    }

    /// Token tags set on a run after versions were created from it: they reach each such version (as
    /// version tags) and its model, in one transaction.
    public func applyRunTags(runId: String, _ tags: [KeyValue]) async throws {
        let token = tags.filter { TokenTags.keys.contains($0.key) }
        guard !token.isEmpty else { return }
        try await db.write { db in
            for row in try await db.raw("SELECT model_name, version FROM model_versions WHERE run_id = \(bind: runId) ORDER BY model_name, version").all() {
                let (name, version) = (try row.string("model_name"), try row.int("version"))
                for tag in token { try await Self.setVersionTag(db, name, version, tag) }
                try await Self.applyTokenTags(db, name, token)
            }
        }
    }

    /// Deletes a version tag.
    public func deleteVersionTag(_ name: String, _ version: Int, key: String) async throws {
        try await db.write { db in try await db.raw("DELETE FROM version_tags WHERE model_name = \(bind: name) AND version = \(bind: version) AND key = \(bind: key)").run() }
    }

    /// Deletes a version and the aliases pointing at it.
    public func deleteVersion(_ name: String, _ version: Int) async throws {
        _ = try await self.version(name, version)
        try await db.write { db in
            for table in ["aliases", "version_tags", "version_datasets"] {
                try await db.raw("DELETE FROM \(ident: table) WHERE model_name = \(bind: name) AND version = \(bind: version)").run()
            }
            try await db.raw("DELETE FROM model_versions WHERE model_name = \(bind: name) AND version = \(bind: version)").run()
        }
    }

    /// Moves a version to a stage; with `archiveExisting`, other versions in that stage go to Archived.
    public func transition(_ name: String, _ version: Int, to stage: String, archiveExisting: Bool) async throws -> ModelVersion {
        let canonical = try RegistryRules.canonicalStage(stage)
        _ = try await self.version(name, version)
        let t = now()
        try await db.write { db in try await Self.setStage(db, name, version, canonical, archiveExisting: archiveExisting, now: t) }
        return try await self.version(name, version)
    }

    /// Moves a version to a (canonical) stage in the caller's transaction, recording the event.
    static func setStage(_ db: any SQLDatabase, _ name: String, _ version: Int, _ canonical: String, archiveExisting: Bool, now t: Int64) async throws {
        if archiveExisting && (canonical == "Staging" || canonical == "Production") {
            try await db.raw("UPDATE model_versions SET stage = 'Archived', updated_ms = \(bind: t) WHERE model_name = \(bind: name) AND stage = \(bind: canonical) AND version <> \(bind: version)").run()
        }
        try await db.raw("UPDATE model_versions SET stage = \(bind: canonical), updated_ms = \(bind: t) WHERE model_name = \(bind: name) AND version = \(bind: version)").run()
        let seq = try await db.raw("SELECT COALESCE(MAX(seq), 0) + 1 AS s FROM stage_events WHERE model_name = \(bind: name)").first()!.int64("s")
        try await db.raw("INSERT INTO stage_events (model_name, seq, version, stage, at_ms) VALUES (\(bind: name), \(bind: seq), \(bind: version), \(bind: canonical), \(bind: t))").run()
    }

    /// Moves production back to the version that held it before the current one; the current one is archived.
    public func rollback(_ name: String) async throws -> ModelVersion {
        let events = try await db.read { db in
            try await db.raw("SELECT version, stage FROM stage_events WHERE model_name = \(bind: name) ORDER BY seq").all()
                .map { (version: try $0.int("version"), stage: try $0.string("stage")) }
        }
        let (current, previous) = try RegistryRules.rollback(name, history: events, versions: try await versions(name))
        _ = try await transition(name, current, to: "Archived", archiveExisting: false)
        return try await transition(name, previous, to: "Production", archiveExisting: true)
    }

    /// Points an alias at a version (moving it if it exists).
    public func setAlias(_ name: String, alias: String, version: Int) async throws {
        _ = try await self.version(name, version)
        try await db.write { db in
            try await db.raw("""
                INSERT INTO aliases (model_name, alias, version) VALUES (\(bind: name), \(bind: alias), \(bind: version))
                ON CONFLICT (model_name, alias) DO UPDATE SET version = excluded.version
                """).run()
        }
    }

    /// Removes an alias.
    public func deleteAlias(_ name: String, alias: String) async throws {
        try await db.write { db in try await db.raw("DELETE FROM aliases WHERE model_name = \(bind: name) AND alias = \(bind: alias)").run() }
    }

    /// The version an alias points at.
    public func version(_ name: String, alias: String) async throws -> ModelVersion {
        let v = try await db.read { db in
            try await db.raw("SELECT version FROM aliases WHERE model_name = \(bind: name) AND alias = \(bind: alias)").first()?.int("version")
        }
        guard let v else { throw StoreError(.invalid, "registered model alias '\(alias)' not found for model '\(name)'") }
        return try await version(name, v)
    }
}
