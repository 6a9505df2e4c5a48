import Foundation
import Hummingbird
import MeritStore

/// MLflow 3's logged models: created in an experiment, finalized, tagged and searched.
struct LoggedModelsController: Controller {
    let s: Services

    func register(on routes: GuardedRoutes) {
        let write = Access.role(.owner)
        routes.on(.post, "logged-models", write) { try await self.createLoggedModel($0, $1) }
        routes.on(.get, "logged-models/{model_id}", .read) { try await self.getLoggedModel($0, $1) }
        routes.on(.patch, "logged-models/{model_id}", write) { try await self.finalizeLoggedModel($0, $1) }
        routes.on(.patch, "logged-models/{model_id}/tags", write) { try await self.setLoggedModelTags($0, $1) }
        routes.on(.post, "logged-models/search", .read) { try await self.searchLoggedModels($0, $1) }
    }

    /// `POST logged-models`.
    struct Create: Decodable { var experiment_id: String?; var name: String?; var source_run_id: String?; var model_type: String?; var params: [RequestTag]?; var tags: [RequestTag]? }
    /// `PATCH logged-models/{id}`.
    struct Finalize: Decodable { var status: String? }
    /// `PATCH logged-models/{id}/tags`.
    struct SetTags: Decodable { var tags: [RequestTag]? }
    /// `POST logged-models/search`.
    struct Search: Decodable, PagedRequest { var experiment_ids: [String]?; var filter: String?; var max_results: Int64?; var page_token: String? }

    func createLoggedModel(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let r = try await MLflowRequest.decode(Create.self, req, ctx)
        let exp = try TrackingController.ExperimentRequest(experiment_id: r.experiment_id).id()
        try await s.owners.requireCreate(in: exp, ctx)
        let m = try await s.tracking.createLoggedModel(experimentId: exp, name: r.name ?? "model", sourceRunId: r.source_run_id, modelType: r.model_type,
                                                       params: RequestTag.pairs(r.params), tags: RequestTag.pairs(r.tags), ownerKey: ctx.identity?.keyId)
        return try JSONResponse.encode(["model": MLflowDTO.loggedModel(m)], context: ctx)
    }

    func getLoggedModel(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let id = try ctx.param("model_id")
        return try JSONResponse.encode(["model": MLflowDTO.loggedModel(try await s.tracking.loggedModel(id))], context: ctx)
    }

    func finalizeLoggedModel(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let id = try ctx.param("model_id")
        let r = try await MLflowRequest.decode(Finalize.self, req, ctx)
        try await s.owners.requireWrite(.loggedModel(id), ctx)
        let m = try await s.tracking.finalizeLoggedModel(id, status: r.status ?? "LOGGED_MODEL_READY")
        return try JSONResponse.encode(["model": MLflowDTO.loggedModel(m)], context: ctx)
    }

    func setLoggedModelTags(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let id = try ctx.param("model_id")
        let r = try await MLflowRequest.decode(SetTags.self, req, ctx)
        try await s.owners.requireWrite(.loggedModel(id), ctx)
        try await s.tracking.setLoggedModelTags(id, RequestTag.pairs(r.tags))
        return JSONResponse.empty
    }

    func searchLoggedModels(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let r = try await MLflowRequest.decode(Search.self, req, ctx)
        let exps = (r.experiment_ids ?? []).compactMap { Int64($0) }
        let filter = try SearchFilter.parse(r.filter ?? "")
        let models = try await s.tracking.loggedModels(experimentIds: exps).filter { m in
            filter.clauses.allSatisfy { c in
                switch c.entity {
                case .tag: c.matches(m.tags.first { $0.key == c.key }?.value)
                case .param: c.matches(m.params.first { $0.key == c.key }?.value)
                case .metric: c.matches(m.metrics.last { $0.key == c.key }?.value)
                case .attribute:
                    switch c.key {
                    case "name": c.matches(m.name)
                    case "model_id": c.matches(m.modelId)
                    case "source_run_id": c.matches(m.sourceRunId)
                    case "status": c.matches(m.status)
                    default: false
                    }
                }
            }
        }
        let (page, next) = try paginate(models, r)
        return try JSONResponse.encode(LoggedModelsPage(models: page.isEmpty ? nil : page.map(MLflowDTO.loggedModel), next_page_token: next), context: ctx)
    }
}
