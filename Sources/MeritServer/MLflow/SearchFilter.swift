/// MLflow's search filter language, as the Python client sends it:
/// `metrics.acc > 0.5 AND params.model_type = 'lr' AND tag.\`mlflow.prompt.is_prompt\` != 'true'`.
///
/// Clauses are joined by AND (MLflow has no OR). Entities: `metric(s)`, `param(s)`, `tag(s)`,
/// `attribute(s)`, or a bare attribute name (`name`, `run_id`, `start_time`, ...). Keys may be quoted
/// with backticks or double quotes. Operators: = != < <= > >= LIKE ILIKE IN NOT IN.
struct SearchFilter: Sendable, Equatable {
    enum Entity: String, Sendable { case metric, param, tag, attribute }
    enum Op: String, Sendable { case eq = "=", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">=", like = "LIKE", ilike = "ILIKE", `in` = "IN", notIn = "NOT IN" }
    enum Value: Sendable, Equatable { case number(Double), string(String), list([String]) }

    struct Clause: Sendable, Equatable {
        var entity: Entity
        var key: String
        var op: Op
        var value: Value
    }

    var clauses: [Clause]

    /// Parses a filter; an empty string matches everything.
    static func parse(_ text: String) throws -> SearchFilter {
        var lexer = Lexer(text)
        var clauses: [Clause] = []
        if lexer.atEnd { return SearchFilter(clauses: []) }
        while true {
            clauses.append(try lexer.clause())
            if lexer.atEnd { break }
            guard try lexer.word()?.uppercased() == "AND" else {
                throw MLflowError.invalidParameter("invalid filter \"\(text)\": clauses must be joined by AND")
            }
        }
        return SearchFilter(clauses: clauses)
    }

    /// One `order_by` term: `metrics.acc DESC`.
    struct Order: Sendable, Equatable {
        var entity: Entity
        var key: String
        var ascending: Bool

        static func parse(_ text: String) throws -> Order {
            var lexer = Lexer(text)
            let (entity, key) = try lexer.identifier()
            var ascending = true
            if let dir = try lexer.word()?.uppercased() {
                guard dir == "ASC" || dir == "DESC" else { throw MLflowError.invalidParameter("invalid order_by \"\(text)\": expected ASC or DESC") }
                ascending = dir == "ASC"
            }
            guard lexer.atEnd else { throw MLflowError.invalidParameter("invalid order_by \"\(text)\"") }
            return Order(entity: entity, key: key, ascending: ascending)
        }
    }

    struct Lexer {
        let chars: [Character]
        var i = 0
        let text: String
        init(_ text: String) { self.text = text; chars = Array(text); skip() }

        var atEnd: Bool { i >= chars.count }
        mutating func skip() { while i < chars.count, chars[i].isWhitespace { i += 1 } }
        func fail(_ why: String) -> MLflowError { .invalidParameter("invalid filter \"\(text)\": \(why)") }

        mutating func word() throws -> String? {
            skip()
            guard i < chars.count else { return nil }
            let s = i
            while i < chars.count, chars[i].isLetter || chars[i].isNumber || chars[i] == "_" || chars[i] == "." { i += 1 }
            if s == i { throw fail("unexpected \"\(chars[i])\"") }
            defer { skip() }
            return String(chars[s..<i])
        }

        mutating func quoted(_ q: Character) throws -> String {
            i += 1
            var out = ""
            while i < chars.count {
                if chars[i] == q {
                    if i + 1 < chars.count, chars[i + 1] == q { out.append(q); i += 2; continue }
                    i += 1
                    skip()
                    return out
                }
                out.append(chars[i]); i += 1
            }
            throw fail("a quote is not closed")
        }

        /// `entity.key`, `entity.\`key\``, or a bare attribute.
        mutating func identifier() throws -> (Entity, String) {
            skip()
            guard i < chars.count else { throw fail("expected an identifier") }
            let s = i
            while i < chars.count, chars[i].isLetter || chars[i] == "_" { i += 1 }
            let head = String(chars[s..<i]).lowercased()
            let entity: Entity?
            switch head {
            case "metric", "metrics": entity = .metric
            case "param", "params", "parameter", "parameters": entity = .param
            case "tag", "tags": entity = .tag
            case "attribute", "attributes", "attr", "run": entity = .attribute
            default: entity = nil
            }
            if let entity, i < chars.count, chars[i] == "." {
                i += 1
                guard i < chars.count else { throw fail("expected a key after \(head).") }
                if chars[i] == "`" || chars[i] == "\"" { return (entity, try quoted(chars[i])) }
                let k = i
                while i < chars.count, !chars[i].isWhitespace, !"=!<>".contains(chars[i]) { i += 1 }
                defer { skip() }
                return (entity, String(chars[k..<i]))
            }
            // A bare attribute name such as `name`, `start_time` or `run_id`.
            while i < chars.count, chars[i].isLetter || chars[i].isNumber || chars[i] == "_" { i += 1 }
            let name = String(chars[s..<i])
            guard !name.isEmpty else { throw fail("expected an identifier") }
            skip()
            return (.attribute, name)
        }

