import Foundation
import Hummingbird
import MeritEthereum
import MeritStore

extension Routes {
    /// Logged models and the model registry.
    func addMLflowRegistry(_ s: Services) {
        let base = "/api/2.0/mlflow"
        let write = Access.role(.owner)
        let policy = self.policy

        // Logged models (MLflow 3).
        add(.post, "\(base)/logged-models", write, mlflow: true) { req, ctx in
            let r = try await MLflowRequest.read(req, ctx)
            guard let exp = Int64(try r.require("experiment_id")) else { throw MLflowError.notFound("no experiment with that id") }
            try await s.owners.requireCreate(in: exp, ctx)
            let m = try await mlflow {
                try await s.tracking.createLoggedModel(experimentId: exp, name: r.string("name") ?? "model", sourceRunId: r.string("source_run_id"),
                                                       modelType: r.string("model_type"), params: MLflowRequest.keyValues(r.body["params"]),
                                                       tags: MLflowRequest.keyValues(r.body["tags"]), ownerKey: ctx.identity?.keyId)
            }
            return try JSONResponse.encode(["model": MLflowDTO.loggedModel(m)], context: ctx)
        }
        add(.get, "\(base)/logged-models/{model_id}", .read, mlflow: true) { _, ctx in
            let id = try ctx.param("model_id")
            return try await mlflow { try JSONResponse.encode(["model": MLflowDTO.loggedModel(try await s.tracking.loggedModel(id))], context: ctx) }
        }
        add(.patch, "\(base)/logged-models/{model_id}", write, mlflow: true) { req, ctx in
            let id = try ctx.param("model_id")
            let r = try await MLflowRequest.read(req, ctx)
            try await s.owners.requireWrite(.loggedModel(id), ctx)
            let m = try await mlflow { try await s.tracking.finalizeLoggedModel(id, status: r.string("status") ?? "LOGGED_MODEL_READY") }
            return try JSONResponse.encode(["model": MLflowDTO.loggedModel(m)], context: ctx)
        }
        add(.patch, "\(base)/logged-models/{model_id}/tags", write, mlflow: true) { req, ctx in
            let id = try ctx.param("model_id")
            let r = try await MLflowRequest.read(req, ctx)
            try await s.owners.requireWrite(.loggedModel(id), ctx)
            try await mlflow { try await s.tracking.setLoggedModelTags(id, MLflowRequest.keyValues(r.body["tags"])) }
            return JSONResponse.empty
        }
        add(.post, "\(base)/logged-models/search", .read, mlflow: true) { req, ctx in
            let r = try await MLflowRequest.read(req, ctx)
            let exps = r.strings("experiment_ids").compactMap { Int64($0) }
            let filter = try SearchFilter.parse(r.string("filter") ?? "")
            let models = try await mlflow { try await s.tracking.loggedModels(experimentIds: exps) }.filter { m in
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

        // Registered models.
        @Sendable func owned(_ name: String, _ ctx: AppContext) async throws -> ModelRecord {
            let m = try await mlflow { try await s.registry.model(name) }
            try policy.checkOwner(of: m, ctx, mlflowShape: true)
            return m
        }
        @Sendable func registered(_ m: ModelRecord) async throws -> MLflowDTO.RegisteredModel {
            MLflowDTO.registeredModel(m, versions: try await s.registry.versions(m.name))
        }

        add(.post, "\(base)/registered-models/create", write, mlflow: true) { req, ctx in
            let r = try await MLflowRequest.read(req, ctx)
            var new = RegistryStore.NewModel(name: try r.require("name"))
            new.description = r.string("description") ?? ""
            new.tags = MLflowRequest.keyValues(r.body["tags"])
            new.ownerKey = ctx.identity?.keyId
            let m = try await mlflow { try await s.registry.createModel(new) }
            return try JSONResponse.encode(["registered_model": try await registered(m)], context: ctx)
        }
        add(.get, "\(base)/registered-models/get", .read, mlflow: true) { req, ctx in
            let r = try await MLflowRequest.read(req, ctx)
            let m = try await mlflow { try await s.registry.model(try r.require("name")) }
            return try JSONResponse.encode(["registered_model": try await registered(m)], context: ctx)
        }
        for method in [HTTPRequest.Method.get, .post] {
            add(method, "\(base)/registered-models/search", .read, mlflow: true) { req, ctx in
                let r = try await MLflowRequest.read(req, ctx)
                let filter = try SearchFilter.parse(r.string("filter") ?? "")
                var models = try await mlflow { try await s.registry.models() }.filter { m in
                    filter.clauses.allSatisfy { c in
                        switch c.entity {
                        case .tag: c.matches(m.tags.first { $0.key == c.key }?.value)
                        case .attribute where c.key == "name": c.matches(m.name)
                        default: false
                        }
                    }
                }
                if let o = try r.strings("order_by").first.map(SearchFilter.Order.parse) {
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
        }
        add(.patch, "\(base)/registered-models/update", write, mlflow: true) { req, ctx in
            let r = try await MLflowRequest.read(req, ctx)
            let name = try r.require("name")
            _ = try await owned(name, ctx)
            let m = try await mlflow { try await s.registry.updateModel(name, description: r.string("description") ?? "") }
            return try JSONResponse.encode(["registered_model": try await registered(m)], context: ctx)
        }
        add(.post, "\(base)/registered-models/set-tag", write, mlflow: true) { req, ctx in
            let r = try await MLflowRequest.read(req, ctx)
            let name = try r.require("name")
            _ = try await owned(name, ctx)
            try await mlflow { try await s.registry.setModelTag(name, KeyValue(try r.require("key"), r.string("value") ?? "")) }
            return JSONResponse.empty
        }
        add(.delete, "\(base)/registered-models/delete-tag", write, mlflow: true) { req, ctx in
            let r = try await MLflowRequest.read(req, ctx)
            let name = try r.require("name")
            _ = try await owned(name, ctx)
            try await mlflow { try await s.registry.deleteModelTag(name, key: try r.require("key")) }
            return JSONResponse.empty
        }
        add(.delete, "\(base)/registered-models/delete", write, mlflow: true) { req, ctx in
            let r = try await MLflowRequest.read(req, ctx)
            let name = try r.require("name")
            _ = try await owned(name, ctx)
            try await mlflow { try await s.registry.deleteModel(name) }
            return JSONResponse.empty
        }
        add(.post, "\(base)/registered-models/rename", write, mlflow: true) { req, ctx in
            let r = try await MLflowRequest.read(req, ctx)
            let name = try r.require("name"), newName = try r.require("new_name")
            _ = try await owned(name, ctx)
            let m = try await mlflow { try await s.registry.renameModel(name, to: newName) }
            return try JSONResponse.encode(["registered_model": try await registered(m)], context: ctx)
        }
        add(.post, "\(base)/registered-models/get-latest-versions", .read, mlflow: true) { req, ctx in
            let r = try await MLflowRequest.read(req, ctx)
            let name = try r.require("name")
            let m = try await mlflow { try await s.registry.model(name) }
            let stages = Set(r.strings("stages").map { $0.lowercased() })
            let latest = try await registered(m).latest_versions ?? []
            return try JSONResponse.encode(["model_versions": latest.filter { stages.isEmpty || stages.contains($0.current_stage.lowercased()) }], context: ctx)
        }
        add(.post, "\(base)/registered-models/alias", write, mlflow: true) { req, ctx in
            let r = try await MLflowRequest.read(req, ctx)
            let name = try r.require("name")
            _ = try await owned(name, ctx)
            guard let v = Int(try r.require("version")) else { throw MLflowError.invalidParameter("version must be a number") }
            try await mlflow { try await s.registry.setAlias(name, alias: try r.require("alias"), version: v) }
            return JSONResponse.empty
        }
        add(.get, "\(base)/registered-models/alias", .read, mlflow: true) { req, ctx in
            let r = try await MLflowRequest.read(req, ctx)
            let v = try await mlflow { try await s.registry.version(try r.require("name"), alias: try r.require("alias")) }
            return try JSONResponse.encode(["model_version": MLflowDTO.version(v)], context: ctx)
        }
        add(.delete, "\(base)/registered-models/alias", write, mlflow: true) { req, ctx in
            let r = try await MLflowRequest.read(req, ctx)
            let name = try r.require("name")
            _ = try await owned(name, ctx)
            try await mlflow { try await s.registry.deleteAlias(name, alias: try r.require("alias")) }
            return JSONResponse.empty
        }

        // Model versions.
        @Sendable func versionNumber(_ r: MLflowRequest) throws -> Int {
            guard let v = Int(try r.require("version")) else { throw MLflowError.invalidParameter("version must be a number") }
            return v
        }
        add(.post, "\(base)/model-versions/create", write, mlflow: true) { req, ctx in
            let r = try await MLflowRequest.read(req, ctx)
            let name = try r.require("name")
            _ = try await owned(name, ctx)
            var v = RegistryStore.NewVersion()
            v.source = r.string("source") ?? ""
            v.description = r.string("description") ?? ""
            v.runLink = r.string("run_link")
            v.tags = MLflowRequest.keyValues(r.body["tags"])
            v.loggedModelId = r.string("model_id") ?? (v.source.hasPrefix("models:/m-") ? String(v.source.dropFirst("models:/".count)) : nil)
            v.runId = r.string("run_id")
            // The run comes from the logged model when the client sends none (MLflow 3 `log_model`).
            if let lm = v.loggedModelId, let logged = try? await s.tracking.loggedModel(lm) {
                if v.runId == nil { v.runId = logged.sourceRunId }
            }
            if let runId = v.runId, let run = try? await s.tracking.run(runId) {
                v.runTokenTags = run.tags.filter { ["hokusai_token_id", "benchmark_metric", "benchmark_value"].contains($0.key) }
            }
            let created = try await mlflow { try await s.registry.createVersion(name, v) }
            return try JSONResponse.encode(["model_version": MLflowDTO.version(created)], context: ctx)
        }
        add(.get, "\(base)/model-versions/get", .read, mlflow: true) { req, ctx in
            let r = try await MLflowRequest.read(req, ctx)
            let v = try await mlflow { try await s.registry.version(try r.require("name"), try versionNumber(r)) }
            return try JSONResponse.encode(["model_version": MLflowDTO.version(v)], context: ctx)
        }
        add(.patch, "\(base)/model-versions/update", write, mlflow: true) { req, ctx in
            let r = try await MLflowRequest.read(req, ctx)
            let name = try r.require("name")
            _ = try await owned(name, ctx)
            let v = try await mlflow { try await s.registry.updateVersion(name, try versionNumber(r), description: r.string("description") ?? "") }
            return try JSONResponse.encode(["model_version": MLflowDTO.version(v)], context: ctx)
        }
        add(.post, "\(base)/model-versions/set-tag", write, mlflow: true) { req, ctx in
            let r = try await MLflowRequest.read(req, ctx)
            let name = try r.require("name")
            _ = try await owned(name, ctx)
            try await mlflow { try await s.registry.setVersionTag(name, try versionNumber(r), KeyValue(try r.require("key"), r.string("value") ?? "")) }
            return JSONResponse.empty
        }
        add(.delete, "\(base)/model-versions/delete-tag", write, mlflow: true) { req, ctx in
            let r = try await MLflowRequest.read(req, ctx)
            let name = try r.require("name")
            _ = try await owned(name, ctx)
            try await mlflow { try await s.registry.deleteVersionTag(name, try versionNumber(r), key: try r.require("key")) }
            return JSONResponse.empty
        }
        add(.delete, "\(base)/model-versions/delete", write, mlflow: true) { req, ctx in
            let r = try await MLflowRequest.read(req, ctx)
            let name = try r.require("name")
            _ = try await owned(name, ctx)
            try await mlflow { try await s.registry.deleteVersion(name, try versionNumber(r)) }
            return JSONResponse.empty
        }
        add(.get, "\(base)/model-versions/search", .read, mlflow: true) { req, ctx in
            let r = try await MLflowRequest.read(req, ctx)
            let filter = try SearchFilter.parse(r.string("filter") ?? "")
            let nameClause = filter.clauses.first { $0.entity == .attribute && $0.key == "name" && $0.op == .eq }
            var name: String? = nil
            if case .string(let n)? = nameClause?.value { name = n }
            let versions = try await mlflow { try await s.registry.versions(name) }.filter { v in
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
        add(.get, "\(base)/model-versions/get-download-uri", .read, mlflow: true) { req, ctx in
            let r = try await MLflowRequest.read(req, ctx)
            let v = try await mlflow { try await s.registry.version(try r.require("name"), try versionNumber(r)) }
            var uri = v.source
            if let lm = v.loggedModelId, let logged = try? await s.tracking.loggedModel(lm) { uri = logged.artifactURI }
            else if v.source.hasPrefix("runs:/"), let runId = v.runId, let run = try? await s.tracking.run(runId) {
                let rest = v.source.dropFirst("runs:/".count).split(separator: "/", maxSplits: 1).dropFirst().first.map(String.init) ?? ""
                uri = run.artifactURI + (rest.isEmpty ? "" : "/" + rest)
            }
            return try JSONResponse.encode(["artifact_uri": uri], context: ctx)
        }
        add(.post, "\(base)/model-versions/transition-stage", write, mlflow: true) { req, ctx in
            let r = try await MLflowRequest.read(req, ctx)
            let name = try r.require("name")
            _ = try await owned(name, ctx)
            let v = try await mlflow {
                try await s.registry.transition(name, try versionNumber(r), to: try r.require("stage"), archiveExisting: r.bool("archive_existing_versions") ?? false)
            }
            return try JSONResponse.encode(["model_version": MLflowDTO.version(v)], context: ctx)
        }
    }
}

struct LoggedModelsPage: Encodable { var models: [MLflowDTO.LoggedModel]?; var next_page_token: String? }
struct RegisteredModelsPage: Encodable { var registered_models: [MLflowDTO.RegisteredModel]?; var next_page_token: String? }
struct VersionsPage: Encodable { var model_versions: [MLflowDTO.ModelVersion]?; var next_page_token: String? }
