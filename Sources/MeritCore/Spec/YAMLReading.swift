import MeritBase
import Yams

/// Reads YAML with Yams and words its errors for people: the line and column, what is wrong and how to
/// fix it, and no data from the file beyond a short escaped excerpt of a key. Model specs and lm-eval
/// task files both read YAML through it.
///
/// Yams' own messages say "The given data was not valid YAML" (YAMLDecoder) or carry the whole text of
/// the file (duplicate keys); the `YamlError` underneath has the place, so this unwraps it.
package enum YAMLReading {
    /// A problem at a place in a YAML text.
    package struct Problem: Error, Sendable {
        /// 1-based line, when known.
        package var line: Int?
        /// 1-based column, counted in Unicode scalars as libyaml counts them, when known.
        package var column: Int?
        /// What is wrong and how to fix it.
        package var message: String

        /// `file:line:column`, or as much of it as is known.
        package func place(in file: String) -> String {
            guard let line else { return file }
            return column.map { "\(file):\(line):\($0)" } ?? "\(file):\(line)"
        }
    }

    /// The one document in `text`; nil when the text holds none (only comments or blank lines).
    ///
    /// A second document (after a `---` line) is an error at the line where it begins: a spec or task is
    /// one document, and reading only the first would silently drop the rest.
    /// - Parameter resolver: how plain scalars get their tags; the default resolves only merge keys
    ///   (`<<`), as `YAMLDecoder` does.
    /// - Throws: `Problem`.
    package static func compose(_ text: String, resolver: Resolver = Resolver.basic.appending(.merge)) throws -> Node? {
        do {
            let parser = try Parser(yaml: text, resolver: resolver)
            return try parser.singleRoot()
        } catch let e as YamlError {
            throw problem(e, in: text)
        }
    }

    /// Words a Yams error: its place, and a message without the file's text.
    package static func problem(_ error: YamlError, in text: String) -> Problem {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            if context?.text == "expected a single document in the stream" {
                return Problem(line: mark.line, column: mark.column, message:
                    "a second YAML document begins here; the file must hold exactly one document: remove this --- line and what follows it, or merge the two")
            }
            if problem == "found undefined alias" {
                return Problem(line: mark.line, column: mark.column, message:
                    "this alias (*name) refers to no anchor (&name) defined before it; define the anchor first, and never refer to a node from inside itself (recursive aliases are not allowed)")
            }
            var message = "not valid YAML: \(problem)"
            if let context { message += " (\(context.text) at line \(context.mark.line), column \(context.mark.column))" }
            return Problem(line: mark.line, column: mark.column, message: message + "; check the indentation and the quoting")
        case .reader(let problem, let offset, let value, _):
            let place = offset.map { position(ofCharacter: $0, in: text) }
            let hex = String(value, radix: 16, uppercase: true)
            let character = value >= 0 ? " (character U+\(String(repeating: "0", count: max(0, 4 - hex.count)))\(hex))" : ""
            return Problem(line: place?.line, column: place?.column, message:
                "the text cannot be read as YAML: \(problem)\(character); remove the character, or write it as an escape in a double-quoted string")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let key = duplicates.sorted().first.map { JSONValue.excerpt($0) } ?? "a key"
            return Problem(line: context.mark.line, column: context.mark.column, message:
                "the key \(key) appears more than once in this mapping; keep one, since a reader would silently take only one of them")
        case .dataCouldNotBeDecoded:
            return Problem(message: "the file is not UTF-8 text; save it as UTF-8")
        default:
            return Problem(message: "could not be read as YAML; check the indentation and the quoting")
        }
    }

    /// The node at a decoding path (mapping keys and list indices), following merge keys (`<<`);
    /// with `key`, the key node of the last step instead of its value. nil when the path is not there.
    package static func node(at path: [CodingKey], in root: Node, key: Bool = false) -> Node? {
        var node = root
        for (k, step) in path.enumerated() {
            switch node {
            case .mapping(let m):
                guard let pair = member(step.stringValue, of: m) else { return nil }
                node = key && k == path.count - 1 ? pair.key : pair.value
            case .sequence(let s):
                guard let i = step.intValue, s.indices.contains(i) else { return nil }
                node = s[i]
            default:
                return nil
            }
        }
        return node
    }

    /// The mark of the deepest node on `path` that exists: the node itself, or the nearest ancestor
    /// when the path goes on past what the file has (a missing field is reported at its mapping).
    package static func mark(at path: [CodingKey], in root: Node, key: Bool = false) -> Mark? {
        for n in stride(from: path.count, through: 0, by: -1) {
            if let found = node(at: Array(path.prefix(n)), in: root, key: key && n == path.count) { return found.mark }
        }
        return nil
    }

    /// What a node is, in plain words: "a mapping", "a list", "a string", "an integer", ...
    package static func kind(of node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let s):
            guard s.style == .plain else { return "a string" }
            let t = s.string
            if ["", "~", "null", "Null", "NULL"].contains(t) { return "nothing (null)" }
            if ["true", "false", "yes", "no", "on", "off"].contains(t.lowercased()) { return "true or false" }
            if Int(t) != nil { return "an integer" }
            if Double(t) != nil { return "a number" }
            return "a string"
        }
    }

    private static func member(_ key: String, of m: Node.Mapping) -> (key: Node, value: Node)? {
        func isMerge(_ n: Node) -> Bool { n.tag.rawValue == Tag.Name.merge.rawValue }
        if let pair = m.first(where: { $0.key.string == key && !isMerge($0.key) }) { return pair }
        for pair in m where isMerge(pair.key) {
            switch pair.value {
            case .mapping(let merged): if let found = member(key, of: merged) { return found }
            case .sequence(let list):
                for case .mapping(let merged) in list { if let found = member(key, of: merged) { return found } }
            default: break
            }
        }
        return nil
    }

    /// Line and column (both 1-based) of the character at `offset` characters into `text`.
    private static func position(ofCharacter offset: Int, in text: String) -> (line: Int, column: Int) {
        var line = 1, column = 1
        for c in text.prefix(offset) {
            if c == "\n" || c == "\r\n" { line += 1; column = 1 } else { column += 1 }
        }
        return (line, column)
    }
}
