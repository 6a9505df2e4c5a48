/// One version of a model as its lineage records it: what it was trained on, how it scored, who paid
/// for it to exist, and what attests it. Version 1 is trained by Merit on the owner's base data; each
/// later version is its parent's training set plus the rows of one paid contribution.
public struct LineageEntry: Sendable, Equatable {
    /// The model.
    public var modelName: String
    /// The version this entry describes.
    public var version: Int
    /// The version it was judged against and extends (nil for version 1).
    public var parentVersion: Int?
    /// The training set: a Merit-written CSV (the spec's columns, in order), content-addressed.
    public var trainingSha256: String
    /// Merkle root (0x hex) of the training set's record hashes, in file order.
    public var trainingRoot: String
    /// Records in the training set.
    public var trainingRecords: Int64
    /// RFC 6962 consistency proof (0x hex nodes) from the parent's root to this one; empty for version 1.
    public var consistencyProof: [String]
    /// The trained model's file (an XGBoost JSON booster), content-addressed; nil for a command trainer.
    public var boosterSha256: String?
    /// keccak256 (0x hex) of the booster's bytes: the model hash attestations commit to.
    public var modelHash: String?
    /// The metric on the benchmark, and its 95% percentile bootstrap interval.
    public var metric: Double
    public var metricLow: Double
    public var metricHigh: Double
    /// DeltaOnes awarded for the contribution that made this version, in basis points (0 for version 1).
    public var deltaOneBps: Int
    /// Who was paid for it (empty for version 1).
    public var contributors: [Contributor]
    /// The contribution it came from (nil for version 1).
    public var contributionId: String?
    /// keccak256 (0x hex) of the evaluation report's bytes.
    public var reportDigest: String
    /// The EIP-712 digest (0x hex) of the attestation that created it, when it was signed.
    public var attestationDigest: String?
    /// When it was recorded (the request's or the job's clock).
    public var createdMs: Int64

    /// Creates an entry.
    public init(modelName: String, version: Int, parentVersion: Int?, trainingSha256: String, trainingRoot: String, trainingRecords: Int64,
                consistencyProof: [String], boosterSha256: String?, modelHash: String?, metric: Double, metricLow: Double, metricHigh: Double,
                deltaOneBps: Int, contributors: [Contributor], contributionId: String?, reportDigest: String, attestationDigest: String?, createdMs: Int64) {
        self.modelName = modelName; self.version = version; self.parentVersion = parentVersion
        self.trainingSha256 = trainingSha256; self.trainingRoot = trainingRoot; self.trainingRecords = trainingRecords
        self.consistencyProof = consistencyProof; self.boosterSha256 = boosterSha256; self.modelHash = modelHash
        self.metric = metric; self.metricLow = metricLow; self.metricHigh = metricHigh; self.deltaOneBps = deltaOneBps
        self.contributors = contributors; self.contributionId = contributionId; self.reportDigest = reportDigest
        self.attestationDigest = attestationDigest; self.createdMs = createdMs
    }
}

/// A model's head and lineage: the version contributions are judged against, moved only by
/// compare-and-swap so that two jobs judged against the same head cannot both move it.
///
/// Implemented in SQL (`SQLModelStore`) and in memory (`MemoryModelStore`), by the same rules.
public protocol LineageStore: Sendable {
    /// The head's lineage entry, or nil when the model has no Merit-trained version yet.
    func head(_ model: String) async throws -> LineageEntry?
    /// Every entry, oldest first.
    func lineage(_ model: String) async throws -> [LineageEntry]
    /// In one transaction: creates the next model version from `version`, records `entry` for it (its
    /// `version` is filled in), and moves the head to it, provided the head is still `expectedHead`
    /// (nil: no head yet). Throws `StoreError.conflict` when the head has moved: judge again.
    func advanceHead(_ model: String, expectedHead: Int?, entry: LineageEntry, version: NewVersion, stage: String?) async throws -> ModelVersion
}