        mutating func clause() throws -> Clause {
            let (entity, key) = try identifier()
            skip()
            var op: Op
            if i + 1 < chars.count, ["!=", "<=", ">="].contains(String(chars[i...i + 1])) {
                op = Op(rawValue: String(chars[i...i + 1]))!; i += 2
            } else if i < chars.count, "=<>".contains(chars[i]) {
                op = Op(rawValue: String(chars[i]))!; i += 1
            } else {
                guard let w = try word()?.uppercased() else { throw fail("expected an operator") }
                switch w {
                case "LIKE": op = .like
                case "ILIKE": op = .ilike
                case "IN": op = .in
                case "NOT":
                    guard try word()?.uppercased() == "IN" else { throw fail("expected IN after NOT") }
                    op = .notIn
                default: throw fail("unknown operator \(w)")
                }
            }
            skip()
            guard i < chars.count else { throw fail("expected a value") }
            let value: Value
            if chars[i] == "'" || chars[i] == "\"" {
                value = .string(try quoted(chars[i]))
            } else if chars[i] == "(" {
                i += 1
                var items: [String] = []
                while true {
                    skip()
                    guard i < chars.count else { throw fail("a list is not closed") }
                    if chars[i] == ")" { i += 1; break }
                    if chars[i] == "," { i += 1; continue }
                    guard chars[i] == "'" || chars[i] == "\"" else { throw fail("list items must be quoted strings") }
                    items.append(try quoted(chars[i]))
                }
                skip()
                value = .list(items)
            } else {
                let s = i
                while i < chars.count, !chars[i].isWhitespace { i += 1 }
                guard let d = Double(String(chars[s..<i])) else { throw fail("\(String(chars[s..<i])) is not a number or a quoted string") }
                skip()
                value = .number(d)
            }
            if entity == .metric, case .string = value { throw fail("metric \(key) must be compared with a number") }
            if (op == .in || op == .notIn) != ({ if case .list = value { return true }; return false }()) { throw fail("IN needs a parenthesised list") }
            return Clause(entity: entity, key: key, op: op, value: value)
        }
    }
}

extension SearchFilter.Clause {
    /// Whether a string value satisfies the clause (nil means the key is absent).
    func matches(_ actual: String?) -> Bool {
        switch (op, value) {
        case (.ne, .string(let v)): return actual != v  // a missing tag counts as "!= 'true'"
        case (.notIn, .list(let l)): return actual.map { !l.contains($0) } ?? true
        default: break
        }
        guard let actual else { return false }
        switch (op, value) {
        case (.eq, .string(let v)): return actual == v
        case (.like, .string(let v)): return Self.like(actual, v, caseInsensitive: false)
        case (.ilike, .string(let v)): return Self.like(actual, v, caseInsensitive: true)
        case (.in, .list(let l)): return l.contains(actual)
        case (_, .number(let v)): return Double(actual).map { matches($0, v) } ?? false
        case (.lt, .string(let v)): return actual < v
        case (.le, .string(let v)): return actual <= v
        case (.gt, .string(let v)): return actual > v
        case (.ge, .string(let v)): return actual >= v
        default: return false
        }
    }

    /// Whether a number satisfies the clause.
    func matches(_ actual: Double?) -> Bool {
        guard let actual else { return false }
        guard case .number(let v) = value else {
            if case .string(let s) = value, let d = Double(s) { return Self.compare(op, actual, d) }
            return false
        }
        return matches(actual, v)
    }

    func matches(_ a: Double, _ v: Double) -> Bool { Self.compare(op, a, v) }

    static func compare(_ op: SearchFilter.Op, _ a: Double, _ v: Double) -> Bool {
        switch op {
        case .eq: a == v
        case .ne: a != v
        case .lt: a < v
        case .le: a <= v
        case .gt: a > v
        case .ge: a >= v
        default: false
        }
    }

    /// SQL LIKE: % any run, _ one character.
    static func like(_ s: String, _ pattern: String, caseInsensitive: Bool) -> Bool {
        let a = Array(caseInsensitive ? s.lowercased() : s), p = Array(caseInsensitive ? pattern.lowercased() : pattern)
        var memo = [[Bool?]](repeating: [Bool?](repeating: nil, count: p.count + 1), count: a.count + 1)
        func m(_ i: Int, _ j: Int) -> Bool {
            if let r = memo[i][j] { return r }
            let r: Bool
            if j == p.count { r = i == a.count }
            else if p[j] == "%" { r = m(i, j + 1) || (i < a.count && m(i + 1, j)) }
            else { r = i < a.count && (p[j] == "_" || p[j] == a[i]) && m(i + 1, j + 1) }
            memo[i][j] = r
            return r
        }
        return m(0, 0)
    }
}
