import Dispatch
import Foundation
import Hummingbird
import MeritCore
import MeritData
import MeritStore

/// Merit's own stored files (base, benchmark, contributions) read back as datasets.
struct StoredData: Sendable {
    let artifacts: ArtifactStore

    /// Loads a stored blob as a dataset with the model's spec, named as its uploader named it. The loader
    /// tells CSV from JSONL by the file's extension, so the blob is linked under its name in a scratch
    /// folder.
    func load(sha256: String, fileName: String, specJSON: String) async throws -> LoadedDataset {
        let blob = artifacts.file(sha256: sha256)
        return try await Self.offPool {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("merit-load-\(randomHexID())")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            let link = dir.appendingPathComponent(fileName)
            try FileManager.default.createSymbolicLink(at: link, withDestinationURL: blob)
            let spec = try ModelSpec.parse(Data(specJSON.utf8), fileName: "spec")
            return try DatasetLoader(spec: spec).load(path: link.path, displayName: fileName)
        }
    }

    /// Runs CPU work off the concurrency pool, so the server stays responsive.
    static func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { cont in DispatchQueue.global().async { cont.resume(with: Result { try work() }) } }
    }

    /// The `?file=` name of an upload: a plain name ending in .csv, .jsonl or .ndjson.
    static func fileName(_ req: Request, _ fallback: String) throws -> String {
        let name = req.uri.queryParameters.get("file") ?? fallback
        guard !name.isEmpty, name.utf8.count <= 255, !name.contains("/"), !name.hasPrefix("."),
              !name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }),
              name.hasSuffix(".csv") || name.hasSuffix(".jsonl") || name.hasSuffix(".ndjson") else {
            throw APIError.bad("?file= must be a plain file name ending in .csv or .jsonl")
        }
        return name
    }
}
