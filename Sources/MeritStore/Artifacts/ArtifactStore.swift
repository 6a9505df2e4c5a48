import Crypto
import Foundation
import MeritBase
import NIOCore
import SQLKit

/// Content-addressed artifact files with a path index.
///
/// A file is streamed to a temporary file while its SHA-256 is computed, fsynced, renamed to
/// `blobs/<first two hex>/<sha256>`, and only then indexed (a committed row), so an acknowledged upload
/// is on disk. Paths are index keys only: no file name is ever built from a client's path, so no path
/// can escape the artifact root, and `..` or empty components are refused outright.
public struct ArtifactStore: Sendable {
    /// An indexed file.
    public struct Entry: Sendable, Equatable {
        /// Its path.
        public var path: String
        /// SHA-256, hex.
        public var sha256: String
        /// Bytes.
        public var size: Int64
        /// Creates an entry.
        public init(path: String, sha256: String, size: Int64) { self.path = path; self.sha256 = sha256; self.size = size }
    }

    /// The blob file holding content with this SHA-256.
    public func file(sha256: String) -> URL {
        root.appendingPathComponent("blobs").appendingPathComponent(String(sha256.prefix(2))).appendingPathComponent(sha256)
    }

    let db: Database
    /// The folder holding `blobs/` and `tmp/`.
    public let root: URL
    /// The largest upload accepted, in bytes.
    public let maxBytes: Int64
    let now: MillisecondClock

    /// Creates the store; makes its folders.
    public init(db: Database, root: URL, maxBytes: Int64, clock: @escaping MillisecondClock = systemMilliseconds) throws {
        self.db = db; self.root = root; self.maxBytes = maxBytes; self.now = clock
        try FileManager.default.createDirectory(at: root.appendingPathComponent("blobs"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("tmp"), withIntermediateDirectories: true)
    }

    /// Checks a client path: relative, `/`-separated, no empty, `.` or `..` components, no NUL or backslash.
    public static func validate(_ path: String) throws -> String {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard !path.isEmpty, !path.hasPrefix("/"), !path.contains("\\"), !path.contains("\0"),
              parts.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }) else {
            throw StoreError(.invalid, "artifact path '\(path.prefix(200))' is not allowed: use a relative path without '.', '..' or empty parts")
        }
        return path
    }

    /// Streams `body` into the store under `path`. Throws `.tooLarge` past `maxBytes` (nothing is kept).
    public func put<S: AsyncSequence>(path: String, body: S) async throws -> Entry where S.Element == ByteBuffer {
        let path = try Self.validate(path)
        let blob = try await putBlob(body: body)
        let t = now()
        try await db.write { db in
            try await db.raw("""
                INSERT INTO artifacts (path, sha256, size, created_ms) VALUES (\(bind: path), \(bind: blob.sha256), \(bind: blob.size), \(bind: t))
                ON CONFLICT (path) DO UPDATE SET sha256 = excluded.sha256, size = excluded.size, created_ms = excluded.created_ms
                """).run()
        }
        return Entry(path: path, sha256: blob.sha256, size: blob.size)
    }

    /// Streams `body` into a content-addressed blob that no artifact path names: for Merit's own data
    /// (base, benchmark, contributions), which the caller records by hash and serves itself, so that
    /// the MLflow artifact routes can neither list nor read it. Durable when this returns.
    public func putBlob<S: AsyncSequence>(body: S) async throws -> (sha256: String, size: Int64) where S.Element == ByteBuffer {
        let tmp = root.appendingPathComponent("tmp").appendingPathComponent(randomHexID())
        let fd = open(tmp.path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else { throw StoreError(.invalid, "cannot create a temporary file in the artifact folder (disk full, or the server lacks write permission)") }
        var hasher = SHA256()
        var size: Int64 = 0
        do {
            for try await chunk in body {
                size += Int64(chunk.readableBytes)
                if size > maxBytes {
                    throw StoreError(.tooLarge, "the upload is larger than the \(maxBytes)-byte limit (--max-upload-bytes)")
                }
                try chunk.withUnsafeReadableBytes { raw in
                    hasher.update(bufferPointer: raw)
                    var off = 0
                    while off < raw.count {
                        let n = write(fd, raw.baseAddress! + off, raw.count - off)
                        if n < 0 { throw StoreError(.invalid, "writing the upload failed (disk full?)") }
                        off += n
                    }
                }
            }
            guard fsync(fd) == 0 else { throw StoreError(.invalid, "fsync of the upload failed") }
            close(fd)
        } catch {
            close(fd)
            unlink(tmp.path)
            throw error
        }
        let sha = hasher.finalize().hexString
        let dir = root.appendingPathComponent("blobs").appendingPathComponent(String(sha.prefix(2)))
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let blob = dir.appendingPathComponent(sha)
        if FileManager.default.fileExists(atPath: blob.path) { unlink(tmp.path) } else {
            guard rename(tmp.path, blob.path) == 0 else { unlink(tmp.path); throw StoreError(.invalid, "storing the upload failed") }
        }
        return (sha, size)
    }

    /// The entry at `path`, or nil.
    public func entry(_ path: String) async throws -> Entry? {
        let path = try Self.validate(path)
        return try await db.read { db in
            try await db.raw("SELECT path, sha256, size FROM artifacts WHERE path = \(bind: path)").first().map {
                Entry(path: try $0.string("path"), sha256: try $0.string("sha256"), size: try $0.int64("size"))
            }
        }
    }

    /// The blob file of an entry.
    public func file(_ e: Entry) -> URL { file(sha256: e.sha256) }

    /// Entries under a folder path (all depths).
    public func entries(under folder: String) async throws -> [Entry] {
        let prefix = folder.isEmpty ? "" : try Self.validate(folder) + "/"
        let n = prefix.utf8.count
        return try await db.read { db in
            try await db.raw("SELECT path, sha256, size FROM artifacts WHERE substr(path, 1, CAST(\(bind: n) AS INTEGER)) = \(bind: prefix) ORDER BY path").all().map {
                Entry(path: try $0.string("path"), sha256: try $0.string("sha256"), size: try $0.int64("size"))
            }.filter { $0.path.hasPrefix(prefix) }
        }
    }
}
