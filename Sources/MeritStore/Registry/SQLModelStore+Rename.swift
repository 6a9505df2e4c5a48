import MeritCore
import SQLKit

extension SQLModelStore {
    /// Renames a model with everything filed under its name: versions, tags, aliases, stage history,
    /// registered data and the API keys scoped to it. A model with contributions keeps its name, as it
    /// cannot be deleted either: their reports and attestations name it. The stored spec is not
    /// rewritten, so the spec hash that attestations carry stays valid.
    public func renameModel(_ name: String, to newName: String) async throws -> RegisteredModel {
        guard !newName.isEmpty else { throw StoreError(.invalid, "the new name must not be empty") }
        let t = now()
        try await db.write { db in
            guard try await db.raw("SELECT name FROM models WHERE name = \(bind: name)").first() != nil else {
                throw StoreError(.notFound, "registered model '\(name)' not found")
            }
            if try await db.raw("SELECT name FROM models WHERE name = \(bind: newName)").first() != nil {
                throw StoreError(.alreadyExists, "registered model '\(newName)' already exists")
            }
            let n = try await db.raw("SELECT COUNT(*) AS n FROM contributions WHERE model_name = \(bind: name)").first()?.int("n") ?? 0
            guard n == 0 else {
                throw StoreError(.invalid, "model '\(name)' has \(n) contribution(s) whose reports and attestations name it; it cannot be renamed")
            }
            try await db.raw("UPDATE models SET name = \(bind: newName), updated_ms = \(bind: t) WHERE name = \(bind: name)").run()
            for table in ["model_tags", "model_versions", "version_tags", "version_datasets", "aliases", "stage_events", "model_data", "api_keys", "lineage"] {
                try await db.raw("UPDATE \(ident: table) SET model_name = \(bind: newName) WHERE model_name = \(bind: name)").run()
            }
        }
        return try await model(newName)
    }
}
