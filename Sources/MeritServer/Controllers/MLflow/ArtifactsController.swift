import Foundation
import Hummingbird
import MeritStore

/// The mlflow-artifacts proxy (upload, download, list), mounted at `/api/2.0/mlflow-artifacts` (and under the guides' prefixes).
struct ArtifactsController: Controller {
    /// `GET artifacts`: the folder to list.
    struct ListArtifacts: Decodable { var path: String? }

    let s: Services
    /// Where the controller is mounted (`/api/2.0/mlflow-artifacts`, or that under a prefix).
    var mountedAt = "/api/2.0/mlflow-artifacts"
    /// Where the files are, under the mount point.
    var base: String { mountedAt + "/artifacts" }

    func register(on routes: GuardedRoutes) {
        routes.on(.put, "artifacts/**", .role(.owner)) { try await self.upload($0, $1) }
        routes.on(.get, "artifacts/**", .read) { try await self.download($0, $1) }
        routes.on(.get, "artifacts", .read) { try await self.list($0, $1) }
    }

    func upload(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let path = try Self.artifactPath(req, under: base)
        try await Self.requireArtifactWrite(path, s.owners, ctx)
        if let cl = req.headers[.contentLength].flatMap(Int64.init), cl > s.artifacts.maxBytes {
            throw MLflowError.tooLarge("the file is \(cl) bytes; this server accepts at most \(s.artifacts.maxBytes) (--max-upload-bytes)")
        }
        _ = try await s.artifacts.put(path: path, body: req.body)
        return Response(status: .ok)
    }

    func download(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let path = try Self.artifactPath(req, under: base)
        guard let entry = try await s.artifacts.entry(path) else { throw MLflowError.notFound("artifact '\(path)' not found") }
        let name = path.split(separator: "/").last.map(String.init) ?? "file"
        return FileResponse.download(s.artifacts.file(entry), size: entry.size, name: name)
    }

    func list(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let folder = try await MLflowRequest.decode(ListArtifacts.self, req, ctx).path ?? ""
        let entries = try await s.artifacts.entries(under: folder)
        let prefix = folder.isEmpty ? "" : folder + "/"
        var files: [String: MLflowDTO.FileInfo] = [:]
        for e in entries {
            let rest = e.path.dropFirst(prefix.count)
            if let slash = rest.firstIndex(of: "/") {
                let dir = String(rest[..<slash])
                files[dir] = MLflowDTO.FileInfo(path: dir, is_dir: true, file_size: nil)
            } else {
                files[String(rest)] = MLflowDTO.FileInfo(path: String(rest), is_dir: false, file_size: e.size)
            }
        }
        let list = files.keys.sorted().map { files[$0]! }
        if list.isEmpty { return JSONResponse.empty }
        return try JSONResponse.encode(["files": list], context: ctx)
    }

    /// The artifact path of a request, from the raw URI: each `/`-separated part percent-decoded, and
    /// an empty part (`a//b`) refused, as the router's catch-all would silently drop it.
    static func artifactPath(_ req: Request, under base: String) throws -> String {
        let raw = req.uri.path
        guard raw.hasPrefix(base + "/") else { throw MLflowError.invalidParameter("the artifact path is missing") }
        let parts = raw.dropFirst(base.count + 1).split(separator: "/", omittingEmptySubsequences: false)
            .map { $0.removingPercentEncoding ?? String($0) }
        do { return try ArtifactPath.validate(parts.joined(separator: "/")) } catch let e as StoreError { throw MLflowError(e) }
    }

    /// Writes go under something the key owns: `<experiment>/<run>/…` (the run's owner),
    /// `<experiment>/models/<model id>/…` (the logged model's owner) or else `<experiment>/…` (the
    /// experiment's owner). Admins may write anywhere.
    static func requireArtifactWrite(_ path: String, _ owners: TrackingOwners, _ ctx: AppContext) async throws {
        let parts = path.split(separator: "/").map(String.init)
        guard let experiment = Int64(parts[0]) else {
            throw MLflowError.invalidParameter("artifact paths begin with an experiment id: write under a run's artifact_uri (mlflow-artifacts:/<experiment>/<run>/artifacts) or a logged model's")
        }
        if parts.count >= 3, parts[1] == "models" {
            return try await owners.requireWrite(.loggedModel(parts[2]), ctx)
        }
        if parts.count >= 3, (try? await owners.owner(of: .run(parts[1]))) != nil {
            return try await owners.requireWrite(.run(parts[1]), ctx)
        }
        try await owners.requireWrite(.experiment(experiment), ctx)
    }
}

/// MLflow 3's capability probe, mounted at `/api/3.0/mlflow`.
struct ServerInfoController: Controller {
    func register(on routes: GuardedRoutes) {
        routes.on(.get, "server-info", .read) { _, ctx in try JSONResponse.encode(ServerInfo(), context: ctx) }
    }
}

struct ServerInfo: Encodable {
    var store_type = "SqlStore"
    var workspaces_enabled = false
    var multipart_uploads_enabled = false
    var multipart_downloads_enabled = false
}
