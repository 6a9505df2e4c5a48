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
        let r = try await MLflowRequest.decode(GetExperimentByName.self, req, ctx)
        let experiment = try await s.tracking.experiment(name: try required(r.experiment_name, "experiment_name"))
        return try JSONResponse.encode(["experiment": MLflowDTO.experiment(experiment)], context: ctx)
    }

    func experimentsCreate(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let r = try await MLflowRequest.decode(CreateExperiment.self, req, ctx)
        let id = try await s.tracking.createExperiment(name: try required(r.name, "name"), tags: RequestTag.pairs(r.tags), ownerKey: ctx.identity?.keyId)
        return try JSONResponse.encode(["experiment_id": String(id)], context: ctx)
    }

    func experimentsGet(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let id = try await MLflowRequest.decode(ExperimentRequest.self, req, ctx).id()
        return try JSONResponse.encode(["experiment": MLflowDTO.experiment(try await s.tracking.experiment(id: id))], context: ctx)
    }

    func experimentsSearch(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let r = try await MLflowRequest.decode(SearchExperiments.self, req, ctx)
        let view = r.view_type ?? "ACTIVE_ONLY"
        let all = try await s.tracking.experiments(lifecycle: view == "ALL" ? nil : view == "DELETED_ONLY" ? "deleted" : "active")
        let filter = try SearchFilter.parse(r.filter ?? "")
        let matched = all.filter { e in filter.clauses.allSatisfy { ExperimentQuery.matches($0, e) } }
        let (page, next) = try paginate(matched, r)
        return try JSONResponse.encode(ExperimentsPage(experiments: page.map(MLflowDTO.experiment), next_page_token: next), context: ctx)
    }

    func experimentsSetExperimentTag(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let r = try await MLflowRequest.decode(SetExperimentTag.self, req, ctx)
        let id = try ExperimentRequest(experiment_id: r.experiment_id).id()
        try await s.owners.requireWrite(.experiment(id), ctx)
        try await s.tracking.setExperimentTag(id: id, KeyValue(try required(r.key, "key"), r.value ?? ""))
        return JSONResponse.empty
    }

    func experimentsLifecycle(_ req: Request, _ ctx: AppContext, stage: String) async throws -> Response {
        let id = try await MLflowRequest.decode(ExperimentRequest.self, req, ctx).id()
        try await s.owners.requireWrite(.experiment(id), ctx)
        try await s.tracking.setExperimentLifecycle(id: id, stage)
        return JSONResponse.empty
    }

    func runsCreate(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let r = try await MLflowRequest.decode(CreateRun.self, req, ctx)
        let expText = r.experiment_id ?? "0"
        guard let exp = Int64(expText) else { throw MLflowError.notFound("no experiment with id \(expText)") }
        try await s.owners.requireCreate(in: exp, ctx)
        let run = try await s.tracking.createRun(experimentId: exp, userId: r.user_id ?? "", name: r.run_name, startMs: r.start_time,
                                                 tags: RequestTag.pairs(r.tags), ownerKey: ctx.identity?.keyId)
        s.owners.remember(.run(run.runId), owner: ctx.identity?.keyId)
        return JSONResponse.bytes(RunJSONWriter.single(run))
    }

    func runsGet(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let id = try await MLflowRequest.decode(RunOnly.self, req, ctx).runId()
        return JSONResponse.bytes(RunJSONWriter.single(try await s.tracking.run(id)))
    }

    func runsUpdate(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let r = try await MLflowRequest.decode(UpdateRun.self, req, ctx)
        try await s.owners.requireWrite(.run(try r.runId()), ctx)
        let run = try await s.tracking.updateRun(try r.runId(), status: r.status, endMs: r.end_time, name: r.run_name)
        return JSONResponse.bytes(RunJSONWriter.infoOnly(run))
    }

    func runsLogMetric(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let r = try await MLflowRequest.decode(LogMetric.self, req, ctx)
        try await s.owners.requireWrite(.run(try r.runId()), ctx)
        guard let value = r.value else { throw MLflowError.invalidParameter("'value' must be a number") }
        let m = MetricRecord(key: try required(r.key, "key"), value: value, timestampMs: r.timestamp ?? 0, step: r.step ?? 0, modelId: r.model_id)
        try await s.tracking.logBatch(try r.runId(), metrics: [m], params: [], tags: [])
        return JSONResponse.empty
    }

    func runsLogParameter(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let r = try await MLflowRequest.decode(RunKeyValue.self, req, ctx)
        try await s.owners.requireWrite(.run(try r.runId()), ctx)
        try await s.tracking.logBatch(try r.runId(), metrics: [], params: [KeyValue(try required(r.key, "key"), r.value ?? "")], tags: [])
        return JSONResponse.empty
    }

    func runsSetTag(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let r = try await MLflowRequest.decode(RunKeyValue.self, req, ctx)
        try await s.owners.requireWrite(.run(try r.runId()), ctx)
        let tag = KeyValue(try required(r.key, "key"), r.value ?? "")
        try await s.tracking.logBatch(try r.runId(), metrics: [], params: [], tags: [tag])
        // The registration guide sets the token tags after log_model: they still reach the model.
        try await s.registry.applyRunTags(runId: try r.runId(), [tag])
        return JSONResponse.empty
    }

    func runsDeleteTag(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let r = try await MLflowRequest.decode(RunKeyValue.self, req, ctx)
        try await s.owners.requireWrite(.run(try r.runId()), ctx)
        try await s.tracking.deleteTag(try r.runId(), key: try required(r.key, "key"))
        return JSONResponse.empty
    }

    func runsLogBatch(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let r = try await MLflowRequest.decode(LogBatch.self, req, ctx)
        try await s.owners.requireWrite(.run(try r.runId()), ctx)
        let metrics = (r.metrics ?? []).map { m in
            MetricRecord(key: m.key ?? "", value: m.value, timestampMs: m.timestamp ?? 0, step: m.step ?? 0, modelId: m.model_id)
        }
        guard metrics.count <= 1000, (r.params?.count ?? 0) <= 100, (r.tags?.count ?? 0) <= 100 else {
            throw MLflowError.invalidParameter("a batch holds at most 1000 metrics, 100 params and 100 tags")
        }
        let tags = RequestTag.pairs(r.tags)
        try await s.tracking.logBatch(try r.runId(), metrics: metrics, params: RequestTag.pairs(r.params), tags: tags)
        if !tags.isEmpty { try await s.registry.applyRunTags(runId: try r.runId(), tags) }
        return JSONResponse.empty
    }

    func metricsGetHistory(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let r = try await MLflowRequest.decode(GetMetricHistory.self, req, ctx)
        let history = try await s.tracking.metricHistory(try r.runId(), key: try required(r.metric_key, "metric_key"))
        let (page, next) = try paginate(history, r)
        return try JSONResponse.encode(MetricsPage(metrics: page.map { MLflowDTO.Metric(key: $0.key, value: $0.value, timestamp: $0.timestampMs, step: $0.step) }, next_page_token: next), context: ctx)
    }

    func runsSearch(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let r = try await MLflowRequest.decode(SearchRuns.self, req, ctx)
        let exps = try (r.experiment_ids ?? []).map { id -> Int64 in
            guard let v = Int64(id) else { throw MLflowError.invalidParameter("experiment id '\(id)' is not a number") }
            return v
        }
        let view = r.run_view_type ?? "ACTIVE_ONLY"
        let filter = try SearchFilter.parse(r.filter ?? "")
        let orders = try (r.order_by ?? []).map(SearchFilter.Order.parse)
        // Params and tags are loaded before filtering only when the filter or the order uses them;
        // otherwise only for the page returned.
        let early = filter.clauses.contains { $0.entity == .param || $0.entity == .tag } || orders.contains { $0.entity == .param || $0.entity == .tag }
        let runs = try await s.tracking.runs(experimentIds: exps, lifecycle: view == "ALL" ? nil : view == "DELETED_ONLY" ? "deleted" : "active", details: early)
        var (page, next) = try paginate(RunQuery.search(runs, filter: filter, orders: orders), r)
        if !early && !s.tracking.runsCarryDetails { page = try await s.tracking.withDetails(page) }
        return JSONResponse.bytes(RunJSONWriter.page(page, next: next))
    }

    func runsLogInputs(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let r = try await MLflowRequest.decode(LogInputs.self, req, ctx)
        try await s.owners.requireWrite(.run(try r.runId()), ctx)
        try await s.tracking.logInputs(try r.runId(), datasetsJSON: (r.datasets ?? []).map { $0.value.serialized(pretty: false) })
        return JSONResponse.empty
    }

    func runsOutputs(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let r = try await MLflowRequest.decode(LogOutputs.self, req, ctx)
        try await s.owners.requireWrite(.run(try r.runId()), ctx)
        let models = (r.models ?? []).compactMap { m in m.model_id.map { ($0, m.step ?? 0) } }
        try await s.tracking.logOutputs(try r.runId(), models: models)
        return JSONResponse.empty
    }

    func runsLifecycle(_ req: Request, _ ctx: AppContext, stage: String) async throws -> Response {
        let id = try await MLflowRequest.decode(RunOnly.self, req, ctx).runId()
        try await s.owners.requireWrite(.run(id), ctx)
        try await s.tracking.setRunLifecycle(id, stage)
        return JSONResponse.empty
    }
}


struct ExperimentsPage: Encodable { var experiments: [MLflowDTO.Experiment]; var next_page_token: String? }
struct MetricsPage: Encodable { var metrics: [MLflowDTO.Metric]; var next_page_token: String? }
struct RunsPage: Encodable { var runs: [MLflowDTO.Run]?; var next_page_token: String? }

/// `max_results` and `page_token` paging over an in-memory result.
func paginate<T>(_ items: [T], _ r: some PagedRequest) throws -> ([T], String?) {
    try paginate(items, maxResults: r.max_results, pageToken: r.page_token)
}

/// Paging over an in-memory result: up to `maxResults` (1000 by default) from the token's offset.
func paginate<T>(_ items: [T], maxResults: Int64?, pageToken: String?) throws -> ([T], String?) {
    let offset = try PageToken.decode(pageToken)
    let max = Int(maxResults ?? 1000)
    guard max > 0, max <= 50_000 else { throw MLflowError.invalidParameter("max_results must be between 1 and 50000") }
    guard offset < items.count else { return ([], nil) }
    let end = min(items.count, offset + max)
    return (Array(items[offset..<end]), end < items.count ? PageToken.encode(end) : nil)
}
