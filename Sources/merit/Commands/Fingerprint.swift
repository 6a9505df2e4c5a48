import ArgumentParser
import Foundation
import MeritCore
import MeritData
import MeritCommandLine

/// `merit fingerprint FILE`: the Merkle root and record count.
struct Fingerprint: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print a dataset's Merkle root and record count (docs/fingerprint.md).")

    @Argument(help: "A CSV or JSONL file.") var file: String
    @Option(help: "Type the columns with this model spec (otherwise every CSV column is text).") var model: String?
    @OptionGroup var format: FormatOption
    @Flag(help: "Print JSON.") var json = false
    @Flag(help: "No progress output on stderr.") var quiet = false

    func run() throws {
        let fp = try CLIFailure.guarding { () -> MeritData.Fingerprint in
            let bar = ProgressBar(enabled: !quiet)
            defer { bar.finish() }
            if let model {
                let spec = try CLIFailure.loadSpec(model)
                return try DatasetLoader(spec: spec).load(format.file(file)) { r, t in bar.update("fingerprinting", t == 0 ? 1 : Double(r) / Double(t)) }.fingerprint
            }
            if format.of(file) == .csv {
                return try CSVFingerprinter().fingerprint(path: file) { r, t in bar.update("fingerprinting", t == 0 ? 1 : Double(r) / Double(t)) }
            }
            var builder = Merkle.Builder()
            let (columns, bytes) = try RecordStream.forEachRecordHash(format.file(file)) { _, h in builder.append(leaf: Merkle.leaf(h)) }
            return MeritData.Fingerprint(root: builder.root, records: builder.count, bytes: bytes, columns: columns)
        }
        if json {
            print(try JSONOutput.string(fp))
        } else {
            print("root \(fp.root.hex)")
            print("records \(fp.records)")
        }
    }
}

/// JSON on stdout: sorted keys, pretty-printed.
enum JSONOutput {
    static func string<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
