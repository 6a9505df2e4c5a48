/// MLflow's wire format (proto3 JSON as the Python client reads it): ids and versions are strings,
/// timestamps are epoch milliseconds, enums travel by name. These types exist only at the HTTP edge.
enum MLflowDTO {
    struct KeyValue: Codable, Sendable, Equatable { var key: String; var value: String }

    struct Experiment: Codable, Sendable {
        var experiment_id: String
        var name: String
        var artifact_location: String
        var lifecycle_stage: String
        var creation_time: Int64
        var last_update_time: Int64
        var tags: [KeyValue]?
    }

    struct RunInfo: Codable, Sendable {
        var run_id: String
        var run_uuid: String
        var run_name: String
        var experiment_id: String
        var user_id: String
        var status: String
        var start_time: Int64
        var end_time: Int64?
        var artifact_uri: String
        var lifecycle_stage: String
    }

    struct Metric: Codable, Sendable {
        var key: String
        var value: Double
        var timestamp: Int64
        var step: Int64
    }

    struct RunData: Codable, Sendable {
        var metrics: [Metric]?
        var params: [KeyValue]?
        var tags: [KeyValue]?
    }

    struct Run: Codable, Sendable {
        var info: RunInfo
        var data: RunData
        var inputs: RunInputs
        var outputs: RunOutputs?
    }

    struct RunInputs: Codable, Sendable {
        var dataset_inputs: [DatasetInput]?
    }

    struct DatasetInput: Codable, Sendable {
        var tags: [KeyValue]?
        var dataset: Dataset
    }

    struct Dataset: Codable, Sendable {
        var name: String
        var digest: String
        var source_type: String
        var source: String
        var schema: String?
        var profile: String?
    }

    struct RunOutputs: Codable, Sendable {
        var model_outputs: [ModelOutput]?
    }

    struct ModelOutput: Codable, Sendable {
        var model_id: String
        var step: Int64
    }

    struct LoggedModelInfo: Codable, Sendable {
        var model_id: String
        var experiment_id: String
        var name: String
        var artifact_uri: String
        var status: String
        var source_run_id: String?
        var creation_timestamp_ms: Int64
        var last_updated_timestamp_ms: Int64
        var model_type: String?
        var tags: [KeyValue]?
    }

    struct LoggedModelData: Codable, Sendable {
        var params: [KeyValue]?
        var metrics: [LoggedModelMetric]?
    }

    struct LoggedModelMetric: Codable, Sendable {
        var key: String
        var value: Double
        var timestamp: Int64
        var step: Int64
        var run_id: String?
        var model_id: String?
    }

    struct LoggedModel: Codable, Sendable {
        var info: LoggedModelInfo
        var data: LoggedModelData
    }

    struct ModelVersion: Codable, Sendable {
        var name: String
        var version: String
        var creation_timestamp: Int64
        var last_updated_timestamp: Int64
        var current_stage: String
        var description: String
        var source: String
        var run_id: String
        var status: String
        var run_link: String
        var tags: [KeyValue]?
        var aliases: [String]?
        var model_id: String?
    }

    struct Alias: Codable, Sendable { var alias: String; var version: String }

    struct RegisteredModel: Codable, Sendable {
        var name: String
        var creation_timestamp: Int64
        var last_updated_timestamp: Int64
        var description: String
        var latest_versions: [ModelVersion]?
        var tags: [KeyValue]?
        var aliases: [Alias]?
    }

    struct FileInfo: Codable, Sendable {
        var path: String
        var is_dir: Bool
        var file_size: Int64?
    }
}
