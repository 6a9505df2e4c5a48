import Foundation

/// A regular expression used the way lm-eval's Python code uses `re`: `findall` and `sub`.
///
/// Patterns run on ICU (NSRegularExpression), whose syntax agrees with Python's `re` for what task
/// files use (classes, groups, quantifiers, anchors, lookaround). Python's `\g<1>` and `\1` in
/// replacements are translated; named groups `(?P<name>…)` become ICU's `(?<name>…)`.
public struct PythonRegex: @unchecked Sendable {
    // NSRegularExpression is immutable and documented as thread-safe.
    let regex: NSRegularExpression
    /// The pattern as written in the task file.
    public let pattern: String

    /// Compiles `pattern`; `at` names where it came from for the error.
    public init(_ pattern: String, at: String) throws {
        self.pattern = pattern
        let icu = pattern.replacingOccurrences(of: "(?P<", with: "(?<")
        do { regex = try NSRegularExpression(pattern: icu) } catch {
            throw WatchError(.invalidTask, "the regular expression \(TemplateValue.pythonRepr(pattern)) does not compile", at: at)
        }
    }

    /// Python's `re.findall`: whole matches without groups, group 1 with one group, else every group.
    public func findall(_ text: String) -> [[String]] {
        let ns = text as NSString
        return regex.matches(in: text, range: NSRange(location: 0, length: ns.length)).map { m in
            if m.numberOfRanges == 1 { return [ns.substring(with: m.range)] }
            return (1..<m.numberOfRanges).map { k in
                let r = m.range(at: k)
                return r.location == NSNotFound ? "" : ns.substring(with: r)
            }
        }
    }

    /// Whether the pattern matches anywhere (`re.search`).
    public func search(_ text: String) -> Bool {
        regex.firstMatch(in: text, range: NSRange(location: 0, length: (text as NSString).length)) != nil
    }

    /// Python's `re.sub(pattern, replacement, text)`.
    public func replace(in text: String, with replacement: String) -> String {
        var template = ""
        var chars = Substring(replacement)
        while let c = chars.first {
            chars.removeFirst()
            if c == "\\", let n = chars.first {
                if n.isNumber { chars.removeFirst(); template += "$" + String(n); continue }
                if n == "g", chars.dropFirst().first == "<", let close = chars.firstIndex(of: ">") {
                    let name = chars[chars.index(chars.startIndex, offsetBy: 2)..<close]
                    template += "${" + name + "}"
                    chars = chars[chars.index(after: close)...]
                    continue
                }
                chars.removeFirst()
                switch n {
                case "n": template += "\n"
                case "t": template += "\t"
                case "\\": template += "\\\\"
                default: template += "\\" + String(n)
                }
                continue
            }
            if c == "$" { template += "\\$" } else { template.append(c) }
        }
        return regex.stringByReplacingMatches(in: text, range: NSRange(location: 0, length: (text as NSString).length), withTemplate: template)
    }
}
