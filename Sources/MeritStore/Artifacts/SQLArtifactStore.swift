import Foundation
import MeritBase
import MeritCore
import SQLKit

/// Artifacts with their index in SQL: blobs in a `BlobFolder`, paths in the `artifacts` table.
public struct SQLArtifactStore: ArtifactStore {
    let db: Database
    let blobs: BlobFolder
    let now: MillisecondClock

    public var root: URL { blobs.root }
    public var maxBytes: Int64 { blobs.maxBytes }

    /// Creates the store; makes its folders.
    public init(db: Database, root: URL, maxBytes: Int64, clock: @escaping MillisecondClock = systemMilliseconds) throws {
        self.db = db; self.blobs = try BlobFolder(root: root, maxBytes: maxBytes); self.now = clock
    }

    public func put<S: AsyncSequence>(path: String, body: S) async throws -> ArtifactEntry where S.Element: ByteChunk {
        let path = try ArtifactPath.validate(path)
        let blob = try await blobs.putBlob(body: body)
        let t = now()
        try await db.write(atomic: true) { db in
            try await db.raw("""
                INSERT INTO artifacts (path, sha256, size, created_ms) VALUES (\(bind: path), \(bind: blob.sha256), \(bind: blob.size), \(bind: t))
                ON CONFLICT (path) DO UPDATE SET sha256 = excluded.sha256, size = excluded.size, created_ms = excluded.created_ms
                """).run()
        }
        return ArtifactEntry(path: path, sha256: blob.sha256, size: blob.size)
    }

    public func putBlob<S: AsyncSequence>(body: S) async throws -> (sha256: String, size: Int64) where S.Element: ByteChunk {
        try await blobs.putBlob(body: body)
    }

    public func entry(_ path: String) async throws -> ArtifactEntry? {
        let path = try ArtifactPath.validate(path)
        return try await db.read { db in
            try await db.raw("SELECT path, sha256, size FROM artifacts WHERE path = \(bind: path)").first().map {
                ArtifactEntry(path: try $0.string("path"), sha256: try $0.string("sha256"), size: try $0.int64("size"))
            }
        }
    }

    public func entries(under folder: String) async throws -> [ArtifactEntry] {
        let prefix = folder.isEmpty ? "" : try ArtifactPath.validate(folder) + "/"
        let n = prefix.utf8.count
        return try await db.read { db in
            try await db.raw("SELECT path, sha256, size FROM artifacts WHERE substr(path, 1, CAST(\(bind: n) AS INTEGER)) = \(bind: prefix) ORDER BY path").all().map {
                ArtifactEntry(path: try $0.string("path"), sha256: try $0.string("sha256"), size: try $0.int64("size"))
            }.filter { $0.path.hasPrefix(prefix) }
        }
    }
}
