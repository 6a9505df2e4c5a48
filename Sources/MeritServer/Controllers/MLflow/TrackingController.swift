import Foundation
import Hummingbird
import MeritBase
import MeritCore
import MeritStore

/// Experiments, runs, metrics, params, tags, inputs and outputs.
struct TrackingController: Controller {
    let s: Services

    func register(on routes: GuardedRoutes) {
        let write = Access.role(.owner)

        routes.on(.get, "experiments/get-by-name", .read) { try await self.experimentsGetByName($0, $1) }
        routes.on(.post, "experiments/create", write) { try await self.experimentsCreate($0, $1) }
        routes.on(.get, "experiments/get", .read) { try await self.experimentsGet($0, $1) }
        for method in [HTTPRequest.Method.post, .get] {
            routes.on(method, "experiments/search", .read) { try await self.experimentsSearch($0, $1) }
        }
        routes.on(.post, "experiments/set-experiment-tag", write) { try await self.experimentsSetExperimentTag($0, $1) }
        for (path, stage) in [("delete", "deleted"), ("restore", "active")] {
            routes.on(.post, "experiments/\(path)", write) { try await self.experimentsLifecycle($0, $1, stage: stage) }
        }

        routes.on(.post, "runs/create", write) { try await self.runsCreate($0, $1) }
        routes.on(.get, "runs/get", .read) { try await self.runsGet($0, $1) }
        routes.on(.post, "runs/update", write) { try await self.runsUpdate($0, $1) }
        routes.on(.post, "runs/log-metric", write) { try await self.runsLogMetric($0, $1) }
        routes.on(.post, "runs/log-parameter", write) { try await self.runsLogParameter($0, $1) }
        routes.on(.post, "runs/set-tag", write) { try await self.runsSetTag($0, $1) }
        routes.on(.post, "runs/delete-tag", write) { try await self.runsDeleteTag($0, $1) }
        routes.on(.post, "runs/log-batch", write) { try await self.runsLogBatch($0, $1) }
        routes.on(.get, "metrics/get-history", .read) { try await self.metricsGetHistory($0, $1) }
        routes.on(.post, "runs/search", .read) { try await self.runsSearch($0, $1) }
        routes.on(.post, "runs/log-inputs", write) { try await self.runsLogInputs($0, $1) }
        routes.on(.post, "runs/outputs", write) { try await self.runsOutputs($0, $1) }
        for (path, stage) in [("delete", "deleted"), ("restore", "active")] {
            routes.on(.post, "runs/\(path)", write) { try await self.runsLifecycle($0, $1, stage: stage) }
        }

    }

    func experimentsGetByName(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let r = try await MLflowRequest.read(req, ctx)
        let name = try r.require("experiment_name")
        return try JSONResponse.encode(["experiment": MLflowDTO.experiment(try await s.tracking.experiment(name: name))], context: ctx)
    }

    func experimentsCreate(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let r = try await MLflowRequest.read(req, ctx)
        let id = try await s.tracking.createExperiment(name: try r.require("name"), tags: MLflowRequest.keyValues(r.body["tags"]), ownerKey: ctx.identity?.keyId)

        return try JSONResponse.encode(["experiment_id": String(id)], context: ctx)
    }

    func experimentsGet(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let r = try await MLflowRequest.read(req, ctx)
        guard let id = Int64(try r.require("experiment_id")) else { throw MLflowError.notFound("no experiment with that id") }
        return try JSONResponse.encode(["experiment": MLflowDTO.experiment(try await s.tracking.experiment(id: id))], context: ctx)
    }

    func experimentsSearch(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let r = try await MLflowRequest.read(req, ctx)
        let view = r.string("view_type") ?? "ACTIVE_ONLY"
        let all = try await s.tracking.experiments(lifecycle: view == "ALL" ? nil : view == "DELETED_ONLY" ? "deleted" : "active")
        let filter = try SearchFilter.parse(r.string("filter") ?? "")
        let matched = all.filter { e in
            filter.clauses.allSatisfy { c in
                switch c.entity {
                case .tag: return c.matches(e.tags.first { $0.key == c.key }?.value)
                default: return c.key == "name" ? c.matches(e.name) : c.key == "experiment_id" ? c.matches(String(e.id)) : false
                }
            }
        }
        let (page, next) = try paginate(matched, r)
        return try JSONResponse.encode(ExperimentsPage(experiments: page.map(MLflowDTO.experiment), next_page_token: next), context: ctx)
    }

