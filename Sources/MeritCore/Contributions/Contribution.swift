/// Where a contribution's evaluation job stands.
public enum JobState: String, Sendable, CaseIterable, Codable {
    /// Waiting for a worker.
    case queued
    /// A worker holds its lease.
    case running
    /// Evaluated (awarded or not); the report and attestation are stored.
    case done
    /// The input was rejected before evaluation (the error says why).
    case rejected
    /// The job failed after its attempts (the error says why).
    case failed
}

/// A contributor's upload to a model, and the evaluation job it becomes.
public struct Contribution: Sendable, Equatable {
    /// `c-` and 32 hex digits.
    public var id: String
    public var modelName: String
    /// The client's Idempotency-Key, scoped to `submittedBy` and the model.
    public var idempotencyKey: String?
    /// The API key id that uploaded it.
    public var submittedBy: String
    /// Who is paid, with their weights resolved.
    public var contributors: [Contributor]
    /// SHA-256 of the upload (hex), which names its blob.
    public var sha256: String
    /// The file name the contributor gave; its extension gives the format.
    public var fileName: String
    public var size: Int64
    public var state: JobState
    public var attempts: Int
    /// The worker that last claimed the job (`host-pid-random`).
    public var claimedBy: String?
    public var leaseUntilMs: Int64?
    public var reportJSON: String?
    public var attestationJSON: String?
    /// Why it was rejected or failed; never a data value or a server path.
    public var error: String?
    public var createdMs: Int64
    public var updatedMs: Int64

    /// Creates a contribution record.
    public init(id: String, modelName: String, idempotencyKey: String?, submittedBy: String, contributors: [Contributor], sha256: String,
                fileName: String, size: Int64, state: JobState, attempts: Int, claimedBy: String?, leaseUntilMs: Int64?,
                reportJSON: String?, attestationJSON: String?, error: String?, createdMs: Int64, updatedMs: Int64) {
        self.id = id; self.modelName = modelName; self.idempotencyKey = idempotencyKey; self.submittedBy = submittedBy
        self.contributors = contributors; self.sha256 = sha256; self.fileName = fileName; self.size = size; self.state = state
        self.attempts = attempts; self.claimedBy = claimedBy; self.leaseUntilMs = leaseUntilMs; self.reportJSON = reportJSON
        self.attestationJSON = attestationJSON; self.error = error; self.createdMs = createdMs; self.updatedMs = updatedMs
    }
}

/// What a model's owner registers: the data the baseline trains on, and the held-out benchmark.
public enum DataRole: String, Sendable, CaseIterable, Codable {
    /// The training data both models start from.
    case base
    /// The held-out rows both models are scored on.
    case benchmark
}

/// The owner's registered base or benchmark data for a model.
public struct ModelData: Sendable, Equatable {
    public var modelName: String
    public var role: DataRole
    /// SHA-256 of the file (hex), which names its blob.
    public var sha256: String
    /// The file name the owner gave.
    public var fileName: String
    /// Merkle root of its records (0x hex).
    public var root: String
    public var records: Int64

    /// Creates a record.
    public init(modelName: String, role: DataRole, sha256: String, fileName: String, root: String, records: Int64) {
        self.modelName = modelName; self.role = role; self.sha256 = sha256; self.fileName = fileName; self.root = root; self.records = records
    }
}

/// Contributions as jobs, and the model data they are judged against. Implemented in SQL
/// (`SQLJobQueue`, SQLite or PostgreSQL, shared by several processes) and in memory (`MemoryJobQueue`,
/// for unit tests).
///
/// A job is claimed under a lease that its worker renews; a job whose lease ran out (or whose worker is
/// known to be gone) is claimed again; a late result from a worker that lost its lease is ignored.
public protocol JobQueue: Sendable {
    /// How long a claim lasts without renewal, in milliseconds.
    var leaseMs: Int64 { get }
    /// Registers (or replaces) a model's base or benchmark data.
    func setModelData(_ d: ModelData) async throws
    /// The model's registered data, by role.
    func modelData(_ model: String) async throws -> [DataRole: ModelData]
    /// Queues a contribution. When `submittedBy` already used `idempotencyKey` for `model`, nothing is
    /// queued and the existing contribution comes back with `created == false`.
    func submit(model: String, idempotencyKey: String?, submittedBy: String, contributors: [Contributor],
                sha256: String, fileName: String, size: Int64) async throws -> (Contribution, created: Bool)
    /// One contribution; not found is an error.
    func contribution(_ id: String) async throws -> Contribution
    /// Contributions, newest first, optionally of one model or in one state.
    func contributions(model: String?, state: JobState?, limit: Int) async throws -> [Contribution]
    /// Job counts by state (every state present), for /metrics.
    func countsByState() async throws -> [JobState: Int]
    /// Claims the oldest queued job, or a running one whose lease ran out or whose worker `isGone`.
    func claim(worker: String, isGone: @escaping @Sendable (String) -> Bool) async throws -> Contribution?
    /// Extends a lease; false when the job is no longer this worker's.
    func renew(_ id: String, worker: String) async throws -> Bool
    /// Records the outcome, only if this worker still holds the job.
    func finish(_ id: String, worker: String, state: JobState, reportJSON: String?, attestationJSON: String?, error: String?) async throws
}

extension JobQueue {
    /// Claims a job with no knowledge of which workers are gone.
    public func claim(worker: String) async throws -> Contribution? { try await claim(worker: worker, isGone: { _ in false }) }
    /// Contributions, newest first, at most 1,000.
    public func contributions(model: String?, state: JobState?) async throws -> [Contribution] {
        try await contributions(model: model, state: state, limit: 1000)
    }
}
