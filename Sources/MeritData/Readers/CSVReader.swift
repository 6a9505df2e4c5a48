/// A streaming RFC 4180 CSV reader: quoted fields, `""` escapes, embedded newlines, CRLF, a UTF-8 BOM.
///
/// Memory is bounded by the chunk size plus the longest record allowed (`maxRecordBytes`); a longer
/// record is an error naming its line, so a 2 GB line cannot exhaust memory. Blank lines are skipped.
/// Inside quoted fields CRLF becomes LF, as the canonical encoding requires.
public final class CSVReader {
    /// The header's column names.
    public private(set) var header: [String] = []
    /// Bytes consumed from the file so far.
    public var bytesRead: UInt64 { file.bytesRead }
    /// The file's size in bytes.
    public var fileSize: UInt64 { file.size }

    let file: ChunkedFile
    let maxRecordBytes: Int
    let chunkSize: Int
    private var buffer: UnsafeMutableRawBufferPointer
    private var start = 0
    private var end = 0
    private var eof = false
    private var line = 1
    /// The file offset of `buffer[0]`.
    private var origin: UInt64 = 0
    /// A slice's end: no record starting at or after it is read.
    private var limit: UInt64? = nil
    private var scratch: [UInt8] = []
    private var fStart = ContiguousArray<Int>()
    private var fLen = ContiguousArray<Int>()
    private var fScratch = ContiguousArray<Bool>()

    /// Opens a CSV file and reads its header.
    ///
    /// - Parameters:
    ///   - displayName: the name used in errors (defaults to the path).
    ///   - maxRecordBytes: the longest record accepted, in bytes.
    public init(path: String, displayName: String? = nil, maxRecordBytes: Int = 1 << 20, chunkSize: Int = 4 << 20) throws {
        file = try ChunkedFile(path: path, displayName: displayName)
        self.maxRecordBytes = maxRecordBytes
        self.chunkSize = chunkSize
        buffer = .allocate(byteCount: max(chunkSize, maxRecordBytes) + chunkSize, alignment: 16)
        // Enough bytes to see a BOM even when chunks are tiny.
        while end < 3 && !eof { try fill() }
        if end >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { start = 3 }
        var names: [String]? = nil
        _ = try nextRecord { row in names = (0..<row.count).map { row.string($0) } }
        guard let names else {
            throw DataError(.emptyFile, "the file is empty; a CSV needs a header line naming the columns, then one row per record", file: file.displayName)
        }
        header = names
    }

    /// Opens a slice of a CSV file whose header was read by another reader: the records starting at
    /// `offset` (which must be where a record starts) and before `limit`, counting lines from 1.
    init(path: String, displayName: String?, maxRecordBytes: Int, chunkSize: Int = 4 << 20, header: [String], offset: UInt64, limit: UInt64?) throws {
        file = try ChunkedFile(path: path, displayName: displayName)
        self.maxRecordBytes = maxRecordBytes
        self.chunkSize = chunkSize
        buffer = .allocate(byteCount: max(chunkSize, maxRecordBytes) + chunkSize, alignment: 16)
        self.header = header
        self.limit = limit
        try file.seek(to: offset)
        origin = offset
    }

    deinit { buffer.deallocate() }

    /// The file offset of the next record (after the last one read).
    var position: UInt64 { origin + UInt64(start) }
    /// The line the next record starts on (counted from the reader's first line).
    var nextLine: Int { line }
    /// Counts lines from `line` (a slice's first line in the file, when it is known).
    func startLine(_ line: Int) { self.line = line }
    /// Stops before the first record starting at or after `offset`.
    func stop(at offset: UInt64?) { limit = offset }

    /// The file name used in errors.
    public var displayName: String { file.displayName }

    /// Calls `body` for every record after the header, in order. The row is valid only during the call.
    public func forEachRecord(_ body: (CSVRow) throws -> Void) throws {
        while try nextRecord(body) {}
    }

