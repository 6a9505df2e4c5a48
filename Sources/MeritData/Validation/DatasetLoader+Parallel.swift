#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import MeritBase
import MeritEthereum
import Synchronization

extension DatasetLoader {

    /// Reads the records after `reader`'s header on every core: the file is cut at line ends into one
    /// part per core, each part is read as the whole file would be, and the parts are joined in order.
    ///
    /// A cut inside a quoted field (which may hold line ends) is found and mended: a part is joined only
    /// when the part before it ended exactly where it starts, which holds exactly when its start is a
    /// record's start, since the first part starts at the first record; otherwise the part is read again
    /// from where the one before it ended. A part that meets an error is read again the same way, with
    /// the file's true line numbers, so the error is the one reading the whole file in order gives.
    /// The result is the one the sequential reader gives, field for field. Nil when the file is too
    /// small to share, or has no line end to cut at.
    func loadInParallel(_ reader: CSVReader, file: DatasetFile, index: [Int], width: Int, scanColumns: [PIIScanner.Column],
                        progress: ((UInt64, UInt64) -> Void)?) throws -> LoadedDataset? {
        let size = reader.fileSize, first = reader.position
        let parts = Int(min(UInt64(split.most), (size - min(size, first)) / max(1, split.bytes)))
        guard parts > 1 else { return nil }
        var starts: [UInt64] = [first]
        for k in 1..<parts {
            let target = first + (size - first) * UInt64(k) / UInt64(parts)
            if let s = try Self.lineStart(atOrAfter: target, path: file.path, name: file.name), s > starts.last!, s < size { starts.append(s) }
        }
        guard starts.count > 1 else { return nil }
        let cuts = starts, n = starts.count, header = reader.header, path = file.path
        nonisolated(unsafe) let progress = progress
        let limits: [UInt64?] = starts.dropFirst().map { $0 } + [nil]
        let columns = spec.task.columns, name = file.name, spec = self.spec, scanner = self.scanner
        let maxRecord = spec.validation.maxRecordBytes
        let done = Mutex<[UInt64]>([UInt64](repeating: 0, count: n))

        @Sendable func read(_ r: CSVReader, part k: Int, keepLeaves: Bool) -> Part {
            var state = State(name: name, columns: columns, spec: spec, scanColumns: scanColumns)
            state.keepLeaves = keepLeaves
            do {
                try r.forEachRecord { row in
                    let problem = row.count == width ? nil : "the row has \(row.count) fields but the header has \(width)"
                    try state.process(line: row.line, problem: problem, scanner: scanner) { i in .bytes(row.field(index[i])) }
                    if state.readRows & 4095 == 0 {
                        let sum = done.withLock { d in d[k] = r.position - cuts[k]; return d.reduce(0, +) }
                        if k == 0 { progress?(first + sum, size) }
                    }
                }
                return Part(state: state, end: r.position, endLine: r.nextLine, error: nil)
            } catch {
                return Part(state: state, end: r.position, endLine: r.nextLine, error: error)
            }
        }
        @Sendable func slice(_ offset: UInt64, _ limit: UInt64?, line: Int) throws -> CSVReader {
            let r = try CSVReader(path: path, displayName: name, maxRecordBytes: maxRecord, header: header, offset: offset, limit: limit)
            r.startLine(line)
            return r
        }

        var pieces = [Part?](repeating: nil, count: n)
        reader.stop(at: limits[0])
        nonisolated(unsafe) let head = reader
        pieces.withUnsafeMutableBufferPointer { slots in
            nonisolated(unsafe) let slots = slots
            Parallel.forEach(n) { k in
                if k == 0 { slots[0] = read(head, part: 0, keepLeaves: false); return }
                do { slots[k] = read(try slice(cuts[k], limits[k], line: 1), part: k, keepLeaves: true) } catch {
                    slots[k] = Part(state: State(name: name, columns: columns, spec: spec, scanColumns: scanColumns), end: 0, endLine: 1, error: error)
                }
            }
        }
        var whole = pieces[0]!
        if let error = whole.error { throw error }
        for k in 1..<n {
            var piece = pieces[k]!, lineOffset = whole.endLine - 1
            if whole.end != starts[k] || piece.error != nil {
                // Read again from where the part before ended, with the file's own line numbers.
                piece = read(try slice(whole.end, limits[k], line: whole.endLine), part: k, keepLeaves: true)
                lineOffset = 0
            }
            if let error = piece.error { throw error }
            whole.state.absorb(piece.state, lineOffset: lineOffset)
            whole.end = piece.end
            whole.endLine = piece.endLine + lineOffset
        }
        progress?(size, size)
        var state = whole.state
        state.bytes = size
        if state.readRows == 0 {
            throw DataError(.emptyFile, "the file has no records; add at least one row under the header", file: name)
        }
        return state.finish()
    }

    /// The offset just after the first line feed at or after `offset`; nil when there is none.
    static func lineStart(atOrAfter offset: UInt64, path: String, name: String) throws -> UInt64? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw DataError(.unreadable, "cannot be opened (errno \(errno))", file: name) }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        var at = offset
        while true {
            let got = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, $0.count, off_t(at)) }
            guard got > 0 else { return nil }
            if let i = buffer[0..<got].firstIndex(of: 0x0A) { return at + UInt64(i) + 1 }
            at += UInt64(got)
        }
    }
}

extension DatasetLoader {
    /// One part of a file read on its own thread: what it read, where it ended, and its error if any.
    struct Part: @unchecked Sendable {
        var state: State
        var end: UInt64
        var endLine: Int
        var error: (any Error)?
    }
}

extension DatasetLoader.State {
    /// Adds the rows of the part of the file that follows, whose lines and rows were counted from its start.
    mutating func absorb(_ other: DatasetLoader.State, lineOffset: Int) {
        let rowOffset = readRows
        rows += other.rows
        lines += other.lines.map { $0 + lineOffset }
        hashes += other.hashes
        for leaf in other.leaves { builder.append(leaf: leaf) }
        readRows += other.readRows
        invalidRows += other.invalidRows
        piiRejected += other.piiRejected
        for var issue in other.issues where issues.count < RowIssue.keep {
            issue.line += lineOffset
            issues.append(issue)
        }
        for (key, count) in other.issueCounts { issueCounts[key, default: 0] += count }
        pii.absorb(other.pii, lineOffset: lineOffset, rowOffset: rowOffset)
    }
}
