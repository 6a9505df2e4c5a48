import ArgumentParser
import Foundation
import MeritBase
import MeritCore
import MeritData
import MeritCommandLine

/// `merit scan FILE`: the PII report.
struct Scan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Scan a CSV or JSONL file for personal data and secrets; never prints the values found.",
        discussion: """
            Prints exact counts by kind and column and the first findings of each column (at most \(PIIReport.keepPerColumn) per column, \(PIIReport.keep) in all), \
            in memory that stays bounded whatever the file's size. --findings FILE streams every finding to FILE as JSON lines instead \
            (row: 0-based record, line, column, kind, start/end in Unicode code points within the field, confidence 0-100).
            """)

    @Argument(help: "A CSV or JSONL file.") var file: String
    @OptionGroup var format: FormatOption
    @Option(help: ArgumentHelp("Write every finding to this file, one JSON object per line.", valueName: "FILE")) var findings: String?
    @Option(help: "Report findings of at least this confidence, from 0 (everything) to 100; a spec's pii.min_confidence does the same on intake.")
    var minConfidence: Int = PIIScanner.defaultThreshold
    @Flag(help: "Print JSON.") var json = false
    @Flag(help: "No progress output on stderr.") var quiet = false

    struct Output: Encodable {
        var file: String
        var records: Int
        var total: Int
        var counts: [String: Int]
        var findings: [PIIFinding]
        var findingsFile: String?
        /// Columns whose first values told what they hold (PIIColumnProfile), with the cues they gave.
        var evidence: [String: [String]]
        enum CodingKeys: String, CodingKey { case file, records, total, counts, findings, findingsFile = "findings_file", evidence = "column_evidence" }
    }

    func validate() throws {
        guard (0...100).contains(minConfidence) else { throw ValidationError("--min-confidence must be from 0 to 100") }
    }

    func run() throws {
        let out = try CLIFailure.guarding { () -> Output in
            let scanner = PIIScanner(threshold: minConfidence)
            var report = PIIReport()
            let writer = try findings.map { try FindingsWriter(path: $0) }
            let bar = ProgressBar(enabled: !quiet)
            defer { bar.finish() }
            func take(_ part: [PIIFinding]) throws {
                for f in part { report.add(f, policy: .allow) }
                try writer?.write(part)
            }
            var records = 0
            var evidence: [String: [String]] = [:]
            if format.of(file) == .jsonl {
                let reader = try JSONLReader(path: file)
                // What the first records' values say of each key (PIIColumnProfile); later keys by name alone.
                var columns = try PIIColumnProfile.jsonlColumns(path: file, maxRecordBytes: 1 << 20, scanner: scanner)
                for (key, c) in columns where !c.evidence.isEmpty { evidence[key] = c.evidence.sorted().map(\.rawValue) }
                try reader.forEachRecord { line, object in
                    for key in object.keys.sorted() {
                        guard var text = object[key]?.scannedText else { continue }
                        let column = columns[key] ?? PIIScanner.Column(name: key)
                        columns[key] = column
                        let part = text.withUTF8 { raw in
                            scanner.scan(UnsafeRawBufferPointer(raw), column: column).map { PIIFinding($0, in: UnsafeRawBufferPointer(raw), column: key, line: line, row: records) }
                        }
                        try take(part)
                    }
                    records += 1
                }
            } else {
                let result = try CSVPIIScan(scanner: scanner).scan(path: file, progress: { read, total in
                    bar.update("scanning", Double(read) / Double(max(total, 1)))
                }, sink: take)
                records = result.records
                for c in result.columns where !c.evidence.isEmpty { evidence[c.name] = c.evidence.sorted().map(\.rawValue) }
            }
            try writer?.close()
            var counts: [String: Int] = [:]
            for c in report.counts { counts["\(c.kind.rawValue) in \(c.column)"] = c.count }
            return Output(file: file, records: records, total: report.total, counts: counts, findings: report.findings, findingsFile: findings, evidence: evidence)
        }
        if json {
            print(try JSONOutput.string(out))
        } else {
            print("\(out.file): \(out.records) records, \(out.total) findings")
            for key in out.counts.keys.sorted() { print("  \(out.counts[key]!)  \(key)") }
            for key in out.evidence.keys.sorted() { print("  column '\(key)': its first values read as \(out.evidence[key]!.joined(separator: ", "))") }
            for f in out.findings.prefix(20) { print("  line \(f.line), column '\(f.column)': \(f.kind.rawValue) at characters \(f.start)..<\(f.end) (confidence \(f.confidence))") }
            if let path = out.findingsFile {
                print("  every finding: \(path)")
            } else if out.total > 20 {
                print("  ... \(out.total - min(20, out.findings.count)) more (--findings FILE writes them all)")
            }
        }
    }
}

/// Streams findings to a JSON-lines file through a buffer, so that memory stays bounded.
final class FindingsWriter {
    let handle: FileHandle
    let path: String
    var buffer: [UInt8] = []
    var names: [String: String] = [:]

    init(path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil), let h = FileHandle(forWritingAtPath: path) else {
            throw DataError(.invalidArgument, "cannot write the findings file: check that its folder exists and is writable", file: path)
        }
        handle = h
        self.path = path
        buffer.reserveCapacity(1 << 20)
    }

    func write(_ findings: [PIIFinding]) throws {
        for f in findings {
            let column = names[f.column] ?? JSONValue.string(f.column).serialized(pretty: false)
            names[f.column] = column
            buffer += Array("{\"row\":\(f.row),\"line\":\(f.line),\"column\":\(column),\"kind\":\"\(f.kind.rawValue)\",\"start\":\(f.start),\"end\":\(f.end),\"confidence\":\(f.confidence)}\n".utf8)
        }
        if buffer.count >= 1 << 20 { try flush() }
    }

    func flush() throws {
        do { try handle.write(contentsOf: buffer) } catch { throw DataError(.invalidArgument, "cannot write the findings file (\(error.localizedDescription)): check the disk has room", file: path) }
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws {
        try flush()
        try handle.close()
    }
}
