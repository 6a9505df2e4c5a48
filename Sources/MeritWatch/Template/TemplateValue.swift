import MeritBase

/// A value inside a template: what a dataset document's fields hold, with Python's notion of
/// truth, equality and printing, because lm-eval renders its templates with Python's Jinja2.
public indirect enum TemplateValue: Sendable, Equatable {
    /// Python's `None`.
    case none
    /// A boolean.
    case bool(Bool)
    /// An integer.
    case int(Int)
    /// A float.
    case double(Double)
    /// A string.
    case string(String)
    /// A list.
    case list([TemplateValue])
    /// A dict, in insertion order.
    case dict([(String, TemplateValue)])

    public static func == (a: TemplateValue, b: TemplateValue) -> Bool {
        switch (a, b) {
        case (.none, .none): true
        case (.bool(let x), .bool(let y)): x == y
        case (.string(let x), .string(let y)): x == y
        case (.list(let x), .list(let y)): x == y
        case (.dict(let x), .dict(let y)): x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default:
            // Python compares numbers (and booleans, which are ints) by value.
            if let x = a.number, let y = b.number { x == y } else { false }
        }
    }

    /// The numeric value of an int, float or bool.
    var number: Double? {
        switch self {
        case .int(let i): Double(i)
        case .double(let d): d
        case .bool(let b): b ? 1 : 0
        default: nil
        }
    }

    /// Python truthiness.
    public var truthy: Bool {
        switch self {
        case .none: false
        case .bool(let b): b
        case .int(let i): i != 0
        case .double(let d): d != 0
        case .string(let s): !s.isEmpty
        case .list(let l): !l.isEmpty
        case .dict(let d): !d.isEmpty
        }
    }

    /// A dict member.
    public subscript(key: String) -> TemplateValue? {
        if case .dict(let members) = self { return members.first(where: { $0.0 == key })?.1 }
        return nil
    }

    /// What Python's `str()` prints, which is what Jinja2 renders.
    public var rendered: String {
        switch self {
        case .string(let s): s
        default: repr
        }
    }

    /// What Python's `repr()` prints (lists and dicts print their members this way).
    public var repr: String {
        switch self {
        case .none: "None"
        case .bool(let b): b ? "True" : "False"
        case .int(let i): String(i)
        case .double(let d): Self.pythonFloat(d)
        case .string(let s): Self.pythonRepr(s)
        case .list(let l): "[" + l.map(\.repr).joined(separator: ", ") + "]"
        case .dict(let d): "{" + d.map { Self.pythonRepr($0.0) + ": " + $0.1.repr }.joined(separator: ", ") + "}"
        }
    }

    /// Python's float repr: the shortest round-trip digits, always with a '.' or an exponent.
    static func pythonFloat(_ d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        var s = "\(d)"  // Swift also prints the shortest round-trip form
        if let e = s.firstIndex(of: "e") {
            // Swift writes 1e-05 as "1e-05"; Python the same; Swift writes 1e+16 as "1e+16"; Python too.
            let mantissa = s[..<e], exp = s[s.index(after: e)...]
            var m = String(mantissa)
            if m.hasSuffix(".0") { m.removeLast(2) }
            let sign = exp.first == "-" ? "-" : "+"
            var digits = exp.drop(while: { $0 == "-" || $0 == "+" })
            while digits.count < 2 { digits = "0" + digits }
            s = m + "e" + sign + digits
        }
        return s
    }

    /// Python's string repr: single quotes unless the text has a single quote and no double quote.
    static func pythonRepr(_ s: String) -> String {
        let quote: Character = s.contains("'") && !s.contains("\"") ? "\"" : "'"
        var out = String(quote)
        for u in s.unicodeScalars {
            switch u {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if Character(u) == quote { out += "\\" + String(quote) }
                else if u.value < 0x20 || u.value == 0x7F { out += "\\x" + hex2(u.value) }
                else { out.unicodeScalars.append(u) }
            }
        }
        out.append(quote)
        return out
    }

    private static func hex2(_ v: UInt32) -> String {
        let h = String(v, radix: 16)
        return h.count < 2 ? "0" + h : h
    }

    /// Converts JSON: integers stay integers, other numbers become floats, as Python's json module does.
    public init(json: JSONValue) {
        switch json {
        case .null: self = .none
        case .bool(let b): self = .bool(b)
        case .number(let text):
            if let i = Int(text) { self = .int(i) } else { self = .double(Double(text) ?? .nan) }
        case .string(let s): self = .string(s)
        case .array(let a): self = .list(a.map(TemplateValue.init(json:)))
        case .object(let m): self = .dict(m.map { ($0.key, TemplateValue(json: $0.value)) })
        }
    }
}
