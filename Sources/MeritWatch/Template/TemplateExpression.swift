/// A Python expression as Jinja evaluates it: literals (strings, numbers, lists, True/False/None),
/// names, `a.b`, `a[i]`, `a[i:j]`, method calls on strings and lists (`strip`, `lower`, `split`,
/// `replace`, `join`, `startswith`, …), filters (`| trim`, `| lower`, `| join(", ")`, …), arithmetic,
/// `~`, comparisons, `in`, `and`/`or`/`not`, and `x if c else y`.
public indirect enum TemplateExpression: Sendable {
    case literal(TemplateValue)
    case name(String)
    case list([TemplateExpression])
    case attribute(TemplateExpression, String)
    case index(TemplateExpression, TemplateExpression)
    case slice(TemplateExpression, TemplateExpression?, TemplateExpression?)
    case call(TemplateExpression, [TemplateExpression])
    case filter(TemplateExpression, String, [TemplateExpression])
    case unary(String, TemplateExpression)
    case binary(String, TemplateExpression, TemplateExpression)
    case conditional(TemplateExpression, TemplateExpression, TemplateExpression?)

    /// Parses one expression.
    public static func parse(_ text: String, name: String) throws -> TemplateExpression {
        var p = ExpressionParser(tokens: try ExpressionLexer.tokens(text, name: name), name: name, text: text)
        let e = try p.expression()
        guard p.atEnd else { throw p.fail("unexpected '\(p.peek.text)'") }
        return e
    }

    func evaluate(_ scope: inout TemplateScope) throws -> TemplateValue {
        let name = scope.name
        switch self {
        case .literal(let v): return v
        case .name(let n):
            if let v = scope.lookup(n) { return v }
            throw WatchError(.invalidTemplate, "'\(n)' is not a field of the document", at: name)
        case .list(let items): return .list(try items.map { try $0.evaluate(&scope) })
        case .attribute(let base, let member):
            let b = try base.evaluate(&scope)
            if let v = b[member] { return v }
            throw WatchError(.invalidTemplate, "\(b.typeName) has no member '\(member)'", at: name)
        case .index(let base, let key):
            return try TemplateFunctions.index(try base.evaluate(&scope), try key.evaluate(&scope), name)
        case .slice(let base, let lo, let hi):
            return try TemplateFunctions.slice(try base.evaluate(&scope), try lo?.evaluate(&scope), try hi?.evaluate(&scope), name)
        case .call(let callee, let args):
            let values = try args.map { try $0.evaluate(&scope) }
            switch callee {
            case .attribute(let base, let method):
                return try TemplateFunctions.method(try base.evaluate(&scope), method, values, name)
            case .name(let function):
                return try TemplateFunctions.function(function, values, name)
            default:
                throw WatchError(.invalidTemplate, "only methods and the functions range, len, str, int and float can be called", at: name)
            }
        case .filter(let base, let filter, let args):
            return try TemplateFunctions.filter(try base.evaluate(&scope), filter, try args.map { try $0.evaluate(&scope) }, name)
        case .unary(let op, let e):
            let v = try e.evaluate(&scope)
            switch op {
            case "not": return .bool(!v.truthy)
            case "-":
                switch v {
                case .int(let i): return .int(-i)
                case .double(let d): return .double(-d)
                default: throw WatchError(.invalidTemplate, "cannot negate \(v.typeName)", at: name)
                }
            default: return v
            }
        case .binary(let op, let l, let r):
            if op == "and" { let a = try l.evaluate(&scope); return a.truthy ? try r.evaluate(&scope) : a }
            if op == "or" { let a = try l.evaluate(&scope); return a.truthy ? a : try r.evaluate(&scope) }
            return try TemplateFunctions.binary(op, try l.evaluate(&scope), try r.evaluate(&scope), name)
        case .conditional(let value, let cond, let otherwise):
            if try cond.evaluate(&scope).truthy { return try value.evaluate(&scope) }
            return try otherwise?.evaluate(&scope) ?? .string("")
        }
    }
}

/// Tokens of an expression.
struct ExpressionLexer {
    enum Kind: Equatable { case name, number, string, op, end }
    struct Token { var kind: Kind; var text: String; var value: TemplateValue? = nil }

    static func tokens(_ text: String, name: String) throws -> [Token] {
        let c = Array(text)
        var out: [Token] = []
        var i = 0
        while i < c.count {
            let ch = c[i]
            if ch.isWhitespace { i += 1; continue }
            if ch.isLetter || ch == "_" {
                var j = i
                while j < c.count, c[j].isLetter || c[j].isNumber || c[j] == "_" { j += 1 }
                out.append(Token(kind: .name, text: String(c[i..<j])))
                i = j
            } else if ch.isNumber {
                var j = i
                var isFloat = false
                while j < c.count, c[j].isNumber || (c[j] == "." && !isFloat && j + 1 < c.count && c[j + 1].isNumber) {
                    if c[j] == "." { isFloat = true }
                    j += 1
                }
                let t = String(c[i..<j])
                out.append(Token(kind: .number, text: t, value: isFloat ? .double(Double(t)!) : .int(Int(t) ?? 0)))
                i = j
            } else if ch == "'" || ch == "\"" {
                var j = i + 1
                var s = ""
                while j < c.count, c[j] != ch {
                    if c[j] == "\\", j + 1 < c.count {
                        j += 1
                        switch c[j] {
                        case "n": s += "\n"
                        case "t": s += "\t"
                        case "r": s += "\r"
                        case "\\": s += "\\"
                        case "'": s += "'"
                        case "\"": s += "\""
                        default: s += "\\" + String(c[j])
                        }
                    } else { s.append(c[j]) }
                    j += 1
                }
                guard j < c.count else { throw WatchError(.invalidTemplate, "a string literal is never closed in '\(text)'", at: name) }
                out.append(Token(kind: .string, text: String(c[i...j]), value: .string(s)))
                i = j + 1
            } else {
                let two = i + 1 < c.count ? String(c[i...i + 1]) : ""
                if ["==", "!=", "<=", ">=", "//"].contains(two) {
                    out.append(Token(kind: .op, text: two)); i += 2
                } else if "()[],.:|~+-*/%<>".contains(ch) {
                    out.append(Token(kind: .op, text: String(ch))); i += 1
                } else {
                    throw WatchError(.invalidTemplate, "unexpected character '\(ch)' in '\(text)'", at: name)
                }
            }
        }
        out.append(Token(kind: .end, text: "end of expression"))
        return out
    }
}

