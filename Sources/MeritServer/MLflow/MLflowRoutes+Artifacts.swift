import Foundation
import Hummingbird
import MeritStore

extension Routes {
    /// The mlflow-artifacts proxy (upload, download, list) and the capability probe.
    func addMLflowArtifacts(_ s: Services) {
        let base = "/api/2.0/mlflow-artifacts/artifacts"

        add(.put, "\(base)/**", .role(.owner), mlflow: true) { req, ctx in
            let path = try Self.artifactPath(ctx)
            if let cl = req.headers[.contentLength].flatMap(Int64.init), cl > s.artifacts.maxBytes {
                throw MLflowError.tooLarge("the file is \(cl) bytes; this server accepts at most \(s.artifacts.maxBytes) (--max-upload-bytes)")
            }
            _ = try await mlflow { try await s.artifacts.put(path: path, body: req.body) }
            return Response(status: .ok)
        }
        add(.get, "\(base)/**", .read, mlflow: true) { _, ctx in
            let path = try Self.artifactPath(ctx)
            guard let entry = try await mlflow({ try await s.artifacts.entry(path) }) else {
                throw MLflowError.notFound("artifact '\(path)' not found")
            }
            let file = s.artifacts.file(entry)
            let size = Int(entry.size)
            let name = path.split(separator: "/").last.map(String.init) ?? "file"
            let body = ResponseBody(contentLength: size) { writer in
                guard let h = FileHandle(forReadingAtPath: file.path) else { throw MLflowError.notFound("artifact blob missing") }
                defer { try? h.close() }
                while let chunk = try h.read(upToCount: 256 << 10), !chunk.isEmpty {
                    try await writer.write(ByteBuffer(bytes: chunk))
                }
                try await writer.finish(nil)
            }
            return Response(status: .ok, headers: [.contentType: "application/octet-stream", .contentDisposition: "attachment; filename=\(name)"], body: body)
        }
        add(.get, "\(base)", .read, mlflow: true) { req, ctx in
            let r = try await MLflowRequest.read(req, ctx)
            let folder = r.string("path") ?? ""
            let entries = try await mlflow { try await s.artifacts.entries(under: folder) }
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
        add(.get, "/api/3.0/mlflow/server-info", .read, mlflow: true) { _, ctx in
            try JSONResponse.encode(ServerInfo(), context: ctx)
        }
    }

    static func artifactPath(_ ctx: AppContext) throws -> String {
        let parts = ctx.parameters.getCatchAll().map { $0.removingPercentEncoding ?? String($0) }
        do { return try ArtifactStore.validate(parts.joined(separator: "/")) } catch let e as StoreError { throw MLflowError(e) }
    }
}

struct ServerInfo: Encodable {
    var store_type = "SqlStore"
    var workspaces_enabled = false
    var multipart_uploads_enabled = false
    var multipart_downloads_enabled = false
}
