import Foundation
import Hummingbird
import MeritBase
import MeritCore
import MeritStore

/// MLflow's model registry: registered models, their versions, tags, aliases and stages.
struct ModelRegistryController: Controller {
    let s: Services

    /// The fields of the registry's requests, as MLflow's client sends them (see `MLflowDecoder`): each
    /// route reads the ones it takes.
    struct RegistryRequest: Decodable, PagedRequest {
        var name: String?, new_name: String?, version: String?, key: String?, value: String?, alias: String?, description: String?
        var tags: [RequestTag]?, stages: [String]?, filter: String?, order_by: [String]?, max_results: Int64?, page_token: String?
        var source: String?, run_id: String?, run_link: String?, model_id: String?, stage: String?, archive_existing_versions: Bool?

        /// The registered model's name, required.
        func modelName() throws -> String { try required(name, "name") }

        /// The version number, required.
        func versionNumber() throws -> Int {
            guard let v = Int(try required(version, "version")) else { throw MLflowError.invalidParameter("version must be a number") }
            return v
        }
    }

    /// Reads the request.
    func request(_ req: Request, _ ctx: AppContext) async throws -> RegistryRequest { try await MLflowRequest.decode(RegistryRequest.self, req, ctx) }

    /// The request and the registered model it names, once the key is checked to own that model.
    func ownedRequest(_ req: Request, _ ctx: AppContext) async throws -> (RegistryRequest, String) {
        let r = try await request(req, ctx)
        let name = try r.modelName()
        _ = try await s.ownedModel(name, ctx)
        return (r, name)
    }

    func registered(_ m: RegisteredModel) async throws -> MLflowDTO.RegisteredModel {
        MLflowDTO.registeredModel(m, versions: try await s.registry.versions(m.name))
    }

    func register(on routes: GuardedRoutes) {
        let write = Access.role(.owner)

        // Registered models.
        routes.on(.post, "registered-models/create", write) { try await self.registeredModelsCreate($0, $1) }
        routes.on(.get, "registered-models/get", .read) { try await self.registeredModelsGet($0, $1) }
        for method in [HTTPRequest.Method.get, .post] {
            routes.on(method, "registered-models/search", .read) { try await self.registeredModelsSearch($0, $1) }
        }
        routes.on(.patch, "registered-models/update", write) { try await self.registeredModelsUpdate($0, $1) }
        routes.on(.post, "registered-models/set-tag", write) { try await self.registeredModelsSetTag($0, $1) }
        routes.on(.delete, "registered-models/delete-tag", write) { try await self.registeredModelsDeleteTag($0, $1) }
        routes.on(.delete, "registered-models/delete", write) { try await self.registeredModelsDelete($0, $1) }
        routes.on(.post, "registered-models/rename", write) { try await self.registeredModelsRename($0, $1) }
        routes.on(.post, "registered-models/get-latest-versions", .read) { try await self.registeredModelsGetLatestVersions($0, $1) }
        routes.on(.post, "registered-models/alias", write) { try await self.setAlias($0, $1) }
        routes.on(.get, "registered-models/alias", .read) { try await self.getAlias($0, $1) }
        routes.on(.delete, "registered-models/alias", write) { try await self.deleteAlias($0, $1) }

        // Model versions.
        routes.on(.post, "model-versions/create", write) { try await self.modelVersionsCreate($0, $1) }
        routes.on(.get, "model-versions/get", .read) { try await self.modelVersionsGet($0, $1) }
        routes.on(.patch, "model-versions/update", write) { try await self.modelVersionsUpdate($0, $1) }
        routes.on(.post, "model-versions/set-tag", write) { try await self.modelVersionsSetTag($0, $1) }
        routes.on(.delete, "model-versions/delete-tag", write) { try await self.modelVersionsDeleteTag($0, $1) }
        routes.on(.delete, "model-versions/delete", write) { try await self.modelVersionsDelete($0, $1) }
        routes.on(.get, "model-versions/search", .read) { try await self.modelVersionsSearch($0, $1) }
        routes.on(.get, "model-versions/get-download-uri", .read) { try await self.modelVersionsGetDownloadUri($0, $1) }
        routes.on(.post, "model-versions/transition-stage", write) { try await self.modelVersionsTransitionStage($0, $1) }
    }

