/// A version of a registered model.
public struct ModelVersion: Sendable {
    /// MLflow's stage names, in order.
    public static let stages = ["None", "Staging", "Production", "Archived"]

    /// The model.
    public var modelName: String
    /// From 1, never reused.
    public var version: Int
    /// Semantic version number, e.g. `1.2.0`.
    public var semver: String?
    /// Free text.
    public var description: String
    /// Where the model's files are.
    public var source: String
    /// The MLflow run behind it.
    public var runId: String?
    /// The MLflow logged model behind it.
    public var loggedModelId: String?
    /// A link to the run.
    public var runLink: String?
    /// MLflow stage name: None, Staging, Production, Archived.
    public var stage: String
    /// The version it was derived from.
    public var parentVersion: Int?
    /// MLflow's status (READY).
    public var status: String
    /// When it was created and last changed.
    public var createdMs: Int64, updatedMs: Int64
    /// Its tags, by key.
    public var tags: [KeyValue]
    /// The aliases pointing at it.
    public var aliases: [String]
    /// Lineage: datasets by role and Merkle root.
    public var datasets: [(role: String, root: String, records: Int64)]

    /// Creates a version as a store returns it.
    public init(modelName: String, version: Int, semver: String? = nil, description: String = "", source: String = "", runId: String? = nil,
                loggedModelId: String? = nil, runLink: String? = nil, stage: String = "None", parentVersion: Int? = nil, status: String = "READY",
                createdMs: Int64 = 0, updatedMs: Int64 = 0, tags: [KeyValue] = [], aliases: [String] = [],
                datasets: [(role: String, root: String, records: Int64)] = []) {
        self.modelName = modelName; self.version = version; self.semver = semver; self.description = description; self.source = source
        self.runId = runId; self.loggedModelId = loggedModelId; self.runLink = runLink; self.stage = stage; self.parentVersion = parentVersion
        self.status = status; self.createdMs = createdMs; self.updatedMs = updatedMs; self.tags = tags; self.aliases = aliases; self.datasets = datasets
    }
}

/// The fields of a version to create.
public struct NewVersion: Sendable {
    /// Where the model's files are.
    public var source = ""
    /// The MLflow run behind it.
    public var runId: String?
    /// The MLflow logged model behind it.
    public var loggedModelId: String?
    /// A link to the run.
    public var runLink: String?
    /// Free text.
    public var description = ""
    /// Semantic version number.
    public var semver: String?
    /// The version it derives from; it must exist.
    public var parentVersion: Int?
    /// Tags (token tags among them apply to the model).
    public var tags: [KeyValue] = []
    /// Token tags found on the run behind the version, applied to the model.
    public var runTokenTags: [KeyValue] = []
    /// Lineage.
    public var datasets: [(role: String, root: String, records: Int64)] = []
    /// Creates empty fields.
    public init() {}
}
