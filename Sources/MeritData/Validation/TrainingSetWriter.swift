import Foundation
import MeritCore

/// Writes a model version's training set as Merit keeps it: RFC 4180 CSV, a header of the spec's columns
/// (features, then the label) and one line per record, each value printed so that reading the file with
/// the same spec gives the same values, and so the same record hashes and root.
///
/// Numbers print in Swift's shortest round-trip form; text is quoted when it holds a comma, a quote, a
/// line break or surrounding spaces; missing values are empty fields.
public struct TrainingSetWriter {
    let handle: FileHandle
    let width: Int
    var buffer: [UInt8] = []

    /// Starts a new file at `path` with the header of `spec`'s columns.
    public init(path: String, spec: ModelSpec) throws {
        FileManager.default.createFile(atPath: path, contents: nil)
        guard let h = FileHandle(forWritingAtPath: path) else { throw DataError(.unreadable, "cannot create the training file", file: (path as NSString).lastPathComponent) }
        handle = h
        width = spec.task.columns.count
        append(line: spec.task.columns.map { Self.field($0.name) })
    }

    /// Continues `path`, a file this writer wrote, by appending records after its last line.
    public init(appendingTo path: String, spec: ModelSpec) throws {
        guard let h = FileHandle(forWritingAtPath: path) else { throw DataError(.unreadable, "cannot open the training file to extend it", file: (path as NSString).lastPathComponent) }
        _ = try h.seekToEnd()
        handle = h
        width = spec.task.columns.count
    }

    /// Appends one record (values in the spec's column order).
    public mutating func append(_ row: [Value]) throws {
        precondition(row.count == width, "a training record has one value per spec column")
        append(line: row.map(Self.text))
        if buffer.count >= 1 << 20 { try flush() }
    }

    /// Writes what is buffered and closes the file.
    public mutating func close() throws {
        try flush()
        try handle.close()
    }

    mutating func flush() throws {
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    mutating func append(line fields: [String]) {
        for (i, f) in fields.enumerated() {
            if i > 0 { buffer.append(UInt8(ascii: ",")) }
            buffer.append(contentsOf: f.utf8)
        }
        buffer.append(0x0A)
    }

    /// A value as a CSV field.
    static func text(_ v: Value) -> String {
        switch v {
        case .missing: return ""
        case .number(let d): return d.description
        case .integer(let i): return String(i)
        case .boolean(let b): return b ? "true" : "false"
        case .text(let s): return field(s)
        }
    }

    /// Quotes a field when CSV needs it (or when spaces at its ends would be trimmed on reading).
    static func field(_ s: String) -> String {
        guard let first = s.first, let last = s.last else { return s }
        let needs = s.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
            || first.isWhitespace || last.isWhitespace
        return needs ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
}
