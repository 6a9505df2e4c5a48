import Foundation

/// Finds what must never reach an error message, a CLI line or an API error: a data value from the
/// test's data files, or an absolute path of the server's folders.
///
/// Data values are the cells of CSV files (rows after the header) and the string and number values
/// of JSONL files, in the files and folders given, that are at least 5 characters long and carry a
/// digit or an `@`, or are at least 8 characters long: shorter or plainer cells ("yes", "north") are
/// also ordinary words of messages. Column names are never data values.
public struct LeakScanner: Sendable {
    /// The values looked for.
    public let values: Set<String>
    /// Absolute folder paths looked for.
    public let paths: [String]

    /// Collects the values of the data files in `data` (files, or folders searched recursively) and
    /// looks for `serverPaths` too.
    public init(data: [String], serverPaths: [String] = []) {
        var values = Set<String>()
        var headers = Set<String>()
        for file in Self.dataFiles(data) {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { continue }
            if file.hasSuffix(".csv") {
                for (i, line) in text.split(separator: "\n").enumerated() {
                    let cells = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\" \r")) }
                    if i == 0 { headers.formUnion(cells) } else { values.formUnion(cells) }
                }
            } else {
                for line in text.split(separator: "\n") {
                    guard let obj = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { continue }
                    headers.formUnion(obj.keys)
                    for v in obj.values { if let s = v as? String { values.insert(s) } else if let n = v as? NSNumber { values.insert("\(n)") } }
                }
            }
        }
        self.values = values.subtracting(headers).filter { v in
            v.count >= 8 || (v.count >= 5 && v.contains { $0.isNumber || $0 == "@" })
        }
        self.paths = serverPaths.filter { $0.hasPrefix("/") && $0.count > 1 }
    }

    /// What `text` leaks: each data value or server path found in it (empty when nothing leaks).
    public func leaks(in text: String) -> [String] {
        var found = paths.filter { text.contains($0) }
        // Whole-token matches only, so that "58244.88" is found but "1.5" inside "11.52" is not asked about.
        var token = ""
        var tokens = Set<String>()
        for ch in text + " " {
            if ch.isLetter || ch.isNumber || "@.+-_".contains(ch) { token.append(ch) } else if !token.isEmpty {
                tokens.insert(token)
                tokens.insert(token.trimmingCharacters(in: CharacterSet(charactersIn: ".")))
                token = ""
            }
        }
        found += values.filter { tokens.contains($0) || ($0.contains(" ") && text.contains($0)) }.sorted()
        return found
    }

    static func dataFiles(_ items: [String]) -> [String] {
        var out: [String] = []
        for item in items {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: item, isDirectory: &isDir) else { continue }
            if !isDir.boolValue {
                if item.hasSuffix(".csv") || item.hasSuffix(".jsonl") { out.append(item) }
                continue
            }
            for case let name as String in FileManager.default.enumerator(atPath: item) ?? .init()
            where name.hasSuffix(".csv") || name.hasSuffix(".jsonl") {
                out.append((item as NSString).appendingPathComponent(name))
            }
        }
        return out
    }
}
