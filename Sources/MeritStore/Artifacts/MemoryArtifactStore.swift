import Foundation
import MeritCore
import Synchronization

/// Artifacts with their index in memory, for tests: blobs are still files in a `BlobFolder` (readers and
/// downloads use them by path), written exactly as `SQLArtifactStore` writes them. A class with a
/// mutex rather than an actor: uploads stream from the caller's sequence, which need not be Sendable.
public final class MemoryArtifactStore: ArtifactStore {
    let blobs: BlobFolder
    let index = Mutex<[String: ArtifactEntry]>([:])

    public var root: URL { blobs.root }
    public var maxBytes: Int64 { blobs.maxBytes }

    /// Creates the store over a folder (a temporary one, in tests); makes its folders.
    public init(root: URL, maxBytes: Int64) throws { blobs = try BlobFolder(root: root, maxBytes: maxBytes) }

    public func put<S: AsyncSequence>(path: String, body: S) async throws -> ArtifactEntry where S.Element: ByteChunk {
        let path = try ArtifactPath.validate(path)
        let blob = try await blobs.putBlob(body: body)
        let e = ArtifactEntry(path: path, sha256: blob.sha256, size: blob.size)
        index.withLock { $0[path] = e }
        return e
    }

    public func putBlob<S: AsyncSequence>(body: S) async throws -> (sha256: String, size: Int64) where S.Element: ByteChunk {
        try await blobs.putBlob(body: body)
    }

    public func entry(_ path: String) async throws -> ArtifactEntry? {
        let path = try ArtifactPath.validate(path)
        return index.withLock { $0[path] }
    }

    public func entries(under folder: String) async throws -> [ArtifactEntry] {
        let prefix = folder.isEmpty ? "" : try ArtifactPath.validate(folder) + "/"
        return index.withLock { i in i.keys.filter { $0.hasPrefix(prefix) }.sorted().map { i[$0]! } }
    }
}
