import MeritCore
import MeritBase

/// The registry's rules that do not depend on where versions are kept, shared by `SQLModelStore` and
/// `MemoryModelStore`.
enum RegistryRules {
    /// MLflow's canonical name of a stage given in any case; invalid for an unknown one.
    static func canonicalStage(_ stage: String) throws -> String {
        guard let canonical = ModelVersion.stages.first(where: { $0.lowercased() == stage.lowercased() }) else {
            throw StoreError(.invalid, "unknown stage '\(stage)'; use one of \(ModelVersion.stages.joined(separator: ", "))")
        }
        return canonical
    }

    /// What a rollback moves: the version now in production, and the last other version that was in
    /// production before it, from the stage history (oldest first).
    static func rollback(_ name: String, history: [(version: Int, stage: String)], versions: [ModelVersion]) throws -> (current: Int, previous: Int) {
        guard let current = versions.first(where: { $0.stage == "Production" })?.version else {
            throw StoreError(.invalid, "'\(name)' has no version in production to roll back")
        }
        guard let previous = history.filter({ $0.stage == "Production" }).map(\.version).last(where: { $0 != current }) else {
            throw StoreError(.invalid, "'\(name)' has no earlier production version to roll back to")
        }
        return (current, previous)
    }

    /// A ticker the owner sets: 3 to 6 letters A-Z (uniqueness is the store's to check).
    static func checkTicker(_ ticker: String) throws {
        guard TokenTags.isTicker(ticker) else {
            throw StoreError(.invalid, "ticker \(Excerpt.quoted(ticker)) is not 3 to 6 letters A-Z (the token's ERC-20 symbol, such as CHURN)")
        }
    }
}
