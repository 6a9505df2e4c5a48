/// Where MLflow's tracking data lives: experiments, runs with their metrics, params, tags, inputs and
/// outputs, logged models, and who created each.
///
/// Implemented in SQL (`SQLTrackingStore`, MeritStore) and in memory (`MemoryTrackingStore`, for tests).
/// Filtering, ordering and paging of searches are the caller's (plain functions over `RunRecord`s).
public protocol TrackingStore: Sendable {
    /// Creates an experiment owned by `ownerKey`; its name is unique. Returns its id.
    func createExperiment(name: String, tags: [KeyValue], ownerKey: String?) async throws -> Int64
    /// An experiment by id, or by name when `id` is nil.
    func experiment(id: Int64?, name: String?) async throws -> ExperimentRecord
    /// Experiments in a lifecycle stage (all when nil), by id.
    func experiments(lifecycle: String?) async throws -> [ExperimentRecord]
    /// Sets an experiment tag.
    func setExperimentTag(id: Int64, _ tag: KeyValue) async throws
    /// Marks an experiment deleted or active.
    func setExperimentLifecycle(id: Int64, _ stage: String) async throws

    /// Creates a run owned by `ownerKey` in an existing experiment.
    func createRun(experimentId: Int64, userId: String, name: String?, startMs: Int64?, tags: [KeyValue], ownerKey: String?) async throws -> RunRecord
    /// A run with its latest metrics, params, tags, inputs and outputs.
    func run(_ runId: String) async throws -> RunRecord
    /// Runs of some experiments, newest first, with their latest metrics; with `details`, also params,
    /// tags and outputs (a store may include them anyway: `runsCarryDetails`).
    func runs(experimentIds: [Int64], lifecycle: String?, details: Bool) async throws -> [RunRecord]
    /// Whether `runs(details: false)` returns details anyway.
    var runsCarryDetails: Bool { get }
    /// Fills in the params, tags and outputs of `runs`.
    func withDetails(_ runs: [RunRecord]) async throws -> [RunRecord]
    /// Updates status, end time or name (nil leaves each as it is); returns the run's info.
    func updateRun(_ runId: String, status: String?, endMs: Int64?, name: String?) async throws -> RunRecord
    /// Marks a run deleted or active.
    func setRunLifecycle(_ runId: String, _ stage: String) async throws
    /// Logs metrics, params and tags, all or nothing; a param may be logged again only with the same value.
    func logBatch(_ runId: String, metrics: [MetricRecord], params: [KeyValue], tags: [KeyValue]) async throws
    /// Deletes a run tag.
    func deleteTag(_ runId: String, key: String) async throws
    /// A metric's full history, by timestamp, then step, then arrival.
    func metricHistory(_ runId: String, key: String) async throws -> [MetricRecord]
    /// Appends dataset inputs (MLflow JSON objects, kept verbatim).
    func logInputs(_ runId: String, datasetsJSON: [String]) async throws
    /// Links logged models to a run as outputs.
    func logOutputs(_ runId: String, models: [(String, Int64)]) async throws

    /// Creates a logged model (status pending).
    func createLoggedModel(experimentId: Int64, name: String, sourceRunId: String?, modelType: String?,
                           params: [KeyValue], tags: [KeyValue], ownerKey: String?) async throws -> LoggedModelRecord
    /// A logged model, with the run metrics logged against it.
    func loggedModel(_ id: String) async throws -> LoggedModelRecord
    /// Sets a logged model's status.
    func finalizeLoggedModel(_ id: String, status: String) async throws -> LoggedModelRecord
    /// Sets logged model tags.
    func setLoggedModelTags(_ id: String, _ tags: [KeyValue]) async throws
    /// Logged models of some experiments, newest first.
    func loggedModels(experimentIds: [Int64]) async throws -> [LoggedModelRecord]

    /// The id of the API key that created `thing`, or nil when it has none (MLflow's Default experiment,
    /// and anything created before owners were recorded); not-found when it does not exist.
    func owner(of thing: TrackedThing) async throws -> String?
}

extension TrackingStore {
    /// Creates an experiment with no owner.
    public func createExperiment(name: String, tags: [KeyValue]) async throws -> Int64 { try await createExperiment(name: name, tags: tags, ownerKey: nil) }
    /// An experiment by id.
    public func experiment(id: Int64) async throws -> ExperimentRecord { try await experiment(id: id, name: nil) }
    /// An experiment by name.
    public func experiment(name: String) async throws -> ExperimentRecord { try await experiment(id: nil, name: name) }
    /// Creates a run with no owner.
    public func createRun(experimentId: Int64, userId: String, name: String?, startMs: Int64?, tags: [KeyValue]) async throws -> RunRecord {
        try await createRun(experimentId: experimentId, userId: userId, name: name, startMs: startMs, tags: tags, ownerKey: nil)
    }
    /// Runs with their details.
    public func runs(experimentIds: [Int64], lifecycle: String?) async throws -> [RunRecord] {
        try await runs(experimentIds: experimentIds, lifecycle: lifecycle, details: true)
    }
    /// Creates a logged model with no owner.
    public func createLoggedModel(experimentId: Int64, name: String, sourceRunId: String?, modelType: String?,
                                  params: [KeyValue], tags: [KeyValue]) async throws -> LoggedModelRecord {
        try await createLoggedModel(experimentId: experimentId, name: name, sourceRunId: sourceRunId, modelType: modelType, params: params, tags: tags, ownerKey: nil)
    }
}
