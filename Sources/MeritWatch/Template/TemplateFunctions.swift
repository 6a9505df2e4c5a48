import Foundation

extension TemplateValue {
    /// Python's type name, for error messages.
    var typeName: String {
        switch self {
        case .none: "None"
        case .bool: "a bool"
        case .int: "an int"
        case .double: "a float"
        case .string: "a string"
        case .list: "a list"
        case .dict: "a dict"
        }
    }
}

/// The operators, methods, filters and functions of the template subset, with Python's semantics.
enum TemplateFunctions {
    static func fail(_ m: String, _ at: String) -> WatchError { WatchError(.invalidTemplate, m, at: at) }

    static func iterate(_ v: TemplateValue, _ at: String) throws -> [TemplateValue] {
        switch v {
        case .list(let l): return l
        case .string(let s): return s.map { .string(String($0)) }
        case .dict(let d): return d.map { .string($0.0) }
        default: throw fail("cannot iterate over \(v.typeName)", at)
        }
    }

    static func int(_ v: TemplateValue, _ at: String) throws -> Int {
        switch v {
        case .int(let i): return i
        case .bool(let b): return b ? 1 : 0
        default: throw fail("expected an integer, got \(v.typeName)", at)
        }
    }

    static func index(_ base: TemplateValue, _ key: TemplateValue, _ at: String) throws -> TemplateValue {
        switch base {
        case .list, .string:
            let items = try iterate(base, at)
            var k = try int(key, at)
            if k < 0 { k += items.count }
            guard items.indices.contains(k) else { throw fail("index \(key.repr) is out of range for \(base.typeName) of length \(items.count)", at) }
            return items[k]
        case .dict:
            guard case .string(let s) = key, let v = base[s] else { throw fail("the dict has no key \(key.repr)", at) }
            return v
        default: throw fail("\(base.typeName) cannot be indexed", at)
        }
    }

    static func slice(_ base: TemplateValue, _ lo: TemplateValue?, _ hi: TemplateValue?, _ at: String) throws -> TemplateValue {
        let items = try iterate(base, at)
        func clamp(_ v: TemplateValue?, _ dflt: Int) throws -> Int {
            guard let v, v != .none else { return dflt }
            var k = try int(v, at)
            if k < 0 { k += items.count }
            return min(max(k, 0), items.count)
        }
        let a = try clamp(lo, 0), b = max(a, try clamp(hi, items.count))
        let part = Array(items[a..<b])
        if case .string = base { return .string(part.map(\.rendered).joined()) }
        return .list(part)
    }

    static func string(_ v: TemplateValue, _ what: String, _ at: String) throws -> String {
        guard case .string(let s) = v else { throw fail("\(what) expects a string, got \(v.typeName)", at) }
        return s
    }

    /// Python's str.split(): on runs of whitespace without a separator, else on each separator.
    static func split(_ s: String, _ sep: String?) -> [TemplateValue] {
        guard let sep else { return s.split(whereSeparator: { $0.isWhitespace }).map { .string(String($0)) } }
        return s.components(separatedBy: sep).map { .string($0) }
    }

    static func strip(_ s: String, _ chars: String?, left: Bool, right: Bool) -> String {
        let set: (Character) -> Bool = chars.map { cs in { cs.contains($0) } } ?? { $0.isWhitespace }
        var sub = Substring(s)
        if left { while let f = sub.first, set(f) { sub.removeFirst() } }
        if right { while let l = sub.last, set(l) { sub.removeLast() } }
        return String(sub)
    }