    /// Parses one record and passes it to `body`; returns false at end of file.
    public func nextRecord(_ body: (CSVRow) throws -> Void) throws -> Bool {
        while true {
            if let limit, origin + UInt64(start) >= limit { return false }
            let recordLine = line
            switch try parseRecord() {
            case .record(let next, let newLine):
                if next - start > maxRecordBytes {
                    throw DataError(.recordTooLong, "a record is longer than \(maxRecordBytes) bytes; a quote may be left open on this line, or the file is not CSV (raise validation.max_record_bytes if the record is real)", file: file.displayName, line: recordLine)
                }
                start = next
                line = newLine
                if fLen.count == 1 && fLen[0] == 0 && !fScratch[0] && isBlankLine { continue }
                let base = UnsafeRawPointer(buffer.baseAddress!)
                try scratch.withUnsafeBytes { sb in
                    try body(CSVRow(line: recordLine, base: base, scratch: sb.baseAddress, starts: fStart, lengths: fLen, inScratch: fScratch))
                }
                return true
            case .needMore:
                if eof { return false }
                if end - start >= maxRecordBytes {
                    throw DataError(.recordTooLong, "a record is longer than \(maxRecordBytes) bytes; a quote may be left open on this line, or the file is not CSV (raise validation.max_record_bytes if the record is real)", file: file.displayName, line: recordLine)
                }
                try fill()
            case .end:
                return false
            }
        }
    }

    private var lastRecordWasQuoted = false
    private var isBlankLine: Bool { !lastRecordWasQuoted }

    private enum ParseResult { case record(next: Int, line: Int), needMore, end }

    /// Moves unread bytes to the front of the buffer and reads more.
    private func fill() throws {
        if start > 0 {
            let remaining = end - start
            if remaining > 0 { buffer.baseAddress!.copyMemory(from: buffer.baseAddress! + start, byteCount: remaining) }
            origin += UInt64(start)
            end = remaining
            start = 0
        }
        var room = buffer.count - end
        while room > 0 && !eof {
            let n = try file.read(into: buffer.baseAddress! + end, count: min(room, chunkSize))
            if n == 0 { eof = true; break }
            end += n
            room -= n
            if end - start >= chunkSize { break }
        }
    }

