import MeritBase
import MeritCore

extension MemoryTrackingStore {
    func stored(_ runId: String) throws -> Run {
        guard let r = runsById[runId] else { throw StoreError(.notFound, "run '\(runId)' not found") }
        return r
    }

    public func createRun(experimentId: Int64, userId: String, name: String?, startMs: Int64?, tags: [KeyValue], ownerKey: String?) async throws -> RunRecord {
        guard experimentsById[experimentId] != nil else { throw StoreError(.notFound, "no experiment with id \(experimentId)") }
        let runId = randomHexID()
        let runName = name.flatMap { $0.isEmpty ? nil : $0 } ?? tags.last { $0.key == "mlflow.runName" }?.value ?? "run-\(runId.prefix(8))"
        var record = RunRecord(runId: runId, experimentId: experimentId, name: runName, userId: userId, status: "RUNNING", startMs: startMs ?? now(),
                               endMs: nil, lifecycleStage: "active", artifactURI: "mlflow-artifacts:/\(experimentId)/\(runId)/artifacts",
                               params: [], tags: [], metrics: [], inputsJSON: "[]", outputs: [])
        for tag in tags { Self.set(tag, in: &record.tags) }
        if record.tag("mlflow.runName") == nil { Self.set(KeyValue("mlflow.runName", runName), in: &record.tags) }
        runsById[runId] = Run(record: record, owner: ownerKey)
        return record
    }

    public func run(_ runId: String) async throws -> RunRecord { try stored(runId).record }

    public func runs(experimentIds: [Int64], lifecycle: String?, details: Bool) async throws -> [RunRecord] {
        var out: [RunRecord] = []
        for e in experimentIds {
            let these = runsById.values.map(\.record).filter { (r: RunRecord) -> Bool in r.experimentId == e && (lifecycle == nil || r.lifecycleStage == lifecycle) }
            out += these.sorted { (a: RunRecord, b: RunRecord) -> Bool in a.startMs != b.startMs ? a.startMs > b.startMs : a.runId < b.runId }
        }
        return out
    }

    public nonisolated var runsCarryDetails: Bool { true }

    public func withDetails(_ runs: [RunRecord]) async throws -> [RunRecord] { runs.map { runsById[$0.runId]?.record ?? $0 } }

    public func updateRun(_ runId: String, status: String?, endMs: Int64?, name: String?) async throws -> RunRecord {
        var r = try stored(runId)
        if let status { r.record.status = status }
        if let endMs { r.record.endMs = endMs }
        if let name, !name.isEmpty {
            r.record.name = name
            Self.set(KeyValue("mlflow.runName", name), in: &r.record.tags)
        }
        runsById[runId] = r
        return r.record
    }

    public func setRunLifecycle(_ runId: String, _ stage: String) async throws {
        var r = try stored(runId)
        r.record.lifecycleStage = stage
        runsById[runId] = r
    }

    public func logBatch(_ runId: String, metrics: [MetricRecord], params: [KeyValue], tags: [KeyValue]) async throws {
        var r = try stored(runId)
        for p in params {
            if let old = r.record.param(p.key) {
                guard old == p.value else {
                    throw StoreError(.invalid, "changing param values is not allowed: param '\(p.key)' was already logged for run '\(runId)' with a different value")
                }
                continue
            }
            Self.set(p, in: &r.record.params)
        }
        for t in tags { Self.set(t, in: &r.record.tags) }
        for m in metrics {
            r.history.append(m)
            // The latest value is the one at the highest step, then the latest timestamp (as MLflow's).
            if let i = r.record.metrics.firstIndex(where: { $0.key == m.key }) {
                let cur = r.record.metrics[i]
                if m.step > cur.step || (m.step == cur.step && m.timestampMs >= cur.timestampMs) { r.record.metrics[i] = MetricRecord(key: m.key, value: m.value, timestampMs: m.timestampMs, step: m.step) }
            } else {
                r.record.metrics.append(MetricRecord(key: m.key, value: m.value, timestampMs: m.timestampMs, step: m.step))
                r.record.metrics.sort { $0.key < $1.key }
            }
        }
        runsById[runId] = r
    }

    public func deleteTag(_ runId: String, key: String) async throws { runsById[runId]?.record.tags.removeAll { $0.key == key } }

    public func metricHistory(_ runId: String, key: String) async throws -> [MetricRecord] {
        // A stable sort keeps arrival order among equal timestamps and steps.
        try stored(runId).history.filter { $0.key == key }.enumerated()
            .sorted { ($0.element.timestampMs, $0.element.step, $0.offset) < ($1.element.timestampMs, $1.element.step, $1.offset) }.map(\.element)
    }

    public func logInputs(_ runId: String, datasetsJSON: [String]) async throws {
        var r = try stored(runId)
        guard !datasetsJSON.isEmpty else { return }
        let body = String(r.record.inputsJSON.dropLast())
        r.record.inputsJSON = body + (body == "[" ? "" : ",") + datasetsJSON.joined(separator: ",") + "]"
        runsById[runId] = r
    }

    public func logOutputs(_ runId: String, models: [(String, Int64)]) async throws {
        var r = try stored(runId)
        for (m, step) in models {
            if let i = r.record.outputs.firstIndex(where: { $0.modelId == m }) { r.record.outputs[i].step = step } else { r.record.outputs.append((m, step)) }
        }
        r.record.outputs.sort { $0.modelId < $1.modelId }
        runsById[runId] = r
    }
}
