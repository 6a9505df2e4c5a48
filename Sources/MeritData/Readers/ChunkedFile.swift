#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file read sequentially in large chunks with POSIX `read`, so memory stays constant.
final class ChunkedFile {
    let fd: Int32
    let displayName: String
    /// Bytes read so far.
    private(set) var bytesRead: UInt64 = 0

    /// Opens `path`, turning the usual failures into errors that say what to do.
    init(path: String, displayName: String? = nil) throws {
        self.displayName = displayName ?? path
        var st = stat()
        if stat(path, &st) != 0 {
            throw DataError(.fileNotFound, "no such file; check the path and run again", file: self.displayName)
        }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            throw DataError(.unreadable, "is a directory; name a CSV or JSONL file", file: self.displayName)
        }
        let fd = open(path, O_RDONLY)
        if fd < 0 {
            let reason = errno == EACCES ? "permission denied; check the file's permissions" : "cannot be opened (errno \(errno))"
            throw DataError(.unreadable, reason, file: self.displayName)
        }
        self.fd = fd
    }

    deinit { close(fd) }

    /// The file size in bytes, from `fstat`.
    var size: UInt64 {
        var st = stat()
        return fstat(fd, &st) == 0 ? UInt64(st.st_size) : 0
    }

    /// Moves to `offset`, where the next read starts.
    func seek(to offset: UInt64) throws {
        guard lseek(fd, off_t(offset), SEEK_SET) >= 0 else {
            throw DataError(.unreadable, "seek failed (errno \(errno)); check the disk and the file", file: displayName)
        }
        bytesRead = offset
    }

    /// Reads up to `count` bytes into `dest`; returns 0 at end of file.
    func read(into dest: UnsafeMutableRawPointer, count: Int) throws -> Int {
        while true {
            #if canImport(Glibc)
            let n = Glibc.read(fd, dest, count)
            #else
            let n = Darwin.read(fd, dest, count)
            #endif
            if n >= 0 {
                bytesRead += UInt64(n)
                return n
            }
            if errno == EINTR { continue }
            throw DataError(.unreadable, "read failed (errno \(errno)); check the disk and the file", file: displayName)
        }
    }
}
