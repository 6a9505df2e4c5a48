import Foundation
import MeritBase
import MeritCore

extension DatasetLoader {
    /// Stops a read after its first record.
    private struct FirstRecordSeen: Error {}

    /// How much of a file the text check reads.
    static let preflightBytes = 64 << 10

    /// Refuses at once a file that can never be evaluated: empty, not text (a NUL byte or invalid UTF-8 in
    /// its first 64 KiB), a CSV header without the spec's columns, or no record at all. Reads the header
    /// and the first record only; the full read, with every row checked, comes at evaluation.
    public func preflight(_ file: DatasetFile) throws {
        let name = file.name
        guard let handle = FileHandle(forReadingAtPath: file.path) else {
            throw DataError(.unreadable, "the file cannot be read", file: name)
        }
        let head = (try? handle.read(upToCount: Self.preflightBytes)) ?? Data()
        try? handle.close()
        if head.isEmpty {
            throw DataError(.emptyFile, "the file is empty; send a \(file.format == .jsonl ? "JSONL file, one JSON object per line" : "CSV file with a header line and at least one row")", file: name)
        }
        if let nul = head.firstIndex(of: 0) {
            throw DataError(.notText, "byte \(nul - head.startIndex + 1) is a NUL byte: this is not a text file. Send CSV or JSONL in UTF-8 (a spreadsheet must be exported as CSV first)", file: name)
        }
        // A cut at 64 KiB may split one character: up to three trailing bytes may be incomplete.
        var text = Array(head)
        if head.count == Self.preflightBytes {
            var cut = 0
            while cut < 3, let last = text.last, last & 0xC0 == 0x80 || last >= 0xC0 { text.removeLast(); cut += 1; if last >= 0xC0 { break } }
        }
        if String(validating: text, as: UTF8.self) == nil {
            throw DataError(.notText, "the file is not UTF-8 text in its first 64 KiB; send CSV or JSONL encoded as UTF-8", file: name)
        }
        let columns = spec.task.columns
        do {
            if file.format == .jsonl {
                let reader = try JSONLReader(path: file.path, displayName: name, maxRecordBytes: spec.validation.maxRecordBytes)
                try reader.forEachRecord { _, _ in throw FirstRecordSeen() }
            } else {
                let reader = try CSVReader(path: file.path, displayName: name, maxRecordBytes: spec.validation.maxRecordBytes)
                for c in columns where !reader.header.contains(c.name) {
                    throw Self.missingColumn(c.name, isLabel: c.name == spec.task.label, header: reader.header, file: name)
                }
                try reader.forEachRecord { _ in throw FirstRecordSeen() }
            }
        } catch is FirstRecordSeen {
            return
        }
        throw DataError(.emptyFile, "the file has no records; add at least one row under the header", file: name)
    }
}
