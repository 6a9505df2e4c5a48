import ArgumentParser
import Foundation
import MeritCore
import MeritData
import MeritCommandLine

/// `merit scan FILE`: the PII report.
struct Scan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Scan a CSV or JSONL file for personal data and secrets; never prints the values found.",
        discussion: "With --json each finding has its row (0-based record), line, column, kind, and start/end in Unicode code points within the field.")

    @Argument(help: "A CSV or JSONL file.") var file: String
    @OptionGroup var format: FormatOption
    @Flag(help: "Print JSON.") var json = false
    @Flag(help: "No progress output on stderr.") var quiet = false

    struct Output: Encodable {
        var file: String
        var records: Int
        var counts: [String: Int]
        var findings: [PIIFinding]
    }

    func run() throws {
        let out = try CLIFailure.guarding { () -> Output in
            let scanner = PIIScanner()
            var findings: [PIIFinding] = []
            var counts: [String: Int] = [:]
            var records = 0
            let bar = ProgressBar(enabled: !quiet)
            defer { bar.finish() }
            func scan(_ bytes: UnsafeRawBufferPointer, column: String, hints: Set<PIIKind>, line: Int, row: Int) {
                for m in scanner.scan(bytes, hints: hints) {
                    counts["\(m.kind.rawValue) in \(column)", default: 0] += 1
                    findings.append(PIIFinding(kind: m.kind, column: column, line: line, row: row,
                                               start: PIIScanner.codePointOffset(bytes, byteOffset: m.bytes.lowerBound),
                                               end: PIIScanner.codePointOffset(bytes, byteOffset: m.bytes.upperBound)))
                }
            }
            if format.of(file) == .jsonl {
                let reader = try JSONLReader(path: file)
                try reader.forEachRecord { line, object in
                    for key in object.keys.sorted() {
                        var text: String
                        switch object[key]! {
                        case .string(let s): text = s
                        case .integer(let i): text = String(i)
                        default: continue
                        }
                        text.withUTF8 { scan(UnsafeRawBufferPointer($0), column: key, hints: PIIKind.hinted(by: key), line: line, row: records) }
                    }
                    records += 1
                }
            } else {
                let result = try CSVPIIScan().scan(path: file) { read, total in
                    bar.update("scanning", Double(read) / Double(max(total, 1)))
                }
                records = result.records
                findings = result.findings
                for f in findings { counts["\(f.kind.rawValue) in \(f.column)", default: 0] += 1 }
            }
            return Output(file: file, records: records, counts: counts, findings: findings)
        }
        if json {
            print(try JSONOutput.string(out))
        } else {
            print("\(out.file): \(out.records) records, \(out.findings.count) findings")
            for key in out.counts.keys.sorted() { print("  \(out.counts[key]!)  \(key)") }
            for f in out.findings.prefix(20) { print("  line \(f.line), column '\(f.column)': \(f.kind.rawValue) at characters \(f.start)..<\(f.end)") }
            if out.findings.count > 20 { print("  ... \(out.findings.count - 20) more (use --json for all)") }
        }
    }
}