    func experimentsSetExperimentTag(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let r = try await MLflowRequest.read(req, ctx)
        guard let id = Int64(try r.require("experiment_id")) else { throw MLflowError.notFound("no experiment with that id") }
        try await s.owners.requireWrite(.experiment(id), ctx)
        try await s.tracking.setExperimentTag(id: id, KeyValue(try r.require("key"), r.string("value") ?? ""))
        return JSONResponse.empty
    }

    func experimentsLifecycle(_ req: Request, _ ctx: AppContext, stage: String) async throws -> Response {
        let r = try await MLflowRequest.read(req, ctx)
        guard let id = Int64(try r.require("experiment_id")) else { throw MLflowError.notFound("no experiment with that id") }
        try await s.owners.requireWrite(.experiment(id), ctx)
        try await s.tracking.setExperimentLifecycle(id: id, stage)
        return JSONResponse.empty
    }

    func runsCreate(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let r = try await MLflowRequest.read(req, ctx)
        let expText = r.string("experiment_id") ?? "0"
        guard let exp = Int64(expText) else { throw MLflowError.notFound("no experiment with id \(expText)") }
        try await s.owners.requireCreate(in: exp, ctx)
        let run = try await s.tracking.createRun(experimentId: exp, userId: r.string("user_id") ?? "", name: r.string("run_name"),
                                       startMs: try r.int64("start_time"), tags: MLflowRequest.keyValues(r.body["tags"]), ownerKey: ctx.identity?.keyId)
        s.owners.remember(.run(run.runId), owner: ctx.identity?.keyId)

        return try JSONResponse.encode(["run": MLflowDTO.run(run)], context: ctx)
    }

    func runsGet(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let r = try await MLflowRequest.read(req, ctx)
        let id = try r.runId()
        return try JSONResponse.encode(["run": MLflowDTO.run(try await s.tracking.run(id))], context: ctx)
    }

    func runsUpdate(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let r = try await MLflowRequest.read(req, ctx)
        try await s.owners.requireWrite(.run(try r.runId()), ctx)
        let run = try await s.tracking.updateRun(try r.runId(), status: r.string("status"), endMs: try r.int64("end_time"), name: r.string("run_name"))
        return try JSONResponse.encode(["run_info": MLflowDTO.runInfo(run)], context: ctx)
    }

    func runsLogMetric(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let r = try await MLflowRequest.read(req, ctx)
        try await s.owners.requireWrite(.run(try r.runId()), ctx)
        let m = MetricRecord(key: try r.require("key"), value: try MLflowRequest.double(r.value("value"), "value"),
                             timestampMs: try r.int64("timestamp") ?? 0, step: try r.int64("step") ?? 0, modelId: r.string("model_id"))
        try await s.tracking.logBatch(try r.runId(), metrics: [m], params: [], tags: [])
        return JSONResponse.empty
    }

    func runsLogParameter(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let r = try await MLflowRequest.read(req, ctx)
        try await s.owners.requireWrite(.run(try r.runId()), ctx)
        try await s.tracking.logBatch(try r.runId(), metrics: [], params: [KeyValue(try r.require("key"), r.string("value") ?? "")], tags: [])
        return JSONResponse.empty
    }

    func runsSetTag(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let r = try await MLflowRequest.read(req, ctx)
        try await s.owners.requireWrite(.run(try r.runId()), ctx)
        try await s.tracking.logBatch(try r.runId(), metrics: [], params: [], tags: [KeyValue(try r.require("key"), r.string("value") ?? "")])
        return JSONResponse.empty
    }