    func registeredModelsCreate(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let r = try await request(req, ctx)
        var new = NewModel(name: try r.modelName())
        new.description = r.description ?? ""
        new.tags = RequestTag.pairs(r.tags)
        new.ownerKey = ctx.identity?.keyId
        let m = try await s.registry.createModel(new)
        return try JSONResponse.encode(["registered_model": try await registered(m)], context: ctx)
    }

    func registeredModelsGet(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let r = try await request(req, ctx)
        let m = try await s.registry.model(try r.modelName())
        return try JSONResponse.encode(["registered_model": try await registered(m)], context: ctx)
    }

    func registeredModelsSearch(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let r = try await request(req, ctx)
        let filter = try SearchFilter.parse(r.filter ?? "")
        var models = try await s.registry.models().filter { m in
            filter.clauses.allSatisfy { c in
                switch c.entity {
                case .tag: c.matches(m.tags.first { $0.key == c.key }?.value)
                case .attribute where c.key == "name": c.matches(m.name)
                default: false
                }
            }
        }
        if let o = try (r.order_by ?? []).first.map(SearchFilter.Order.parse) {
            models.sort { a, b in
                let (x, y) = o.key.contains("timestamp") ? (String(format: "%020lld", a.updatedMs), String(format: "%020lld", b.updatedMs)) : (a.name, b.name)
                return o.ascending ? x < y : y < x
            }
        }
        let (page, next) = try paginate(models, r)
        var out: [MLflowDTO.RegisteredModel] = []
        for m in page { out.append(try await registered(m)) }
        return try JSONResponse.encode(RegisteredModelsPage(registered_models: out.isEmpty ? nil : out, next_page_token: next), context: ctx)
    }

    func registeredModelsUpdate(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let (r, name) = try await ownedRequest(req, ctx)
        let m = try await s.registry.updateModel(name, ModelChanges(description: r.description ?? ""))
        return try JSONResponse.encode(["registered_model": try await registered(m)], context: ctx)
    }

    func registeredModelsSetTag(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let (r, name) = try await ownedRequest(req, ctx)
        try await s.registry.setModelTag(name, KeyValue(try required(r.key, "key"), r.value ?? ""))
        return JSONResponse.empty
    }

    func registeredModelsDeleteTag(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let (r, name) = try await ownedRequest(req, ctx)
        try await s.registry.deleteModelTag(name, key: try required(r.key, "key"))
        return JSONResponse.empty
    }

    func registeredModelsDelete(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let (r, name) = try await ownedRequest(req, ctx)
        try await s.registry.deleteModel(name)
        return JSONResponse.empty
    }

    func registeredModelsRename(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let r = try await request(req, ctx)
        let name = try r.modelName(), newName = try required(r.new_name, "new_name")
        _ = try await s.ownedModel(name, ctx)
        let m = try await s.registry.renameModel(name, to: newName)
        return try JSONResponse.encode(["registered_model": try await registered(m)], context: ctx)
    }

    func registeredModelsGetLatestVersions(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let r = try await request(req, ctx)
        let name = try r.modelName()
        let m = try await s.registry.model(name)
        let stages = Set((r.stages ?? []).map { $0.lowercased() })
        let latest = try await registered(m).latest_versions ?? []
        return try JSONResponse.encode(["model_versions": latest.filter { stages.isEmpty || stages.contains($0.current_stage.lowercased()) }], context: ctx)
    }

    func setAlias(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let (r, name) = try await ownedRequest(req, ctx)
        try await s.registry.setAlias(name, alias: try required(r.alias, "alias"), version: try r.versionNumber())
        return JSONResponse.empty
    }

    func getAlias(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let r = try await request(req, ctx)
        let v = try await s.registry.version(try r.modelName(), alias: try required(r.alias, "alias"))
        return try JSONResponse.encode(["model_version": MLflowDTO.version(v)], context: ctx)
    }

    func deleteAlias(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let (r, name) = try await ownedRequest(req, ctx)
        try await s.registry.deleteAlias(name, alias: try required(r.alias, "alias"))
        return JSONResponse.empty
    }

