import Foundation

/// A chunk of an upload's bytes, whatever buffer type the transport reads into.
public protocol ByteChunk {
    /// Its bytes.
    var readableBytes: Int { get }
    /// Calls `body` with its bytes.
    func withUnsafeReadableBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R
}

/// An artifact path with the content stored under it.
public struct ArtifactEntry: Sendable, Equatable {
    /// Its path (an index key, never a file name).
    public var path: String
    /// SHA-256 of the content, hex.
    public var sha256: String
    /// Bytes.
    public var size: Int64
    /// Creates an entry.
    public init(path: String, sha256: String, size: Int64) { self.path = path; self.sha256 = sha256; self.size = size }
}

/// Where uploaded files live: content-addressed blobs on disk (readers and downloads use them by path),
/// and an index from artifact paths to blobs.
///
/// Implemented with the index in SQL (`SQLArtifactStore`, MeritStore) and in memory
/// (`MemoryArtifactStore`, for tests); both write blobs the same way (fsynced, then renamed into place).
public protocol ArtifactStore: Sendable {
    /// The largest upload accepted, in bytes.
    var maxBytes: Int64 { get }
    /// The folder holding the blobs.
    var root: URL { get }
    /// Streams `body` into a blob and indexes it under `path` (replacing what was there); refuses a
    /// path with empty, `.` or `..` parts, and an upload past `maxBytes` (nothing is kept).
    func put<S: AsyncSequence>(path: String, body: S) async throws -> ArtifactEntry where S.Element: ByteChunk
    /// Streams `body` into a blob that no artifact path names (Merit's own data, served by its own routes).
    func putBlob<S: AsyncSequence>(body: S) async throws -> (sha256: String, size: Int64) where S.Element: ByteChunk
    /// The entry at `path`, or nil.
    func entry(_ path: String) async throws -> ArtifactEntry?
    /// Entries under a folder path (all depths), by path.
    func entries(under folder: String) async throws -> [ArtifactEntry]
}

extension ArtifactStore {
    /// The blob file holding content with this SHA-256.
    public func file(sha256: String) -> URL {
        root.appendingPathComponent("blobs").appendingPathComponent(String(sha256.prefix(2))).appendingPathComponent(sha256)
    }

    /// The blob file of an entry.
    public func file(_ e: ArtifactEntry) -> URL { file(sha256: e.sha256) }
}