    func runsDeleteTag(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let r = try await MLflowRequest.read(req, ctx)
        try await s.owners.requireWrite(.run(try r.runId()), ctx)
        try await s.tracking.deleteTag(try r.runId(), key: try r.require("key"))
        return JSONResponse.empty
    }

    func runsLogBatch(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let r = try await MLflowRequest.read(req, ctx)
        try await s.owners.requireWrite(.run(try r.runId()), ctx)
        let metrics = try (r.body["metrics"]?.arrayValue ?? []).map { m in
            MetricRecord(key: m["key"]?.stringValue ?? "", value: try MLflowRequest.double(m["value"], "metrics.value"),
                         timestampMs: try MLflowRequest.integer(m["timestamp"], "metrics.timestamp") ?? 0,
                         step: try MLflowRequest.integer(m["step"], "metrics.step") ?? 0,
                         modelId: m["model_id"]?.stringValue)
        }
        guard metrics.count <= 1000, (r.body["params"]?.arrayValue?.count ?? 0) <= 100, (r.body["tags"]?.arrayValue?.count ?? 0) <= 100 else {
            throw MLflowError.invalidParameter("a batch holds at most 1000 metrics, 100 params and 100 tags")
        }
        try await s.tracking.logBatch(try r.runId(), metrics: metrics, params: MLflowRequest.keyValues(r.body["params"]), tags: MLflowRequest.keyValues(r.body["tags"]))
        return JSONResponse.empty
    }

    func metricsGetHistory(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let r = try await MLflowRequest.read(req, ctx)
        let history = try await s.tracking.metricHistory(try r.runId(), key: try r.require("metric_key"))
        let (page, next) = try paginate(history, r)
        return try JSONResponse.encode(MetricsPage(metrics: page.map { MLflowDTO.Metric(key: $0.key, value: $0.value, timestamp: $0.timestampMs, step: $0.step) }, next_page_token: next), context: ctx)
    }

    func runsSearch(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let r = try await MLflowRequest.read(req, ctx)
        let exps = try r.strings("experiment_ids").map { id -> Int64 in
            guard let v = Int64(id) else { throw MLflowError.invalidParameter("experiment id '\(id)' is not a number") }
            return v
        }
        let view = r.string("run_view_type") ?? "ACTIVE_ONLY"
        let filter = try SearchFilter.parse(r.string("filter") ?? "")
        let orders = try r.strings("order_by").map(SearchFilter.Order.parse)
        // Params and tags are loaded before filtering only when the filter or the order uses them;
        // otherwise only for the page returned.
        let early = filter.clauses.contains { $0.entity == .param || $0.entity == .tag } || orders.contains { $0.entity == .param || $0.entity == .tag }
        var runs = try await s.tracking.runs(experimentIds: exps, lifecycle: view == "ALL" ? nil : view == "DELETED_ONLY" ? "deleted" : "active",
                                                                         details: early) 
        runs = runs.filter { run in filter.clauses.allSatisfy { RunQuery.matches($0, run) } }
        runs = RunQuery.sort(runs, orders)
        var (page, next) = try paginate(runs, r)
        if !early && !s.tracking.runsCarryDetails { page = try await s.tracking.withDetails(page) }
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: RunJSONWriter.page(page, next: next)))
    }

    func runsLogInputs(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let r = try await MLflowRequest.read(req, ctx)
        try await s.owners.requireWrite(.run(try r.runId()), ctx)
        let items = (r.body["datasets"]?.arrayValue ?? []).map { $0.serialized(pretty: false) }
        try await s.tracking.logInputs(try r.runId(), datasetsJSON: items)
        return JSONResponse.empty
    }

    func runsOutputs(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let r = try await MLflowRequest.read(req, ctx)
        try await s.owners.requireWrite(.run(try r.runId()), ctx)
        let models = try (r.body["models"]?.arrayValue ?? []).compactMap { m -> (String, Int64)? in
            guard let id = m["model_id"]?.stringValue else { return nil }
            return (id, try MLflowRequest.integer(m["step"], "models.step") ?? 0)
        }
        try await s.tracking.logOutputs(try r.runId(), models: models)
        return JSONResponse.empty
    }

    func runsLifecycle(_ req: Request, _ ctx: AppContext, stage: String) async throws -> Response {
        let r = try await MLflowRequest.read(req, ctx)
        try await s.owners.requireWrite(.run(try r.runId()), ctx)
        try await s.tracking.setRunLifecycle(try r.runId(), stage)
        return JSONResponse.empty
    }
}


