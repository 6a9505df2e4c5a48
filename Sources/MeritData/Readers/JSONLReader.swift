import Foundation
import MeritBase

/// A streaming JSON Lines reader: one JSON object per line, blank lines skipped, a UTF-8 BOM allowed.
///
/// Memory is bounded by the chunk size plus `maxRecordBytes`; a longer line is an error naming it.
public final class JSONLReader {
    let file: ChunkedFile
    let maxRecordBytes: Int
    private var buffer: UnsafeMutableRawBufferPointer
    private var start = 0, end = 0, eof = false, line = 0
    private let decoder = JSONDecoder()

    /// Opens a JSONL file.
    public init(path: String, displayName: String? = nil, maxRecordBytes: Int = 1 << 20, chunkSize: Int = 4 << 20) throws {
        file = try ChunkedFile(path: path, displayName: displayName)
        self.maxRecordBytes = maxRecordBytes
        buffer = .allocate(byteCount: max(chunkSize, maxRecordBytes) + chunkSize, alignment: 16)
        // Enough bytes to see a BOM even when chunks are tiny.
        while end < 3 && !eof { try fill() }
        if end >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { start = 3 }
    }

    deinit { buffer.deallocate() }

    /// The file name used in errors.
    public var displayName: String { file.displayName }
    /// Bytes consumed so far.
    public var bytesRead: UInt64 { file.bytesRead }
    /// The file's size in bytes.
    public var fileSize: UInt64 { file.size }

    private func fill() throws {
        if start > 0 {
            let remaining = end - start
            if remaining > 0 { buffer.baseAddress!.copyMemory(from: buffer.baseAddress! + start, byteCount: remaining) }
            end = remaining
            start = 0
        }
        while end < buffer.count && !eof {
            let n = try file.read(into: buffer.baseAddress! + end, count: buffer.count - end)
            if n == 0 { eof = true }
            end += n
            if n > 0 { break }
        }
    }

    /// Calls `body` with each record's 1-based line and its fields.
    public func forEachRecord(_ body: (Int, [String: JSONScalar]) throws -> Void) throws {
        while true {
            var nl = start
            while nl < end && buffer[nl] != 0x0A { nl += 1 }
            if nl == end && !eof {
                if end - start >= maxRecordBytes {
                    throw DataError(.recordTooLong, "a line is longer than \(maxRecordBytes) bytes; each JSONL record must be one line (raise validation.max_record_bytes if the record is real)", file: file.displayName, line: line + 1)
                }
                try fill()
                continue
            }
            if start == end && eof { return }
            line += 1
            if nl - start > maxRecordBytes {
                throw DataError(.recordTooLong, "a line is longer than \(maxRecordBytes) bytes; each JSONL record must be one line (raise validation.max_record_bytes if the record is real)", file: file.displayName, line: line)
            }
            var lineEnd = nl
            if lineEnd > start && buffer[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            let bytes = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffer)[start..<lineEnd])
            start = min(nl + 1, end)
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            let object: [String: JSONScalar]
            do {
                object = try decoder.decode([String: JSONScalar].self, from: Data(bytes))
            } catch let DecodingError.dataCorrupted(ctx) where !ctx.codingPath.isEmpty {
                throw DataError(.malformedJSON, "field '\(Excerpt.escaped(ctx.codingPath.last!.stringValue))' is an array or object; JSONL fields must be strings, numbers, booleans or null", file: file.displayName, line: line)
            } catch {
                throw DataError(.malformedJSON, "not a JSON object; each line must be one object such as {\"age\": 41, \"city\": \"Lyon\"}", file: file.displayName, line: line)
            }
            try body(line, object)
        }
    }
}
