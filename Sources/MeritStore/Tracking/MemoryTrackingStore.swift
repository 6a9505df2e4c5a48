import MeritBase
import MeritCore

/// MLflow's tracking data in memory, for unit tests: the same rules, errors and orderings as
/// `SQLTrackingStore` (the Default experiment 0 exists from the start).
public actor MemoryTrackingStore: TrackingStore {
    struct Experiment { var record: ExperimentRecord; var owner: String? }
    struct Run {
        var record: RunRecord
        var owner: String?
        /// Every value logged, in arrival order.
        var history: [MetricRecord] = []
    }
    struct LoggedModel { var record: LoggedModelRecord; var owner: String? }

    var experimentsById: [Int64: Experiment] = [0: Experiment(record: ExperimentRecord(id: 0, name: "Default", artifactLocation: "mlflow-artifacts:/0",
                                                                                       lifecycleStage: "active", createdMs: 0, updatedMs: 0, tags: []), owner: nil)]
    var lastExperimentId: Int64 = 0
    var runsById: [String: Run] = [:]
    var loggedModelsById: [String: LoggedModel] = [:]
    let now: MillisecondClock

    /// Creates a store holding only the Default experiment.
    public init(clock: @escaping MillisecondClock = systemMilliseconds) { self.now = clock }

    static func set(_ tag: KeyValue, in tags: inout [KeyValue]) {
        tags.set(tag)
        tags.sort { $0.key < $1.key }
    }

    // MARK: Experiments

    public func createExperiment(name: String, tags: [KeyValue], ownerKey: String?) async throws -> Int64 {
        guard !name.isEmpty else { throw StoreError(.invalid, "an experiment needs a non-empty name") }
        guard !experimentsById.values.contains(where: { $0.record.name == name }) else { throw StoreError(.alreadyExists, "experiment '\(name)' already exists") }
        lastExperimentId += 1
        let id = lastExperimentId, t = now()
        experimentsById[id] = Experiment(record: ExperimentRecord(id: id, name: name, artifactLocation: "mlflow-artifacts:/\(id)", lifecycleStage: "active",
                                                                  createdMs: t, updatedMs: t, tags: tags.sorted { $0.key < $1.key }), owner: ownerKey)
        return id
    }

    public func experiment(id: Int64?, name: String?) async throws -> ExperimentRecord {
        let found = id.map { experimentsById[$0] } ?? experimentsById.values.first { $0.record.name == (name ?? "") }
        guard let found else { throw StoreError(.notFound, id.map { "no experiment with id \($0)" } ?? "no experiment named '\(name ?? "")'") }
        return found.record
    }

    public func experiments(lifecycle: String?) async throws -> [ExperimentRecord] {
        experimentsById.keys.sorted().map { experimentsById[$0]!.record }.filter { lifecycle == nil || $0.lifecycleStage == lifecycle }
    }

    public func setExperimentTag(id: Int64, _ tag: KeyValue) async throws {
        _ = try await experiment(id: id)
        Self.set(tag, in: &experimentsById[id]!.record.tags)
    }

    public func setExperimentLifecycle(id: Int64, _ stage: String) async throws {
        _ = try await experiment(id: id)
        experimentsById[id]!.record.lifecycleStage = stage
        experimentsById[id]!.record.updatedMs = now()
    }

    // MARK: Owners

    public func owner(of thing: TrackedThing) async throws -> String? {
        switch thing {
        case .experiment(let id): if let e = experimentsById[id] { return e.owner }
        case .run(let id): if let r = runsById[id] { return r.owner }
        case .loggedModel(let id): if let m = loggedModelsById[id] { return m.owner }
        }
        throw StoreError(.notFound, "\(thing) not found")
    }

    // MARK: Logged models

    public func createLoggedModel(experimentId: Int64, name: String, sourceRunId: String?, modelType: String?,
                                  params: [KeyValue], tags: [KeyValue], ownerKey: String?) async throws -> LoggedModelRecord {
        _ = try await experiment(id: experimentId)
        let id = "m-" + randomHexID(), t = now()
        var record = LoggedModelRecord(modelId: id, experimentId: experimentId, name: name, artifactURI: "mlflow-artifacts:/\(experimentId)/models/\(id)/artifacts",
                                       status: "LOGGED_MODEL_PENDING", sourceRunId: sourceRunId, modelType: modelType, createdMs: t, updatedMs: t,
                                       params: [], tags: [], metrics: [])
        for p in params { Self.set(p, in: &record.params) }
        for tag in tags { Self.set(tag, in: &record.tags) }
        loggedModelsById[id] = LoggedModel(record: record, owner: ownerKey)
        return try await loggedModel(id)
    }

    public func loggedModel(_ id: String) async throws -> LoggedModelRecord {
        guard var record = loggedModelsById[id]?.record else { throw StoreError(.notFound, "logged model '\(id)' not found") }
        record.metrics = runsById.values.flatMap(\.history).filter { $0.modelId == id }
            .sorted { ($0.key, $0.step, $0.timestampMs) < ($1.key, $1.step, $1.timestampMs) }
        return record
    }

    public func finalizeLoggedModel(_ id: String, status: String) async throws -> LoggedModelRecord {
        _ = try await loggedModel(id)
        loggedModelsById[id]!.record.status = status
        loggedModelsById[id]!.record.updatedMs = now()
        return try await loggedModel(id)
    }

    public func setLoggedModelTags(_ id: String, _ tags: [KeyValue]) async throws {
        _ = try await loggedModel(id)
        for tag in tags { Self.set(tag, in: &loggedModelsById[id]!.record.tags) }
    }

    public func loggedModels(experimentIds: [Int64]) async throws -> [LoggedModelRecord] {
        var out: [LoggedModelRecord] = []
        for e in experimentIds {
            let these = loggedModelsById.values.map(\.record).filter { $0.experimentId == e }
                .sorted { $0.createdMs != $1.createdMs ? $0.createdMs > $1.createdMs : $0.modelId < $1.modelId }
            for m in these { out.append(try await loggedModel(m.modelId)) }
        }
        return out
    }
}
