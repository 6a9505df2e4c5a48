import MeritCore

/// The tracking API's request bodies, as MLflow's client sends them (see `MLflowDecoder` for the rules).
extension TrackingController {
    /// A request naming a run: `run_id`, or the older `run_uuid`.
    protocol RunRequest {
        var run_id: String? { get }
        var run_uuid: String? { get }
    }

    /// A request naming an experiment. Its id stays text: an id that is not a number is not found.
    struct ExperimentRequest: Decodable { var experiment_id: String? }
    /// `experiments/get-by-name`.
    struct GetExperimentByName: Decodable { var experiment_name: String? }
    /// `experiments/create`.
    struct CreateExperiment: Decodable { var name: String?; var tags: [RequestTag]? }
    /// `experiments/search`.
    struct SearchExperiments: Decodable, PagedRequest { var view_type: String?; var filter: String?; var max_results: Int64?; var page_token: String? }
    /// `experiments/set-experiment-tag`.
    struct SetExperimentTag: Decodable { var experiment_id: String?; var key: String?; var value: String? }

    /// `runs/create`.
    struct CreateRun: Decodable { var experiment_id: String?; var user_id: String?; var run_name: String?; var start_time: Int64?; var tags: [RequestTag]? }
    /// `runs/get`, `runs/delete`, `runs/restore`.
    struct RunOnly: Decodable, RunRequest { var run_id: String?; var run_uuid: String? }
    /// `runs/update`.
    struct UpdateRun: Decodable, RunRequest { var run_id: String?; var run_uuid: String?; var status: String?; var end_time: Int64?; var run_name: String? }
    /// `runs/log-metric`.
    struct LogMetric: Decodable, RunRequest {
        var run_id: String?, run_uuid: String?, key: String?, value: Double?, timestamp: Int64?, step: Int64?, model_id: String?
    }
    /// `runs/log-parameter`, `runs/set-tag`, `runs/delete-tag`.
    struct RunKeyValue: Decodable, RunRequest { var run_id: String?; var run_uuid: String?; var key: String?; var value: String? }
    /// One metric of a batch: its value is required.
    struct BatchMetric: Decodable { var key: String?; var value: Double; var timestamp: Int64?; var step: Int64?; var model_id: String? }
    /// `runs/log-batch`.
    struct LogBatch: Decodable, RunRequest { var run_id: String?; var run_uuid: String?; var metrics: [BatchMetric]?; var params: [RequestTag]?; var tags: [RequestTag]? }
    /// `metrics/get-history`.
    struct GetMetricHistory: Decodable, RunRequest, PagedRequest {
        var run_id: String?, run_uuid: String?, metric_key: String?, max_results: Int64?, page_token: String?
    }
    /// `runs/search`.
    struct SearchRuns: Decodable, PagedRequest {
        var experiment_ids: [String]?, run_view_type: String?, filter: String?, order_by: [String]?, max_results: Int64?, page_token: String?
    }
    /// `runs/log-inputs`: datasets are stored as sent.
    struct LogInputs: Decodable, RunRequest { var run_id: String?; var run_uuid: String?; var datasets: [RawJSON]? }
    /// One logged model a run produced.
    struct ModelOutput: Decodable { var model_id: String?; var step: Int64? }
    /// `runs/outputs`.
    struct LogOutputs: Decodable, RunRequest { var run_id: String?; var run_uuid: String?; var models: [ModelOutput]? }
}

extension TrackingController.RunRequest {
    /// The run's id; INVALID_PARAMETER_VALUE when neither field is set.
    func runId() throws -> String { try required(run_id ?? run_uuid, "run_id") }
}

extension TrackingController.ExperimentRequest {
    /// The id as a number; not-found when it is not one.
    func id() throws -> Int64 {
        guard let id = Int64(try required(experiment_id, "experiment_id")) else { throw MLflowError.notFound("no experiment with that id") }
        return id
    }
}
