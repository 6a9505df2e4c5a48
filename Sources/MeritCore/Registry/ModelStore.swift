/// Where registered models live with their versions, tags, aliases and stage history: the registry that
/// the native API and MLflow's model registry share.
///
/// Implemented in SQL (`SQLModelStore`, MeritStore) and in memory (`MemoryModelStore`, for tests). Both
/// keep names and tickers unique, number versions from 1 without reuse, apply token tags
/// (`TokenTags`), and refuse to delete or rename a model that has contributions.
public protocol ModelStore: LineageStore {
    /// Creates a model; the name and the ticker are unique.
    func createModel(_ m: NewModel) async throws -> RegisteredModel
    /// A model by name (not-found otherwise).
    func model(_ name: String) async throws -> RegisteredModel
    /// A model by ticker (not-found otherwise).
    func model(ticker: String) async throws -> RegisteredModel
    /// All models, by name.
    func models() async throws -> [RegisteredModel]
    /// Changes native fields.
    func updateModel(_ name: String, _ changes: ModelChanges) async throws -> RegisteredModel
    /// Sets a model tag, applying token tags.
    func setModelTag(_ name: String, _ tag: KeyValue) async throws
    /// Deletes a model tag.
    func deleteModelTag(_ name: String, key: String) async throws
    /// Deletes a model with its versions, tags, aliases and registered data; refused when it has contributions.
    func deleteModel(_ name: String) async throws
    /// Renames a model with everything filed under its name; refused when it has contributions.
    func renameModel(_ name: String, to newName: String) async throws -> RegisteredModel
    /// Creates the next version.
    func createVersion(_ name: String, _ v: NewVersion) async throws -> ModelVersion
    /// One version.
    func version(_ name: String, _ version: Int) async throws -> ModelVersion
    /// Versions of one model (or of all models when nil), newest first.
    func versions(_ name: String?) async throws -> [ModelVersion]
    /// Changes a version's description.
    func updateVersion(_ name: String, _ version: Int, description: String) async throws -> ModelVersion
    /// Sets a version tag (token tags apply to the model).
    func setVersionTag(_ name: String, _ version: Int, _ tag: KeyValue) async throws
    /// Token tags set on a run after versions were created from it: they reach those versions and
    /// their models (other tags are ignored here).
    func applyRunTags(runId: String, _ tags: [KeyValue]) async throws
    /// Deletes a version tag.
    func deleteVersionTag(_ name: String, _ version: Int, key: String) async throws
    /// Deletes a version and the aliases pointing at it.
    func deleteVersion(_ name: String, _ version: Int) async throws
    /// Moves a version to a stage; with `archiveExisting`, other versions in Staging or Production go to Archived.
    func transition(_ name: String, _ version: Int, to stage: String, archiveExisting: Bool) async throws -> ModelVersion
    /// Moves production back to the version that held it before the current one, which is archived.
    func rollback(_ name: String) async throws -> ModelVersion
    /// Points an alias at a version (moving it if it exists).
    func setAlias(_ name: String, alias: String, version: Int) async throws
    /// Removes an alias.
    func deleteAlias(_ name: String, alias: String) async throws
    /// The version an alias points at.
    func version(_ name: String, alias: String) async throws -> ModelVersion
}
