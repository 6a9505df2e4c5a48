import MeritCore
import MeritStore

extension MLflowDTO {
    static func kv(_ list: [MeritCore.KeyValue]) -> [KeyValue]? { list.isEmpty ? nil : list.map { KeyValue(key: $0.key, value: $0.value) } }

    static func experiment(_ e: ExperimentRecord) -> Experiment {
        Experiment(experiment_id: String(e.id), name: e.name, artifact_location: e.artifactLocation, lifecycle_stage: e.lifecycleStage,
                   creation_time: e.createdMs, last_update_time: e.updatedMs, tags: kv(e.tags))
    }

    static func runInfo(_ r: RunRecord) -> RunInfo {
        RunInfo(run_id: r.runId, run_uuid: r.runId, run_name: r.name, experiment_id: String(r.experimentId), user_id: r.userId,
                status: r.status, start_time: r.startMs, end_time: r.endMs, artifact_uri: r.artifactURI, lifecycle_stage: r.lifecycleStage)
    }

    static func run(_ r: RunRecord) -> Run {
        let inputs = (try? JSONDecoderHelper.decode([DatasetInput].self, r.inputsJSON)) ?? []
        return Run(info: runInfo(r),
                   data: RunData(metrics: r.metrics.isEmpty ? nil : r.metrics.map { Metric(key: $0.key, value: $0.value, timestamp: $0.timestampMs, step: $0.step) },
                                 params: kv(r.params), tags: kv(r.tags)),
                   inputs: RunInputs(dataset_inputs: inputs.isEmpty ? nil : inputs),
                   outputs: r.outputs.isEmpty ? nil : RunOutputs(model_outputs: r.outputs.map { ModelOutput(model_id: $0.modelId, step: $0.step) }))
    }

    static func loggedModel(_ m: LoggedModelRecord) -> LoggedModel {
        LoggedModel(info: LoggedModelInfo(model_id: m.modelId, experiment_id: String(m.experimentId), name: m.name, artifact_uri: m.artifactURI,
                                          status: m.status, source_run_id: m.sourceRunId, creation_timestamp_ms: m.createdMs,
                                          last_updated_timestamp_ms: m.updatedMs, model_type: m.modelType, tags: kv(m.tags)),
                    data: LoggedModelData(params: kv(m.params),
                                          metrics: m.metrics.isEmpty ? nil : m.metrics.map { LoggedModelMetric(key: $0.key, value: $0.value, timestamp: $0.timestampMs, step: $0.step, run_id: nil, model_id: m.modelId) }))
    }

    static func version(_ v: MeritCore.ModelVersion) -> ModelVersion {
        ModelVersion(name: v.modelName, version: String(v.version), creation_timestamp: v.createdMs, last_updated_timestamp: v.updatedMs,
                     current_stage: v.stage, description: v.description, source: v.source, run_id: v.runId ?? "", status: v.status,
                     run_link: v.runLink ?? "", tags: kv(v.tags), aliases: v.aliases.isEmpty ? nil : v.aliases, model_id: v.loggedModelId)
    }

    static func registeredModel(_ m: MeritCore.RegisteredModel, versions: [MeritCore.ModelVersion]) -> RegisteredModel {
        // One latest version per stage, as MLflow reports them.
        var latest: [String: MeritCore.ModelVersion] = [:]
        for v in versions where (latest[v.stage]?.version ?? -1) < v.version { latest[v.stage] = v }
        let lv = latest.values.sorted { $0.version < $1.version }.map(version)
        return RegisteredModel(name: m.name, creation_timestamp: m.createdMs, last_updated_timestamp: m.updatedMs, description: m.description,
                               latest_versions: lv.isEmpty ? nil : lv, tags: kv(m.tags),
                               aliases: m.aliases.isEmpty ? nil : m.aliases.map { Alias(alias: $0.alias, version: String($0.version)) })
    }
}

import Foundation

enum JSONDecoderHelper {
    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }
}