struct ExperimentsPage: Encodable { var experiments: [MLflowDTO.Experiment]; var next_page_token: String? }
struct MetricsPage: Encodable { var metrics: [MLflowDTO.Metric]; var next_page_token: String? }
struct RunsPage: Encodable { var runs: [MLflowDTO.Run]?; var next_page_token: String? }

/// `max_results` and `page_token` paging over an in-memory result.
func paginate<T>(_ items: [T], _ r: MLflowRequest) throws -> ([T], String?) {
    let offset = try PageToken.decode(r.string("page_token"))
    let max = Int(try r.int64("max_results") ?? 1000)
    guard max > 0, max <= 50_000 else { throw MLflowError.invalidParameter("max_results must be between 1 and 50000") }
    guard offset < items.count else { return ([], nil) }
    let end = min(items.count, offset + max)
    return (Array(items[offset..<end]), end < items.count ? PageToken.encode(end) : nil)
}

/// Run filtering and ordering.
enum RunQuery {
    static func attribute(_ key: String, _ run: RunRecord) -> String? {
        switch key {
        case "run_id", "run_uuid": run.runId
        case "run_name", "name": run.name
        case "status": run.status
        case "user_id": run.userId
        case "start_time": String(run.startMs)
        case "end_time": run.endMs.map(String.init)
        case "artifact_uri": run.artifactURI
        case "lifecycle_stage": run.lifecycleStage
        case "experiment_id": String(run.experimentId)
        default: nil
        }
    }

    static func matches(_ c: SearchFilter.Clause, _ run: RunRecord) -> Bool {
        switch c.entity {
        case .metric: return c.matches(run.metric(c.key))
        case .param: return c.matches(run.param(c.key))
        case .tag: return c.matches(run.tag(c.key))
        case .attribute:
            if ["start_time", "end_time"].contains(c.key) { return c.matches(attribute(c.key, run).flatMap(Double.init)) }
            return c.matches(attribute(c.key, run))
        }
    }

    /// Sorts by the order terms, then by start time descending and run id (MLflow's default). Keys are
    /// extracted once per run, and indices are sorted, so no run record is copied while sorting.
    static func sort(_ runs: [RunRecord], _ orders: [SearchFilter.Order]) -> [RunRecord] {
        let keys = runs.map { run in orders.map { key($0, run) } }
        let order = runs.indices.sorted { i, j in
            for (k, o) in orders.enumerated() {
                switch (keys[i][k], keys[j][k]) {
                case (nil, nil): continue
                case (nil, _): return false  // missing values last
                case (_, nil): return true
                case let (x?, y?):
                    if x == y { continue }
                    return o.ascending ? x < y : y < x
                }
            }
            if runs[i].startMs != runs[j].startMs { return runs[i].startMs > runs[j].startMs }
            return runs[i].runId < runs[j].runId
        }
        return order.map { runs[$0] }
    }

    enum SortKey: Comparable {
        case number(Double), text(String)
        static func < (a: SortKey, b: SortKey) -> Bool {
            switch (a, b) {
            case let (.number(x), .number(y)): x < y
            case let (.text(x), .text(y)): x < y
            case (.number, .text): true
            case (.text, .number): false
            }
        }
    }

    static func key(_ o: SearchFilter.Order, _ run: RunRecord) -> SortKey? {
        switch o.entity {
        case .metric: return run.metric(o.key).map { .number($0) }
        case .param: return run.param(o.key).map { .text($0) }
        case .tag: return run.tag(o.key).map { .text($0) }
        case .attribute:
            if ["start_time", "end_time"].contains(o.key) { return attribute(o.key, run).flatMap(Double.init).map { .number($0) } }
            return attribute(o.key, run).map { .text($0) }
        }
    }
}