    static func method(_ base: TemplateValue, _ m: String, _ args: [TemplateValue], _ at: String) throws -> TemplateValue {
        let arg0 = args.first.flatMap { $0 == .none ? nil : $0 }
        switch (base, m) {
        case (.string(let s), "strip"): return .string(strip(s, try arg0.map { try string($0, "strip", at) }, left: true, right: true))
        case (.string(let s), "lstrip"): return .string(strip(s, try arg0.map { try string($0, "lstrip", at) }, left: true, right: false))
        case (.string(let s), "rstrip"): return .string(strip(s, try arg0.map { try string($0, "rstrip", at) }, left: false, right: true))
        case (.string(let s), "lower"): return .string(s.lowercased())
        case (.string(let s), "upper"): return .string(s.uppercased())
        case (.string(let s), "capitalize"): return .string(s.prefix(1).uppercased() + s.dropFirst().lowercased())
        case (.string(let s), "title"): return .string(s.capitalized)
        case (.string(let s), "split"): return .list(split(s, try arg0.map { try string($0, "split", at) }))
        case (.string(let s), "replace"):
            guard args.count == 2 else { throw fail("replace takes two arguments", at) }
            return .string(s.replacingOccurrences(of: try string(args[0], "replace", at), with: try string(args[1], "replace", at)))
        case (.string(let s), "startswith"): return .bool(s.hasPrefix(try string(arg0 ?? .none, "startswith", at)))
        case (.string(let s), "endswith"): return .bool(s.hasSuffix(try string(arg0 ?? .none, "endswith", at)))
        case (.string(let s), "join"): return .string(try iterate(arg0 ?? .none, at).map { try string($0, "join", at) }.joined(separator: s))
        case (.string(let s), "format"):
            var out = s
            for a in args { if let r = out.range(of: "{}") { out.replaceSubrange(r, with: a.rendered) } }
            return .string(out)
        case (.list(let l), "index"):
            guard let k = l.firstIndex(of: arg0 ?? .none) else { throw fail("\((arg0 ?? .none).repr) is not in the list", at) }
            return .int(k)
        case (.list(let l), "count"): return .int(l.filter { $0 == (arg0 ?? .none) }.count)
        case (.dict(let d), "keys"): return .list(d.map { .string($0.0) })
        case (.dict(let d), "values"): return .list(d.map(\.1))
        case (.dict(let d), "items"): return .list(d.map { .list([.string($0.0), $0.1]) })
        case (.dict, "get"):
            guard case .string(let k) = args.first ?? .none else { throw fail("get takes a key", at) }
            return base[k] ?? (args.count > 1 ? args[1] : .none)
        default: throw fail("\(base.typeName) has no method '\(m)' in the supported subset", at)
        }
    }

    static func function(_ f: String, _ args: [TemplateValue], _ at: String) throws -> TemplateValue {
        switch f {
        case "range":
            let nums = try args.map { try int($0, at) }
            let (lo, hi) = nums.count == 1 ? (0, nums[0]) : nums.count == 2 ? (nums[0], nums[1]) : (0, 0)
            return .list(lo < hi ? (lo..<hi).map { .int($0) } : [])
        case "len": return .int(try iterate(args.first ?? .none, at).count)
        case "str": return .string((args.first ?? .string("")).rendered)
        case "int":
            switch args.first ?? .none {
            case .int(let i): return .int(i)
            case .double(let d): return .int(Int(d))
            case .string(let s): if let i = Int(s.trimmingSpaces) { return .int(i) }
            default: break
            }
            throw fail("int() cannot convert \((args.first ?? .none).repr)", at)
        case "float":
            if let n = args.first?.number { return .double(n) }
            if case .string(let s) = args.first ?? .none, let d = Double(s.trimmingSpaces) { return .double(d) }
            throw fail("float() cannot convert \((args.first ?? .none).repr)", at)
        default: throw fail("the function \(f)() is outside the supported subset (range, len, str, int, float)", at)
        }
    }

