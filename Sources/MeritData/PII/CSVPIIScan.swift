import MeritCore

import Dispatch
import Synchronization

/// Scans a whole CSV file for PII on all cores, in one streaming pass and constant memory.
///
/// The calling thread parses records into batches (field bytes plus offsets); worker threads scan
/// a batch; the caller hands the findings to `sink` in record order, so it sees what a
/// single-threaded scan finds, finding for finding. Nothing is kept: memory stays bounded by the
/// batches in flight whatever the file's size.
public struct CSVPIIScan: Sendable {
    /// Records per batch.
    public static let batchSize = 4096
    /// Batches being scanned at once.
    public var inFlight: Int
    /// The longest record accepted, in bytes.
    public var maxRecordBytes: Int
    /// The scanner, with its threshold.
    public var scanner: PIIScanner

    /// The outcome: records and bytes read.
    public struct Result: Sendable {
        /// Records read (the header is not a record).
        public var records: Int
        /// The file's size in bytes.
        public var bytes: UInt64
        /// The columns, with what their first values said of them (`PIIColumnProfile`).
        public var columns: [PIIScanner.Column]
    }

    /// Creates a scan.
    public init(scanner: PIIScanner = PIIScanner(), inFlight: Int = 8, maxRecordBytes: Int = 1 << 20) {
        self.scanner = scanner
        self.inFlight = inFlight
        self.maxRecordBytes = maxRecordBytes
    }

    final class Batch: @unchecked Sendable {
        // Filled by the parsing thread, then handed to exactly one worker: never shared.
        var bytes: [UInt8] = []
        /// End offset of each field; a record's fields are `width` consecutive entries.
        var fieldEnds: [Int] = []
        var lines: [Int] = []
        var firstRow = 0
        init() { bytes.reserveCapacity(1 << 19); fieldEnds.reserveCapacity(CSVPIIScan.batchSize * 8) }
    }

    /// Scans `path`, giving each batch's findings to `sink` in file order (by row, then column, then
    /// position); `progress` receives (bytes read, file size) after each batch.
    public func scan(path: String, displayName: String? = nil, progress: ((UInt64, UInt64) -> Void)? = nil,
                     sink: ([PIIFinding]) throws -> Void) throws -> Result {
        let reader = try CSVReader(path: path, displayName: displayName, maxRecordBytes: maxRecordBytes)
        let width = reader.header.count
        // What the first records' values say of each column (PIIColumnProfile), read before the pass.
        let columns = try PIIColumnProfile.csvColumns(path: path, displayName: displayName, maxRecordBytes: maxRecordBytes, scanner: scanner)
        let scanner = self.scanner
        let results = Mutex<[Int: [PIIFinding]]>([:])
        let slots = DispatchSemaphore(value: inFlight)
        let group = DispatchGroup()
        let queue = DispatchQueue(label: "merit.pii-scan", attributes: .concurrent)
        var nextToMerge = 0
        var sinkError: (any Error)?
        var dispatched = 0
        var records = 0

        func merge(upTo limit: Int) {
            while nextToMerge < limit {
                guard let part = results.withLock({ $0.removeValue(forKey: nextToMerge) }) else { return }
                nextToMerge += 1
                if sinkError == nil && !part.isEmpty {
                    do { try sink(part) } catch { sinkError = error }
                }
            }
        }

        func dispatch(_ batch: Batch) {
            let index = dispatched
            dispatched += 1
            slots.wait()
            queue.async(group: group) {
                let part = Self.scan(batch, scanner: scanner, columns: columns)
                results.withLock { $0[index] = part }
                slots.signal()
            }
            merge(upTo: dispatched)
        }

        // The batch is filled through locals (class properties pay an exclusivity check per access).
        var bytes: [UInt8] = [], fieldEnds: [Int] = [], lines: [Int] = []
        var firstRow = 0
        func flush() {
            let batch = Batch()
            swap(&batch.bytes, &bytes); swap(&batch.fieldEnds, &fieldEnds); swap(&batch.lines, &lines)
            batch.firstRow = firstRow
            firstRow = records
            dispatch(batch)
        }
        try reader.forEachRecord { row in
            if let sinkError { throw sinkError }
            // Short rows are scanned as far as they go; the loader reports their shape separately.
            for i in 0..<width {
                if i < row.count { bytes.append(contentsOf: row.field(i)) }
                fieldEnds.append(bytes.count)
            }
            lines.append(row.line)
            records += 1
            if lines.count == Self.batchSize {
                flush()
                progress?(reader.bytesRead, reader.fileSize)
            }
        }
        if !lines.isEmpty { flush() }
        group.wait()
        merge(upTo: dispatched)
        if let sinkError { throw sinkError }
        progress?(reader.fileSize, reader.fileSize)
        return Result(records: records, bytes: reader.fileSize, columns: columns)
    }

    static func scan(_ batch: Batch, scanner: PIIScanner, columns: [PIIScanner.Column]) -> [PIIFinding] {
        let width = columns.count
        var out: [PIIFinding] = []
        let fieldEnds = batch.fieldEnds, lines = batch.lines, firstRow = batch.firstRow
        batch.bytes.withUnsafeBytes { raw in
            var start = 0
            for (r, line) in lines.enumerated() {
                for c in 0..<width {
                    let end = fieldEnds[r * width + c]
                    let field = UnsafeRawBufferPointer(rebasing: raw[start..<end])
                    start = end
                    for m in scanner.scan(field, column: columns[c]) {
                        out.append(PIIFinding(m, in: field, column: columns[c].name, line: line, row: firstRow + r))
                    }
                }
            }
        }
        return out
    }
}
