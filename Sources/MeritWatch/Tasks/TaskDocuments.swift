import Foundation
import MeritBase

/// Loads a task's documents from local json/jsonl or csv files, with the types Hugging Face
/// `datasets` gives them: JSON keeps its types; CSV columns are int when every cell is an integer,
/// float when every cell is a number, else string (empty cells are None).
public enum TaskDocuments {
    /// A document: its fields.
    public typealias Document = [String: TemplateValue]

    /// The documents of one split, in file order.
    public static func load(_ config: TaskConfig, split: String) throws -> [Document] {
        var docs: [Document] = []
        for file in config.dataFiles[split] ?? [] {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw WatchError(.invalidTask, "the data file \(file) (split \(split)) cannot be read; paths are relative to the task file's folder", at: config.file)
            }
            docs += config.format == "csv" ? try csv(data, name: file) : try json(data, name: file)
        }
        guard !docs.isEmpty else { throw WatchError(.invalidTask, "the split \(JSONValue.excerpt(split)) has no documents", at: config.file) }
        return docs
    }

    static func document(_ v: JSONValue, _ at: String) throws -> Document {
        guard case .object(let members) = v else { throw WatchError(.invalidTask, "each record must be a JSON object, not \(v.kindName)", at: at) }
        var d: Document = [:]
        for m in members { d[m.key] = TemplateValue(json: m.value) }
        return d
    }

    /// A JSON array of objects, or JSON lines.
    static func json(_ data: Data, name: String) throws -> [Document] {
        let bytes = [UInt8](data)
        if bytes.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) == UInt8(ascii: "[") {
            guard case .array(let items) = try JSONValue.parse(bytes, name: name) else { return [] }
            return try items.enumerated().map { try document($1, "\(name): record \($0 + 1)") }
        }
        var docs: [Document] = []
        var line = 0
        for raw in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            line += 1
            let trimmed = raw.drop(while: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D })
            if trimmed.isEmpty { continue }
            let value: JSONValue
            do { value = try JSONValue.parse(Array(raw), name: "\(name):\(line)") } catch let e as JSONError {
                throw WatchError(.invalidTask, e.message, at: "\(name):\(line)")
            }
            docs.append(try document(value, "\(name):\(line)"))
        }
        return docs
    }

    /// RFC 4180 CSV with a header row.
    static func csv(_ data: Data, name: String) throws -> [Document] {
        guard let text = String(data: data, encoding: .utf8) else { throw WatchError(.invalidTask, "not UTF-8 text", at: name) }
        var rows: [[String?]] = []
        var row: [String?] = []
        var field = ""
        var quoted = false, wasQuoted = false
        var chars = Array(text.unicodeScalars)[...]
        if chars.first == "\u{FEFF}" { chars = chars.dropFirst() }
        var i = chars.startIndex
        func endField() { row.append(field.isEmpty && !wasQuoted ? nil : field); field = ""; wasQuoted = false }
        while i < chars.endIndex {
            let c = chars[i]
            if quoted {
                if c == "\"" {
                    if i + 1 < chars.endIndex, chars[i + 1] == "\"" { field.unicodeScalars.append("\""); i += 1 } else { quoted = false }
                } else { field.unicodeScalars.append(c) }
            } else if c == "\"" && field.isEmpty { quoted = true; wasQuoted = true }
            else if c == "," { endField() }
            else if c == "\n" || c == "\r" {
                if c == "\r", i + 1 < chars.endIndex, chars[i + 1] == "\n" { i += 1 }
                endField(); rows.append(row); row = []
            } else { field.unicodeScalars.append(c) }
            i += 1
        }
        if quoted { throw WatchError(.invalidTask, "a quoted field is never closed", at: "\(name):\(rows.count + 1)") }
        if !field.isEmpty || !row.isEmpty { endField(); rows.append(row) }
        rows.removeAll { $0.allSatisfy { $0 == nil } }
        guard let header = rows.first else { return [] }
        let names = header.map { $0 ?? "" }
        let body = Array(rows.dropFirst())
        for (k, r) in body.enumerated() where r.count != names.count {
            throw WatchError(.invalidTask, "this row has \(r.count) fields but the header has \(names.count)", at: "\(name):\(k + 2)")
        }
        let types: [Int] = names.indices.map { c in
            let cells = body.compactMap { $0[c] }
            if !cells.isEmpty && cells.allSatisfy({ Int($0) != nil }) && cells.count == body.count { return 0 }
            if !cells.isEmpty && cells.allSatisfy({ Double($0) != nil }) { return 1 }
            return 2
        }
        return body.map { r in
            var d: Document = [:]
            for (c, n) in names.enumerated() {
                guard let cell = r[c] else { d[n] = types[c] == 1 ? TemplateValue.double(.nan) : TemplateValue.none; continue }
                d[n] = types[c] == 0 ? .int(Int(cell)!) : types[c] == 1 ? .double(Double(cell)!) : .string(cell)
            }
            return d
        }
    }
}
