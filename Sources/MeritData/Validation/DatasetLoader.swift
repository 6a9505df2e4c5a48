import Foundation
import MeritBase
import MeritCore
import MeritEthereum

/// Reads a CSV or JSONL file against a model spec: types every field, applies the missing-value,
/// validation and PII policies, and fingerprints the rows it keeps.
///
/// The file streams through constant-size buffers; only the kept rows are held, because the
/// trainer needs them.
public struct DatasetLoader: Sendable {
    /// The spec that types the columns and sets the policies.
    public let spec: ModelSpec
    let scanner: PIIScanner
    /// How a large CSV file is shared among cores: at least `bytes` per part, at most `most` parts
    /// (tests cut small files into many parts to exercise the joins).
    var split: (bytes: UInt64, most: Int) = (2 << 20, ProcessInfo.processInfo.activeProcessorCount)

    /// Creates a loader for a spec.
    public init(spec: ModelSpec) {
        self.spec = spec
        scanner = PIIScanner(threshold: spec.pii.minConfidence)
    }

    enum RawField {
        case bytes(UnsafeRawBufferPointer)
        case json(JSONScalar)
    }

    /// The error for a spec column missing from a CSV header. It names the spec's column and the
    /// header's width and, when a header cell differs from it only in case or surrounding spaces, that
    /// cell's position; it never quotes the header, which may be a data row when the header is missing.
    static func missingColumn(_ column: String, isLabel: Bool, header: [String], file: String) -> DataError {
        let role = isLabel ? "label" : "feature"
        var message = "the \(role) column '\(Excerpt.escaped(column, limit: 64))' from the spec is not in the header (line 1, \(header.count) column\(header.count == 1 ? "" : "s"))"
        let wanted = column.lowercased()
        if let near = header.firstIndex(where: { String($0.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed()).lowercased() == wanted }) {
            message += "; column \(near + 1) differs from it only in case or spaces: rename it"
        } else {
            message += "; the first line must be the header, naming every column of the spec's task"
        }
        return DataError(.missingColumn, message, file: file, line: 1)
    }

    /// Loads `path`, read as CSV or JSONL as its extension suggests (the CLI's rule).
    public func load(path: String, progress: ((UInt64, UInt64) -> Void)? = nil) throws -> LoadedDataset {
        try load(DatasetFile(path: path), progress: progress)
    }

    /// Loads `file` in its format; `progress` receives (bytes read, file size) every few thousand rows.
    public func load(_ file: DatasetFile, progress: ((UInt64, UInt64) -> Void)? = nil) throws -> LoadedDataset {
        let path = file.path, name = file.name
        let columns = spec.task.columns
        let maxRecord = spec.validation.maxRecordBytes
        var state: State
        // Each branch first reads what the first records' values say of each column (PIIColumnProfile).
        if file.format == .jsonl {
            let profiled = try PIIColumnProfile.jsonlColumns(path: path, displayName: name, maxRecordBytes: maxRecord, scanner: scanner, keys: columns.map(\.name))
            state = State(name: name, columns: columns, spec: spec, scanColumns: columns.map { profiled[$0.name] ?? PIIScanner.Column(name: $0.name) })
            let reader = try JSONLReader(path: path, displayName: name, maxRecordBytes: maxRecord)
            try reader.forEachRecord { line, object in
                try state.process(line: line, problem: nil, scanner: scanner) { i in .json(object[columns[i].name] ?? .null) }
                if state.readRows & 4095 == 0 { progress?(reader.bytesRead, reader.fileSize) }
            }
            state.bytes = reader.fileSize
        } else {
            let reader = try CSVReader(path: path, displayName: name, maxRecordBytes: maxRecord)
            var index: [Int] = []
            for c in columns {
                guard let i = reader.header.firstIndex(of: c.name) else {
                    throw Self.missingColumn(c.name, isLabel: c.name == spec.task.label, header: reader.header, file: name)
                }
                index.append(i)
            }
            let width = reader.header.count
            let scanColumns = try PIIColumnProfile.csvColumns(path: path, displayName: name, maxRecordBytes: maxRecord, scanner: scanner, indices: index)
            if let loaded = try loadInParallel(reader, file: file, index: index, width: width, scanColumns: scanColumns, progress: progress) { return loaded }
            state = State(name: name, columns: columns, spec: spec, scanColumns: scanColumns)
            try reader.forEachRecord { row in
                let problem = row.count == width ? nil : "the row has \(row.count) fields but the header has \(width)"
                try state.process(line: row.line, problem: problem, scanner: scanner) { i in .bytes(row.field(index[i])) }
                if state.readRows & 4095 == 0 { progress?(reader.bytesRead, reader.fileSize) }
            }
            state.bytes = reader.fileSize
        }
        if state.readRows == 0 {
            throw DataError(.emptyFile, "the file has no records; add at least one row under the header", file: name)
        }
        return state.finish()
    }

