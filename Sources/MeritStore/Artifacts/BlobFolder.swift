import Crypto
import Foundation
import MeritBase
import MeritCore

/// The blob folder every artifact store writes into: content-addressed files.
///
/// A file is streamed to a temporary file while its SHA-256 is computed, fsynced, and renamed to
/// `blobs/<first two hex>/<sha256>`; only then may an index name it, so an acknowledged upload is on
/// disk. Paths are index keys only: no file name is ever built from a client's path, so no path can
/// escape the folder, and `..` or empty components are refused outright.
struct BlobFolder: Sendable {
    /// The folder holding `blobs/` and `tmp/`.
    let root: URL
    /// The largest upload accepted, in bytes.
    let maxBytes: Int64

    /// Makes the folders.
    init(root: URL, maxBytes: Int64) throws {
        self.root = root; self.maxBytes = maxBytes
        try FileManager.default.createDirectory(at: root.appendingPathComponent("blobs"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("tmp"), withIntermediateDirectories: true)
    }

    /// Streams `body` into a content-addressed blob; durable when this returns.
    func putBlob<S: AsyncSequence>(body: S) async throws -> (sha256: String, size: Int64) where S.Element: ByteChunk {
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
}

/// Artifact paths as clients send them.
public enum ArtifactPath {
    /// Checks a client path: relative, `/`-separated, no empty, `.` or `..` components, no NUL or backslash.
    public static func validate(_ path: String) throws -> String {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard !path.isEmpty, !path.hasPrefix("/"), !path.contains("\\"), !path.contains("\0"),
              parts.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }) else {
            throw StoreError(.invalid, "artifact path '\(path.prefix(200))' is not allowed: use a relative path without '.', '..' or empty parts")
        }
        return path
    }
}
