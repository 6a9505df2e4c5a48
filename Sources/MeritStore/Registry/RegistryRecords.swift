/// A registered model: MLflow's registered model and Merit's tokenized model are the same row.
public struct ModelRecord: Sendable {
    public var name: String
    /// Token ticker (3-6 upper-case letters); nil for a model registered through MLflow without `hokusai_token_id`.
    public var ticker: String?
    public var description: String
    public var category: String?
    public var license: String?
    public var metric: String?
    public var direction: String?
    public var baseline: Double?
    public var tokensPerDeltaOne: Int64?
    public var contributorShareBps: Int?
    /// The model spec's canonical JSON and its hash, when the model was created from a spec.
    public var specJSON: String?
    public var specHash: String?
    /// The API key id of the owner.
    public var ownerKey: String?
    public var createdMs: Int64
    public var updatedMs: Int64
    public var tags: [KeyValue]
    public var aliases: [(alias: String, version: Int)]
}

/// A model version.
public struct VersionRecord: Sendable {
    public var modelName: String
    public var version: Int
    /// Semantic version number, e.g. `1.2.0`.
    public var semver: String?
    public var description: String
    public var source: String
    public var runId: String?
    public var loggedModelId: String?
    public var runLink: String?
    /// MLflow stage name: None, Staging, Production, Archived.
    public var stage: String
    public var parentVersion: Int?
    public var status: String
    public var createdMs: Int64
    public var updatedMs: Int64
    public var tags: [KeyValue]
    public var aliases: [String]
    /// Lineage: datasets by role and Merkle root.
    public var datasets: [(role: String, root: String, records: Int64)]
}