    /// Parses the record at `start` without modifying the buffer, so it can be retried after a fill.
    private func parseRecord() throws -> ParseResult {
        let buf = UnsafeRawBufferPointer(buffer)
        // Work on locals: stored properties of a class pay a dynamic exclusivity check per access,
        // which costs more than the parsing itself. The arrays are swapped out and back, not copied.
        var fStart = ContiguousArray<Int>(), fLen = ContiguousArray<Int>(), fScratch = ContiguousArray<Bool>()
        var scratch: [UInt8] = []
        swap(&fStart, &self.fStart); swap(&fLen, &self.fLen); swap(&fScratch, &self.fScratch); swap(&scratch, &self.scratch)
        var quoted = false
        defer {
            swap(&fStart, &self.fStart); swap(&fLen, &self.fLen); swap(&fScratch, &self.fScratch); swap(&scratch, &self.scratch)
            lastRecordWasQuoted = quoted
        }
        fStart.removeAll(keepingCapacity: true)
        fLen.removeAll(keepingCapacity: true)
        fScratch.removeAll(keepingCapacity: true)
        scratch.removeAll(keepingCapacity: true)
        let start = self.start, end = self.end, eof = self.eof
        var i = start
        var lines = line
        if i == end { return eof ? .end : .needMore }
        let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\""), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        while true {
            if i == end {
                if !eof { return .needMore }
                fStart.append(i); fLen.append(0); fScratch.append(false)
                return .record(next: i, line: lines)
            }
            if buf[i] == quote {
                quoted = true
                let openLine = lines
                i += 1
                guard let field = try scanQuoted(buf, &i, end: end, eof: eof, lines: &lines, scratch: &scratch, openLine: openLine) else {
                    return .needMore
                }
                fStart.append(field.start); fLen.append(field.length); fScratch.append(field.inScratch)
                i += 1  // the closing quote
                if i == end {
                    if !eof { return .needMore }
                    return .record(next: i, line: lines)
                }
                let c = buf[i]
                if c == comma { i += 1; continue }
                if c == lf { return .record(next: i + 1, line: lines + 1) }
                if c == cr {
                    if i + 1 == end && !eof { return .needMore }
                    if i + 1 < end && buf[i + 1] == lf { return .record(next: i + 2, line: lines + 1) }
                    return .record(next: i + 1, line: lines + 1)
                }
                throw DataError(.malformedCSV, "field \(fLen.count): a character follows the closing quote; put a comma after the quote, or double any quote inside the field", file: file.displayName, line: lines)
            }
            let s = i
            while i < end {
                let c = buf[i]
                if c == comma || c == lf || c == cr || c == quote { break }
                i += 1
            }
            if i == end && !eof { return .needMore }
            if i < end && buf[i] == quote {
                throw DataError(.malformedCSV, "field \(fLen.count + 1): a double quote inside an unquoted field; quote the whole field and double the inner quote (\"\")", file: file.displayName, line: lines)
            }
            fStart.append(s); fLen.append(i - s); fScratch.append(false)
            if i == end { return .record(next: i, line: lines) }
            let c = buf[i]
            if c == comma { i += 1; continue }
            if c == lf { return .record(next: i + 1, line: lines + 1) }
            // CR: either CRLF or a lone CR; both end the record.
            if i + 1 == end && !eof { return .needMore }
            if i + 1 < end && buf[i + 1] == lf { return .record(next: i + 2, line: lines + 1) }
            return .record(next: i + 1, line: lines + 1)
        }
    }

    /// Scans a quoted field's content, from just after its opening quote to its closing quote, where it
    /// leaves `i`. Doubled quotes and CRLF inside the field are written to `scratch` (the field is then
    /// read from there). Nil: the buffer ends first, and must be refilled before a retry. Inlined: this
    /// is the CSV reader's hot loop, split out only to keep `parseRecord` readable.
    @inline(__always)
    private func scanQuoted(_ buf: UnsafeRawBufferPointer, _ i: inout Int, end: Int, eof: Bool, lines: inout Int,
                            scratch: inout [UInt8], openLine: Int) throws -> (start: Int, length: Int, inScratch: Bool)? {
        let quote = UInt8(ascii: "\""), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        let contentStart = i
        var usesScratch = false
        var scratchStart = 0
        while true {
            if i == end {
                if eof {
                    throw DataError(.malformedCSV, "a quoted field opened on line \(openLine) is never closed; close it with a double quote", file: file.displayName, line: openLine)
                }
                return nil
            }
            let c = buf[i]
            if c == quote {
                if i + 1 == end && !eof { return nil }
                if i + 1 < end && buf[i + 1] == quote {
                    if !usesScratch { usesScratch = true; scratchStart = scratch.count; scratch.append(contentsOf: buf[contentStart..<i]) }
                    scratch.append(quote)
                    i += 2
                    continue
                }
                break
            }
            if c == cr && i + 1 < end && buf[i + 1] == lf {
                if !usesScratch { usesScratch = true; scratchStart = scratch.count; scratch.append(contentsOf: buf[contentStart..<i]) }
                scratch.append(lf)
                lines += 1
                i += 2
                continue
            }
            if c == cr && i + 1 == end && !eof { return nil }
            if c == lf { lines += 1 }
            if usesScratch { scratch.append(c) }
            i += 1
        }
        return usesScratch ? (scratchStart, scratch.count - scratchStart, true) : (contentStart, i - contentStart, false)
    }
}

/// One CSV record: field bytes without quotes or escapes. Valid only inside the reader's callback.
public struct CSVRow {
    /// The 1-based physical line where the record starts.
    public let line: Int
    let base: UnsafeRawPointer
    let scratch: UnsafeRawPointer?
    let starts: ContiguousArray<Int>
    let lengths: ContiguousArray<Int>
    let inScratch: ContiguousArray<Bool>

    /// The number of fields.
    public var count: Int { lengths.count }

    /// The bytes of field `i`.
    @inline(__always)
    public func field(_ i: Int) -> UnsafeRawBufferPointer {
        let p = inScratch[i] ? scratch! : base
        return UnsafeRawBufferPointer(start: p + starts[i], count: lengths[i])
    }

    /// Field `i` as a String (invalid UTF-8 is repaired with U+FFFD).
    public func string(_ i: Int) -> String {
        String(decoding: field(i), as: UTF8.self)
    }
}