    struct State {
        let name: String
        let columns: [FeatureSpec]
        let spec: ModelSpec
        /// What the scanner knows of each column from its name and its first values.
        let scanColumns: [PIIScanner.Column]
        let labelIndex: Int
        var rows: [[Value]] = []
        var lines: [Int] = []
        var hashes: [Bytes32] = []
        var builder = Merkle.Builder()
        /// Keep the leaves instead of building (a later part of a file read in parallel; `absorb` builds).
        var keepLeaves = false
        var leaves: [Bytes32] = []
        var readRows = 0
        var invalidRows = 0
        var piiRejected = 0
        var issues: [RowIssue] = []
        var issueCounts: [String: Int] = [:]
        var pii = PIIReport()
        var bytes: UInt64 = 0
        var encoding: [UInt8] = []

        init(name: String, columns: [FeatureSpec], spec: ModelSpec, scanColumns: [PIIScanner.Column]) {
            self.name = name
            self.columns = columns
            self.spec = spec
            self.scanColumns = scanColumns
            labelIndex = columns.count - 1
        }

        mutating func issue(_ line: Int, _ column: String?, _ reason: String, key: String) {
            issueCounts[key, default: 0] += 1
            if issues.count < RowIssue.keep { issues.append(RowIssue(file: name, line: line, column: column, reason: reason)) }
        }

        mutating func invalid(_ line: Int, _ column: String?, _ reason: String) throws {
            if spec.validation.onInvalidRow == .rejectFile {
                throw DataError(.invalidRow, "\(reason); validation.on_invalid_row is reject-file, so the whole file is refused: fix the row or set it to drop-row", file: name, line: line, column: column)
            }
            invalidRows += 1
            issue(line, column, reason, key: "invalid")
        }