    static func filter(_ v: TemplateValue, _ f: String, _ args: [TemplateValue], _ at: String) throws -> TemplateValue {
        switch f {
        case "trim": return .string(strip(v.rendered, nil, left: true, right: true))
        case "lower": return .string(v.rendered.lowercased())
        case "upper": return .string(v.rendered.uppercased())
        case "capitalize": return .string(v.rendered.prefix(1).uppercased() + v.rendered.dropFirst().lowercased())
        case "string": return .string(v.rendered)
        case "length", "count": return .int(try iterate(v, at).count)
        case "first": return try iterate(v, at).first ?? .none
        case "last": return try iterate(v, at).last ?? .none
        case "list": return .list(try iterate(v, at))
        case "int": return try function("int", [v], at)
        case "float": return try function("float", [v], at)
        case "join":
            let sep = args.first.map(\.rendered) ?? ""
            return .string(try iterate(v, at).map(\.rendered).joined(separator: sep))
        case "replace":
            guard args.count == 2 else { throw fail("the replace filter takes two arguments", at) }
            return .string(v.rendered.replacingOccurrences(of: args[0].rendered, with: args[1].rendered))
        case "default", "d": return v == .none ? (args.first ?? .string("")) : v
        case "regex_replace":
            // lm-eval registers this filter: re.sub(pattern, replacement, value).
            guard args.count == 2 else { throw fail("regex_replace takes a pattern and a replacement", at) }
            return .string(try PythonRegex(args[0].rendered, at: at).replace(in: v.rendered, with: args[1].rendered))
        default: throw fail("the filter '\(f)' is outside the supported subset", at)
        }
    }

    static func binary(_ op: String, _ l: TemplateValue, _ r: TemplateValue, _ at: String) throws -> TemplateValue {
        switch op {
        case "==": return .bool(l == r)
        case "!=": return .bool(l != r)
        case "~": return .string(l.rendered + r.rendered)
        case "in":
            switch r {
            case .string(let s): return .bool(s.contains(try string(l, "in", at)))
            case .list(let items): return .bool(items.contains(l))
            case .dict: if case .string(let k) = l { return .bool(r[k] != nil) }; return .bool(false)
            default: throw fail("'in' needs a string, list or dict on its right, not \(r.typeName)", at)
            }
        case "<", ">", "<=", ">=":
            let ord: Bool
            if let a = l.number, let b = r.number { ord = op == "<" ? a < b : op == ">" ? a > b : op == "<=" ? a <= b : a >= b }
            else if case .string(let a) = l, case .string(let b) = r {
                let x = Array(a.unicodeScalars.map(\.value)), y = Array(b.unicodeScalars.map(\.value))
                let lt = x.lexicographicallyPrecedes(y), gt = y.lexicographicallyPrecedes(x)
                ord = op == "<" ? lt : op == ">" ? gt : op == "<=" ? !gt : !lt
            } else { throw fail("cannot compare \(l.typeName) with \(r.typeName)", at) }
            return .bool(ord)
        case "+":
            switch (l, r) {
            case (.string(let a), .string(let b)): return .string(a + b)
            case (.list(let a), .list(let b)): return .list(a + b)
            default: break
            }
            fallthrough
        case "-", "*", "/", "//", "%":
            if case .string(let s) = l, op == "*", case .int(let n) = r { return .string(String(repeating: s, count: max(n, 0))) }
            if case .list(let s) = l, op == "*", case .int(let n) = r { return .list(Array([[TemplateValue]](repeating: s, count: max(n, 0)).joined())) }
            if case .int(let a) = l, case .int(let b) = r, op != "/" {
                switch op {
                case "+": return .int(a + b)
                case "-": return .int(a - b)
                case "*": return .int(a * b)
                default:
                    guard b != 0 else { throw fail("division by zero", at) }
                    let q = Int((Double(a) / Double(b)).rounded(.down))
                    return op == "//" ? .int(q) : .int(a - q * b)
                }
            }
            guard let a = l.number, let b = r.number else { throw fail("cannot apply '\(op)' to \(l.typeName) and \(r.typeName)", at) }
            switch op {
            case "+": return .double(a + b)
            case "-": return .double(a - b)
            case "*": return .double(a * b)
            case "/": guard b != 0 else { throw fail("division by zero", at) }; return .double(a / b)
            case "//": return .double((a / b).rounded(.down))
            default: return .double(a - (a / b).rounded(.down) * b)
            }
        default: throw fail("unknown operator '\(op)'", at)
        }
    }
}
