import Foundation
import Hummingbird
import MeritCore
import MeritData
import MeritStore

/// A model's base and benchmark data: registered by its owner, readable by its owner, admins and
/// attesters only (a readable benchmark would let contributors tune their data to it). The files
/// are content-addressed blobs outside the MLflow artifact index.
struct ModelDataController: Controller {
    let s: Services

    var data: StoredData { StoredData(artifacts: s.artifacts) }

    func register(on routes: GuardedRoutes) {
        routes.on(.put, "models/{name}/data/{role}", .role(.owner)) { try await self.registerData($0, $1) }
        // What is registered (roots and counts are public commitments); never the files.
        routes.on(.get, "models/{name}/data", .read) { try await self.listData($0, $1) }
        routes.on(.get, "models/{name}/data/{role}", .modelData) { try await self.downloadData($0, $1) }

    }

    func registerData(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let name = try ctx.param("name"), role = try Self.dataRole(ctx)
        let model = try await s.registry.model(name)
        try s.policy.checkOwner(of: model, ctx)
        guard let spec = model.spec else { throw APIError.bad("model '\(name)' has no spec; create it with POST /api/v1/models") }
        let file = try StoredData.fileName(req, role.rawValue + ".csv")
        if role == .base, let head = try await s.registry.head(name) {
            throw APIError(status: .conflict, code: "has_versions",
                           message: "model '\(name)' has versions trained on its base data (the head is version \(head.version)); the base data cannot change under them. Create a new model for different base data")
        }
        let blob = try await s.artifacts.putBlob(body: req.body)
        let fp: Fingerprint
        do { fp = try await data.load(sha256: blob.sha256, fileName: file, spec: spec).fingerprint } catch {
            // The blob was stored (content-addressed) but is not registered: the model's data is unchanged.
            throw APIError.bad("\(file) is not a usable \(role.rawValue) dataset for this model: \(error)")
        }
        try await s.jobs.setModelData(ModelData(modelName: name, role: role, sha256: blob.sha256, fileName: file, root: fp.root.hex, records: Int64(fp.records)))
        // With both files registered, Merit trains version 1 on the base data (the head contributions are
        // judged against), in the background: a large base takes minutes. A worker that finds no head
        // trains it too before judging, so a server stopped meanwhile loses nothing.
        let data = try await s.jobs.modelData(name)
        let hasHead = try await s.registry.head(name) != nil
        let training = data[.base] != nil && data[.benchmark] != nil && !hasHead
        if training {
            let versions = s.versions, logger = ctx.logger
            Task.detached {
                do {
                    if let v = try await versions.firstVersionIfNeeded(name) { logger.info("model '\(name)': version \(v.version) trained on its base data") }
                } catch {
                    logger.error("model '\(name)': version 1 could not be trained from its base data: \(error)")
                }
            }
        }
        return try JSONResponse.encode(DataRegistered(data: .init(role: role.rawValue, file: file, sha256: blob.sha256, root: fp.root.hex, records: String(fp.records)),
                                                      version_1: training ? "training: GET /api/v1/models/\(name)/lineage shows it when it is ready" : nil), context: ctx)
    }

    func listData(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let name = try ctx.param("name")
        _ = try await s.registry.model(name)
        let data = try await s.jobs.modelData(name)
        return try JSONResponse.encode(["data": data.values.sorted { $0.role.rawValue < $1.role.rawValue }.map {
            ["role": $0.role.rawValue, "file": $0.fileName, "sha256": $0.sha256, "root": $0.root, "records": String($0.records)]
        }], context: ctx)
    }

    func downloadData(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let name = try ctx.param("name"), role = try Self.dataRole(ctx)
        let model = try await s.registry.model(name)
        try s.policy.checkDataRead(of: model, ctx)
        guard let d = try await s.jobs.modelData(name)[role] else {
            throw APIError(status: .notFound, code: "not_found", message: "model '\(name)' has no \(role.rawValue) data; its owner registers it with PUT /api/v1/models/{name}/data/\(role.rawValue)")
        }
        let size = ((try? FileManager.default.attributesOfItem(atPath: s.artifacts.file(sha256: d.sha256).path))?[.size] as? NSNumber)?.int64Value ?? 0
        return FileResponse.download(s.artifacts.file(sha256: d.sha256), size: size, name: d.fileName)
    }

    struct DataRegistered: Encodable {
        struct Data: Encodable { var role, file, sha256, root, records: String }
        var data: Data
        /// Set when this registration completed the pair and Merit started training version 1.
        var version_1: String?
    }

    static func dataRole(_ ctx: AppContext) throws -> DataRole {
        guard let role = DataRole(rawValue: try ctx.param("role")) else { throw APIError.bad("the role is base or benchmark") }
        return role
    }
}