    func modelVersionsCreate(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let (r, name) = try await ownedRequest(req, ctx)
        var v = NewVersion()
        v.source = r.source ?? ""
        v.description = r.description ?? ""
        v.runLink = r.run_link
        v.tags = RequestTag.pairs(r.tags)
        v.loggedModelId = r.model_id ?? (v.source.hasPrefix("models:/m-") ? String(v.source.dropFirst("models:/".count)) : nil)
        v.runId = r.run_id
        // The run comes from the logged model when the client sends none (MLflow 3 `log_model`).
        if let lm = v.loggedModelId, let logged = try? await s.tracking.loggedModel(lm) {
            if v.runId == nil { v.runId = logged.sourceRunId }
        }
        if let runId = v.runId, let run = try? await s.tracking.run(runId) {
            v.runTokenTags = run.tags.filter { TokenTags.keys.contains($0.key) }
        }
        let created = try await s.registry.createVersion(name, v)
        return try JSONResponse.encode(["model_version": MLflowDTO.version(created)], context: ctx)
    }

    func modelVersionsGet(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let r = try await request(req, ctx)
        let v = try await s.registry.version(try r.modelName(), try r.versionNumber())
        return try JSONResponse.encode(["model_version": MLflowDTO.version(v)], context: ctx)
    }

    func modelVersionsUpdate(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let (r, name) = try await ownedRequest(req, ctx)
        let v = try await s.registry.updateVersion(name, try r.versionNumber(), description: r.description ?? "")
        return try JSONResponse.encode(["model_version": MLflowDTO.version(v)], context: ctx)
    }

    func modelVersionsSetTag(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let (r, name) = try await ownedRequest(req, ctx)
        try await s.registry.setVersionTag(name, try r.versionNumber(), KeyValue(try required(r.key, "key"), r.value ?? ""))
        return JSONResponse.empty
    }

    func modelVersionsDeleteTag(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let (r, name) = try await ownedRequest(req, ctx)
        try await s.registry.deleteVersionTag(name, try r.versionNumber(), key: try required(r.key, "key"))
        return JSONResponse.empty
    }

    func modelVersionsDelete(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let (r, name) = try await ownedRequest(req, ctx)
        try await s.registry.deleteVersion(name, try r.versionNumber())
        return JSONResponse.empty
    }

    func modelVersionsSearch(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let r = try await request(req, ctx)
        let filter = try SearchFilter.parse(r.filter ?? "")
        let nameClause = filter.clauses.first { $0.entity == .attribute && $0.key == "name" && $0.op == .eq }
        var name: String? = nil
        if case .string(let n)? = nameClause?.value { name = n }
        let versions = try await s.registry.versions(name).filter { v in
            filter.clauses.allSatisfy { c in
                switch c.entity {
                case .tag: c.matches(v.tags.first { $0.key == c.key }?.value)
                case .attribute:
                    switch c.key {
                    case "name": c.matches(v.modelName)
                    case "run_id": c.matches(v.runId)
                    case "source_path", "source": c.matches(v.source)
                    case "version_number", "version": c.matches(String(v.version))
                    default: false
                    }
                default: false
                }
            }
        }
        let (page, next) = try paginate(versions, r)
        return try JSONResponse.encode(VersionsPage(model_versions: page.isEmpty ? nil : page.map(MLflowDTO.version), next_page_token: next), context: ctx)
    }

    func modelVersionsGetDownloadUri(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let r = try await request(req, ctx)
        let v = try await s.registry.version(try r.modelName(), try r.versionNumber())
        var uri = v.source
        if let lm = v.loggedModelId, let logged = try? await s.tracking.loggedModel(lm) { uri = logged.artifactURI }
        else if v.source.hasPrefix("runs:/"), let runId = v.runId, let run = try? await s.tracking.run(runId) {
            let rest = v.source.dropFirst("runs:/".count).split(separator: "/", maxSplits: 1).dropFirst().first.map(String.init) ?? ""
            uri = run.artifactURI + (rest.isEmpty ? "" : "/" + rest)
        }
        return try JSONResponse.encode(["artifact_uri": uri], context: ctx)
    }

    func modelVersionsTransitionStage(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let (r, name) = try await ownedRequest(req, ctx)
        let v = try await s.registry.transition(name, try r.versionNumber(), to: try required(r.stage, "stage"), archiveExisting: r.archive_existing_versions ?? false)

        return try JSONResponse.encode(["model_version": MLflowDTO.version(v)], context: ctx)
    }
}


struct LoggedModelsPage: Encodable { var models: [MLflowDTO.LoggedModel]?; var next_page_token: String? }
struct RegisteredModelsPage: Encodable { var registered_models: [MLflowDTO.RegisteredModel]?; var next_page_token: String? }
struct VersionsPage: Encodable { var model_versions: [MLflowDTO.ModelVersion]?; var next_page_token: String? }
