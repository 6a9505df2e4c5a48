import Dispatch
import Foundation
import Hummingbird
import MeritCore
import MeritData
import MeritStore

/// Merit's own stored files (base, benchmark, contributions) read back as datasets.
struct StoredData: Sendable {
    let artifacts: any ArtifactStore

    /// A stored blob as a dataset file: read in the format its upload name declared (the upload routes
    /// accept only .csv, .jsonl and .ndjson names), and named as its uploader named it.
    func file(sha256: String, fileName: String) -> DatasetFile {
        DatasetFile(path: artifacts.file(sha256: sha256).path, format: DatasetFormat(fileName: fileName), name: fileName)
    }

    /// Loads a stored blob as a dataset with the model's spec.
    func load(sha256: String, fileName: String, spec: ModelSpec) async throws -> LoadedDataset {
        let file = file(sha256: sha256, fileName: fileName)
        return try await Self.offPool { try DatasetLoader(spec: spec).load(file) }
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