/// A precedence-climbing parser, with Jinja's precedence: `x if c else y` < or < and < not <
/// comparisons and `in` < `~` < `+ -` < `* / // %` < unary minus < filters < postfix.
struct ExpressionParser {
    typealias E = TemplateExpression
    let tokens: [ExpressionLexer.Token]
    let name: String
    let text: String
    var i = 0

    init(tokens: [ExpressionLexer.Token], name: String, text: String) { self.tokens = tokens; self.name = name; self.text = text }

    var peek: ExpressionLexer.Token { tokens[i] }
    var atEnd: Bool { tokens[i].kind == .end }
    func fail(_ m: String) -> WatchError { WatchError(.invalidTemplate, "\(m) in '\(text)'", at: name) }
    mutating func next() -> ExpressionLexer.Token { defer { i += 1 }; return tokens[i] }
    mutating func accept(_ t: String) -> Bool {
        if (tokens[i].kind == .op || tokens[i].kind == .name) && tokens[i].text == t { i += 1; return true }
        return false
    }
    mutating func expect(_ t: String) throws { guard accept(t) else { throw fail("expected '\(t)' but found '\(peek.text)'") } }

    mutating func expression() throws -> E {
        let value = try or()
        if accept("if") {
            let cond = try or()
            let otherwise = accept("else") ? try expression() : nil
            return .conditional(value, cond, otherwise)
        }
        return value
    }
    mutating func or() throws -> E { var l = try and(); while accept("or") { l = .binary("or", l, try and()) }; return l }
    mutating func and() throws -> E { var l = try not(); while accept("and") { l = .binary("and", l, try not()) }; return l }
    mutating func not() throws -> E { accept("not") ? .unary("not", try not()) : try comparison() }
    mutating func comparison() throws -> E {
        var l = try concat()
        while true {
            if peek.kind == .op, ["==", "!=", "<", ">", "<=", ">="].contains(peek.text) {
                let op = next().text
                l = .binary(op, l, try concat())
            } else if accept("in") {
                l = .binary("in", l, try concat())
            } else if peek.kind == .name, peek.text == "not", tokens[i + 1].text == "in" {
                i += 2
                l = .unary("not", .binary("in", l, try concat()))
            } else { return l }
        }
    }
    mutating func concat() throws -> E { var l = try additive(); while accept("~") { l = .binary("~", l, try additive()) }; return l }
    mutating func additive() throws -> E {
        var l = try multiplicative()
        while peek.kind == .op, peek.text == "+" || peek.text == "-" { let op = next().text; l = .binary(op, l, try multiplicative()) }
        return l
    }
    mutating func multiplicative() throws -> E {
        var l = try unary()
        while peek.kind == .op, ["*", "/", "//", "%"].contains(peek.text) { let op = next().text; l = .binary(op, l, try unary()) }
        return l
    }
    mutating func unary() throws -> E {
        if peek.kind == .op, peek.text == "-" { i += 1; return .unary("-", try unary()) }
        if peek.kind == .op, peek.text == "+" { i += 1; return try unary() }
        return try filtered()
    }
    mutating func filtered() throws -> E {
        var e = try postfix()
        while accept("|") {
            guard peek.kind == .name else { throw fail("expected a filter name after '|'") }
            let f = next().text
            var args: [E] = []
            if accept("(") { args = try arguments(")") }
            e = .filter(e, f, args)
        }
        return e
    }
    mutating func postfix() throws -> E {
        var e = try primary()
        while true {
            if accept(".") {
                guard peek.kind == .name || peek.kind == .number else { throw fail("expected a member name after '.'") }
                let t = next()
                e = t.kind == .number ? .index(e, .literal(t.value!)) : .attribute(e, t.text)
            } else if accept("[") {
                var lo: E? = nil
                if !(peek.kind == .op && peek.text == ":") { lo = try expression() }
                if accept(":") {
                    let hi: E? = (peek.kind == .op && peek.text == "]") ? nil : try expression()
                    try expect("]")
                    e = .slice(e, lo, hi)
                } else {
                    try expect("]")
                    e = .index(e, lo!)
                }
            } else if accept("(") {
                e = .call(e, try arguments(")"))
            } else { return e }
        }
    }
    mutating func arguments(_ close: String) throws -> [E] {
        var args: [E] = []
        if accept(close) { return args }
        repeat { args.append(try expression()) } while accept(",")
        try expect(close)
        return args
    }
    mutating func primary() throws -> E {
        let t = next()
        switch t.kind {
        case .number, .string: return .literal(t.value!)
        case .name:
            switch t.text {
            case "True", "true": return .literal(.bool(true))
            case "False", "false": return .literal(.bool(false))
            case "None", "none": return .literal(.none)
            default: return .name(t.text)
            }
        case .op:
            if t.text == "(" { let e = try expression(); try expect(")"); return e }
            if t.text == "[" { return .list(try arguments("]")) }
            throw fail("unexpected '\(t.text)'")
        case .end: throw fail("the expression ends too early")
        }
    }
}
