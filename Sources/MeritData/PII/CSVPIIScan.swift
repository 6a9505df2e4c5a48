import Dispatch
import Synchronization

/// Scans a whole CSV file for PII on all cores, in one streaming pass and constant memory.
///
/// The calling thread parses records into batches (field bytes plus offsets); worker threads scan
/// a batch; the caller collects the findings in record order, so the result is the same as a
/// single-threaded scan, finding for finding.
public struct CSVPIIScan: Sendable {
    /// Records per batch.
    public static let batchSize = 4096
    /// Batches being scanned at once.
    public var inFlight: Int
    /// The longest record accepted, in bytes.
    public var maxRecordBytes: Int

    /// The outcome: records read and every finding in file order.
    public struct Result: Sendable {
        /// Records read (the header is not a record).
        public var records: Int
        /// The file's size in bytes.
        public var bytes: UInt64
        /// The findings, by row then position.
        public var findings: [PIIFinding]
    }

    /// Creates a scan.
    public init(inFlight: Int = 8, maxRecordBytes: Int = 1 << 20) {
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

    /// Scans `path`; `progress` receives (bytes read, file size) after each batch.
    public func scan(path: String, displayName: String? = nil,
                     progress: ((UInt64, UInt64) -> Void)? = nil) throws -> Result {
        let reader = try CSVReader(path: path, displayName: displayName, maxRecordBytes: maxRecordBytes)
        let header = reader.header
        let width = header.count
        let hints = header.map { PIIKind.hinted(by: $0) }
        let results = Mutex<[Int: [PIIFinding]]>([:])
        let slots = DispatchSemaphore(value: inFlight)
        let group = DispatchGroup()
        let queue = DispatchQueue(label: "merit.pii-scan", attributes: .concurrent)
        var findings: [PIIFinding] = []
        var nextToMerge = 0
        var dispatched = 0
        var records = 0

        func merge(upTo limit: Int) {
            while nextToMerge < limit {
                guard let part = results.withLock({ $0.removeValue(forKey: nextToMerge) }) else { return }
                findings.append(contentsOf: part)
                nextToMerge += 1
            }
        }

        func dispatch(_ batch: Batch) {
            let index = dispatched
            dispatched += 1
            slots.wait()
            queue.async(group: group) {
                let part = Self.scan(batch, header: header, hints: hints)
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
        progress?(reader.fileSize, reader.fileSize)
        return Result(records: records, bytes: reader.fileSize, findings: findings)
    }

    static func scan(_ batch: Batch, header: [String], hints: [Set<PIIKind>]) -> [PIIFinding] {
        let scanner = PIIScanner()
        let width = header.count
        var out: [PIIFinding] = []
        let fieldEnds = batch.fieldEnds, lines = batch.lines, firstRow = batch.firstRow
        batch.bytes.withUnsafeBytes { raw in
            var start = 0
            for (r, line) in lines.enumerated() {
                for c in 0..<width {
                    let end = fieldEnds[r * width + c]
                    let field = UnsafeRawBufferPointer(rebasing: raw[start..<end])
                    start = end
                    for m in scanner.scan(field, hints: hints[c]) {
                        out.append(PIIFinding(kind: m.kind, column: header[c], line: line, row: firstRow + r,
                                              start: PIIScanner.codePointOffset(field, byteOffset: m.bytes.lowerBound),
                                              end: PIIScanner.codePointOffset(field, byteOffset: m.bytes.upperBound)))
                    }
                }
            }
        }
        return out
    }
}