        mutating func process(line: Int, problem: String?, scanner: PIIScanner, raw: (Int) -> RawField) throws {
            let row = readRows
            readRows += 1
            if let problem { try invalid(line, nil, problem); return }
            var values: [Value] = []
            values.reserveCapacity(columns.count)
            var rejectForPII = false
            for (i, column) in columns.enumerated() {
                var parsed: Result<Value, ValueParser.Failure>
                switch raw(i) {
                case .bytes(let field):
                    let matches = field.isEmpty ? [] : scanner.scan(field, column: scanColumns[i])
                    if !matches.isEmpty {
                        let redact = try record(matches, field: field, column: i, line: line, row: row, reject: &rejectForPII)
                        if !redact.isEmpty {
                            values.append(try redacted(PIIScanner.redact(field, redact), column, line: line) ?? .missing)
                            continue
                        }
                    }
                    parsed = ValueParser.parse(field, as: column.type)
                case .json(let scalar):
                    if var t = scalar.scannedText {
                        let matches = t.withUTF8 { scanner.scan(UnsafeRawBufferPointer($0), column: scanColumns[i]) }
                        if !matches.isEmpty {
                            let redact = try t.withUTF8 { try record(matches, field: UnsafeRawBufferPointer($0), column: i, line: line, row: row, reject: &rejectForPII) }
                            if !redact.isEmpty {
                                values.append(try redacted(t.withUTF8 { PIIScanner.redact(UnsafeRawBufferPointer($0), redact) }, column, line: line) ?? .missing)
                                continue
                            }
                        }
                    }
                    parsed = ValueParser.parse(json: scalar, as: column.type)
                }
                guard let v = try value(parsed, line: line, column: column) else { return }
                values.append(v)
            }
            if rejectForPII {
                piiRejected += 1
                issue(line, nil, "rejected: personal data in a column whose PII policy is reject-row", key: "pii")
                return
            }
            if values[labelIndex] == .missing { try invalid(line, spec.task.label, "the label is missing"); return }
            if let classes = spec.task.classes, case .text(let label) = values[labelIndex], !classes.contains(label) {
                try invalid(line, spec.task.label, "the label is not one of task.classes"); return
            }
            if spec.task.missing == .invalid, let i = values.prefix(labelIndex).firstIndex(of: .missing) {
                try invalid(line, columns[i].name, "missing value, and task.missing is invalid"); return
            }
            encoding.removeAll(keepingCapacity: true)
            for v in values { CanonicalEncoder.append(v, to: &encoding) }
            let h = Keccak256.hash(encoding)
            hashes.append(h)
            if keepLeaves { leaves.append(Merkle.leaf(h)) } else { builder.append(leaf: Merkle.leaf(h)) }
            rows.append(values)
            lines.append(line)
        }

        /// The parsed value, or nil after recording the row as invalid.
        mutating func value(_ r: Result<Value, ValueParser.Failure>, line: Int, column: FeatureSpec) throws -> Value? {
            switch r {
            case .success(let v): return v
            case .failure(let f):
                try invalid(line, column.name, f.reason)
                return nil
            }
        }

        /// A redacted field's value: text and categories keep the rest of the field, other types become missing.
        mutating func redacted(_ bytes: [UInt8], _ column: FeatureSpec, line: Int) throws -> Value? {
            let parsed = bytes.withUnsafeBytes { column.type == .text || column.type == .category ? ValueParser.parse($0, as: column.type) : .success(.missing) }
            return try value(parsed, line: line, column: column)
        }

        /// Counts each match under its policy (the column's, else its kind's, else the default); throws
        /// for reject-file, sets `reject` for reject-row, and returns the matches to redact.
        mutating func record(_ matches: [PIIScanner.Match], field: UnsafeRawBufferPointer, column i: Int, line: Int, row: Int, reject: inout Bool) throws -> [PIIScanner.Match] {
            var redact: [PIIScanner.Match] = []
            for m in matches {
                let policy = spec.pii.policy(for: columns[i].name, kind: m.kind)
                pii.add(PIIFinding(m, in: field, column: columns[i].name, line: line, row: row), policy: policy)
                switch policy {
                case .rejectFile:
                    throw DataError(.piiRejected, "found \(m.kind.rawValue) data; the PII policy for this column is reject-file. Remove the personal data, or set pii.columns.\(columns[i].name) to redact or reject-row", file: name, line: line, column: columns[i].name)
                case .rejectRow: reject = true
                case .redact: redact.append(m)
                case .allow: break
                }
            }
            return redact
        }

        func finish() -> LoadedDataset {
            let cols = columns.map { "\($0.name):\($0.type.rawValue)" }
            return LoadedDataset(
                name: name, columns: columns, rows: rows, lines: lines, recordHashes: hashes,
                fingerprint: Fingerprint(root: builder.root, records: rows.count, bytes: bytes, columns: cols),
                readRows: readRows, invalidRows: invalidRows, piiRejectedRows: piiRejected,
                issues: issues, issueCounts: issueCounts, pii: pii, frontier: builder)
        }
    }
}
