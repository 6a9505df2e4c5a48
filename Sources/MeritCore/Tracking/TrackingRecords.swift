/// An MLflow experiment.
public struct ExperimentRecord: Sendable {
    public var id: Int64
    public var name: String
    public var artifactLocation: String
    public var lifecycleStage: String
    public var createdMs: Int64
    public var updatedMs: Int64
    public var tags: [KeyValue]
    /// Creates a record.
    public init(id: Int64, name: String, artifactLocation: String, lifecycleStage: String, createdMs: Int64, updatedMs: Int64, tags: [KeyValue]) {
        self.id = id; self.name = name; self.artifactLocation = artifactLocation; self.lifecycleStage = lifecycleStage
        self.createdMs = createdMs; self.updatedMs = updatedMs; self.tags = tags
    }
}

/// One metric value.
public struct MetricRecord: Sendable, Equatable {
    public var key: String
    public var value: Double
    public var timestampMs: Int64
    public var step: Int64
    public var modelId: String?
    /// Creates a value.
    public init(key: String, value: Double, timestampMs: Int64, step: Int64, modelId: String? = nil) {
        self.key = key; self.value = value; self.timestampMs = timestampMs; self.step = step; self.modelId = modelId
    }
}

/// An MLflow run with its latest metrics, params and tags.
public struct RunRecord: Sendable {
    public var runId: String
    public var experimentId: Int64
    public var name: String
    public var userId: String
    public var status: String
    public var startMs: Int64
    public var endMs: Int64?
    public var lifecycleStage: String
    public var artifactURI: String
    public var params: [KeyValue]
    public var tags: [KeyValue]
    public var metrics: [MetricRecord]
    /// The logged dataset inputs, as MLflow JSON objects (kept verbatim).
    public var inputsJSON: String
    public var outputs: [(modelId: String, step: Int64)]

    /// Creates a record.
    public init(runId: String, experimentId: Int64, name: String, userId: String, status: String, startMs: Int64, endMs: Int64?,
                lifecycleStage: String, artifactURI: String, params: [KeyValue], tags: [KeyValue], metrics: [MetricRecord],
                inputsJSON: String, outputs: [(modelId: String, step: Int64)]) {
        self.runId = runId; self.experimentId = experimentId; self.name = name; self.userId = userId; self.status = status
        self.startMs = startMs; self.endMs = endMs; self.lifecycleStage = lifecycleStage; self.artifactURI = artifactURI
        self.params = params; self.tags = tags; self.metrics = metrics; self.inputsJSON = inputsJSON; self.outputs = outputs
    }

    /// The latest value of a metric.
    public func metric(_ key: String) -> Double? { metrics.first { $0.key == key }?.value }
    /// A param's value.
    public func param(_ key: String) -> String? { params.first { $0.key == key }?.value }
    /// A tag's value.
    public func tag(_ key: String) -> String? { tags.first { $0.key == key }?.value }
}

/// An MLflow 3 logged model.
public struct LoggedModelRecord: Sendable {
    public var modelId: String
    public var experimentId: Int64
    public var name: String
    public var artifactURI: String
    public var status: String
    public var sourceRunId: String?
    public var modelType: String?
    public var createdMs: Int64
    public var updatedMs: Int64
    public var params: [KeyValue]
    public var tags: [KeyValue]
    public var metrics: [MetricRecord]
    /// Creates a record.
    public init(modelId: String, experimentId: Int64, name: String, artifactURI: String, status: String, sourceRunId: String?, modelType: String?,
                createdMs: Int64, updatedMs: Int64, params: [KeyValue], tags: [KeyValue], metrics: [MetricRecord]) {
        self.modelId = modelId; self.experimentId = experimentId; self.name = name; self.artifactURI = artifactURI; self.status = status
        self.sourceRunId = sourceRunId; self.modelType = modelType; self.createdMs = createdMs; self.updatedMs = updatedMs
        self.params = params; self.tags = tags; self.metrics = metrics
    }
}
