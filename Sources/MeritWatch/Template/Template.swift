/// A Jinja template in the subset lm-evaluation-harness task files use: `{{ expression }}`,
/// `{% if %}`/`{% elif %}`/`{% else %}`, `{% for x in xs %}` with `loop`, `{# comments #}`,
/// whitespace control (`{{-`, `-%}`), and Python expressions (see `TemplateExpression`).
///
/// Parsed once, rendered per document. Anything outside the subset is a parse error that names the
/// construct, never a silently different rendering.
public struct Template: Sendable {
    indirect enum Node: Sendable {
        case text(String)
        case output(TemplateExpression)
        case conditional([(TemplateExpression, [Node])], [Node])
        case loop(String, TemplateExpression, [Node])
    }

    /// The source text.
    public let source: String
    let nodes: [Node]

    /// Parses `source`; `name` is used in error messages (for example "task.yaml: doc_to_text").
    public init(_ source: String, name: String = "template") throws {
        self.source = source
        var parser = TemplateParser(source: source, name: name)
        nodes = try parser.parseAll()
    }

    /// Whether the text contains template syntax at all.
    public static func isTemplate(_ text: String) -> Bool {
        text.contains("{{") || text.contains("{%")
    }

    /// Renders against `context` (a document's fields).
    public func render(_ context: [String: TemplateValue], name: String = "template") throws -> String {
        var scope = TemplateScope(frames: [context], name: name)
        var out = ""
        try Self.render(nodes, &scope, &out)
        return out
    }

    /// When the whole template is one `{{ expression }}`, evaluates it to a value rather than text.
    public func evaluateSingle(_ context: [String: TemplateValue], name: String = "template") throws -> TemplateValue? {
        guard nodes.count == 1, case .output(let e) = nodes[0] else { return nil }
        var scope = TemplateScope(frames: [context], name: name)
        return try e.evaluate(&scope)
    }

    static func render(_ nodes: [Node], _ scope: inout TemplateScope, _ out: inout String) throws {
        for node in nodes {
            switch node {
            case .text(let t): out += t
            case .output(let e): out += try e.evaluate(&scope).rendered
            case .conditional(let branches, let otherwise):
                var chosen = otherwise
                for (cond, body) in branches {
                    if try cond.evaluate(&scope).truthy { chosen = body; break }
                }
                try render(chosen, &scope, &out)
            case .loop(let variable, let sequence, let body):
                let items = try TemplateFunctions.iterate(sequence.evaluate(&scope), scope.name)
                for (i, item) in items.enumerated() {
                    let loop: TemplateValue = .dict([("index", .int(i + 1)), ("index0", .int(i)), ("first", .bool(i == 0)),
                                                     ("last", .bool(i == items.count - 1)), ("length", .int(items.count))])
                    scope.frames.append([variable: item, "loop": loop])
                    defer { scope.frames.removeLast() }
                    try render(body, &scope, &out)
                }
            }
        }
    }
}

/// Variables visible while rendering: the document, then loop variables.
struct TemplateScope {
    var frames: [[String: TemplateValue]]
    let name: String

    func lookup(_ variable: String) -> TemplateValue? {
        for f in frames.reversed() { if let v = f[variable] { return v } }
        return nil
    }
}

/// Splits template text into nodes.
struct TemplateParser {
    enum Tag { case text(String), output(String), statement(String) }

    let source: String
    let name: String
    var tags: [Tag] = []
    var position = 0

    init(source: String, name: String) {
        self.source = source
        self.name = name
    }

    mutating func parseAll() throws -> [Node] {
        tags = try tokenize()
        let (nodes, end) = try parseBlock(until: [])
        if let end { throw WatchError(.invalidTemplate, "unexpected {% \(end) %} without its opening tag", at: name) }
        return nodes
    }

    typealias Node = Template.Node

    /// Parses nodes until one of the `until` statements (returned), or the end.
    mutating func parseBlock(until: Set<String>) throws -> ([Node], String?) {
        var nodes: [Node] = []
        while position < tags.count {
            let tag = tags[position]
            position += 1
            switch tag {
            case .text(let t): if !t.isEmpty { nodes.append(.text(t)) }
            case .output(let e): nodes.append(.output(try TemplateExpression.parse(e, name: name)))
            case .statement(let s):
                let word = String(s.prefix(while: { !$0.isWhitespace }))
                let rest = String(s.dropFirst(word.count)).trimmingSpaces
                if until.contains(word) { return (nodes, s) }
                switch word {
                case "if":
                    var branches = [(try TemplateExpression.parse(rest, name: name), [Node]())]
                    var otherwise: [Node] = []
                    while true {
                        let (body, end) = try parseBlock(until: ["elif", "else", "endif"])
                        guard let end else { throw WatchError(.invalidTemplate, "{% if %} is never closed with {% endif %}", at: name) }
                        if branches[branches.count - 1].1.isEmpty { branches[branches.count - 1].1 = body }
                        let endWord = String(end.prefix(while: { !$0.isWhitespace }))
                        if endWord == "elif" {
                            branches.append((try TemplateExpression.parse(String(end.dropFirst(4)).trimmingSpaces, name: name), []))
                        } else if endWord == "else" {
                            let (elseBody, close) = try parseBlock(until: ["endif"])
                            guard close != nil else { throw WatchError(.invalidTemplate, "{% else %} is never closed with {% endif %}", at: name) }
                            otherwise = elseBody
                            break
                        } else { break }
                    }
                    nodes.append(.conditional(branches, otherwise))
                case "for":
                    let parts = rest.components(separatedBy: " in ")
                    guard parts.count == 2 else { throw WatchError(.invalidTemplate, "write {% for NAME in EXPRESSION %}", at: name) }
                    let variable = parts[0].trimmingSpaces
                    guard variable.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), !variable.isEmpty else {
                        throw WatchError(.invalidTemplate, "{% for %} supports one loop variable, not '\(variable)'", at: name)
                    }
                    let sequence = try TemplateExpression.parse(parts[1], name: name)
                    let (body, end) = try parseBlock(until: ["endfor"])
                    guard end != nil else { throw WatchError(.invalidTemplate, "{% for %} is never closed with {% endfor %}", at: name) }
                    nodes.append(.loop(variable, sequence, body))
                default:
                    throw WatchError(.invalidTemplate, "the statement {% \(word) %} is outside the supported Jinja subset (if, elif, else, for)", at: name)
                }
            }
        }
        return (nodes, nil)
    }

    /// Cuts the source into text, `{{ }}` and `{% %}` tags, applying `-` whitespace control.
    func tokenize() throws -> [Tag] {
        var tags: [Tag] = []
        var text = ""
        let chars = Array(source)
        var i = 0
        var trimNextText = false
        func flush(trimRight: Bool) {
            var t = text
            if trimNextText { t = String(t.drop(while: { $0.isWhitespace })) }
            if trimRight { while let last = t.last, last.isWhitespace { t.removeLast() } }
            tags.append(.text(t))
            text = ""
            trimNextText = false
        }
        while i < chars.count {
            if chars[i] == "{", i + 1 < chars.count, chars[i + 1] == "{" || chars[i + 1] == "%" || chars[i + 1] == "#" {
                let kind = chars[i + 1]
                let close: Character = kind == "{" ? "}" : kind == "%" ? "%" : "#"
                var j = i + 2
                let trimLeft = j < chars.count && chars[j] == "-"
                if trimLeft { j += 1 }
                var inQuote: Character? = nil
                var end = -1
                var k = j
                while k + 1 < chars.count {
                    let c = chars[k]
                    if let q = inQuote {
                        if c == "\\" { k += 2; continue }
                        if c == q { inQuote = nil }
                    } else if kind != "#" && (c == "'" || c == "\"") {
                        inQuote = c
                    } else if c == close && chars[k + 1] == "}" {
                        end = k
                        break
                    }
                    k += 1
                }
                guard end >= 0 else {
                    let line = chars[..<i].filter { $0 == "\n" }.count + 1
                    throw WatchError(.invalidTemplate, "a '{\(kind)' tag opened on line \(line) is never closed", at: name)
                }
                var innerEnd = end
                let trimRight = innerEnd > j && chars[innerEnd - 1] == "-"
                if trimRight { innerEnd -= 1 }
                flush(trimRight: trimLeft)
                let inner = String(chars[j..<innerEnd]).trimmingSpaces
                if kind == "{" { tags.append(.output(inner)) } else if kind == "%" { tags.append(.statement(inner)) }
                trimNextText = trimRight
                i = end + 2
            } else {
                text.append(chars[i])
                i += 1
            }
        }
        flush(trimRight: false)
        return tags
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
